"""Which prompts a user sees: those for people they may open, addressed to them, their role or their team."""

from django.db.models import Q, QuerySet

from joinedup.accounts.models import Role
from joinedup.people.selectors import visible_people
from joinedup.prompts.models import Prompt, Status

__all__ = ["RECIPIENT_ROLES", "prompts_for", "queue_for"]

# The catalogue's recipients, and the roles whose queues hold a prompt addressed to them. A prompt for the
# allocated worker also sits in MASH's queue until it has a named worker, so nothing lands nowhere.
RECIPIENT_ROLES: dict[str, set[str]] = {
    "allocated_worker": {Role.TEAM_MANAGER},
    "mash": {Role.MASH_OFFICER},
    "dsl": {Role.DSL},
    "team_manager": {Role.TEAM_MANAGER},
    "practitioner": {Role.PRACTITIONER, Role.DSL},
}


def prompts_for(user) -> QuerySet[Prompt]:
    """Every prompt (open or decided) about a person the user may open."""
    return Prompt.objects.filter(person__in=visible_people(user)).select_related("person", "assigned_to")


def queue_for(user) -> QuerySet[Prompt]:
    """The user's open prompts: assigned to them by name, or addressed to their role (or their team)."""
    roles = [recipient for recipient, holders in RECIPIENT_ROLES.items() if user.role in holders]
    addressed = Q(assigned_to=user) | Q(assigned_to__isnull=True, recipient__in=roles)
    if user.role == Role.MASH_OFFICER:
        addressed |= Q(assigned_to__isnull=True, recipient="allocated_worker")
    if user.team:
        addressed |= Q(assigned_to__isnull=True, team=user.team)
    return prompts_for(user).filter(addressed, status=Status.OPEN)
