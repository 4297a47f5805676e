"""Which prompts a user sees: those about people they may open; their queue is what is addressed to them.

A prompt goes to the child's allocated worker by name. With no allocated worker it goes to a team's queue
(MASH by default), so nothing lands nowhere; MASH officers hold every prompt that has no named worker.
"""

from django.db.models import Q, QuerySet

from joinedup.people.selectors import visible_people
from joinedup.prompts.models import Prompt, Status

__all__ = ["prompts_for", "queue_for"]


def prompts_for(user) -> QuerySet[Prompt]:
    """Every prompt (open or decided) about a person the user may open."""
    return Prompt.objects.filter(person__in=visible_people(user)).select_related("person", "assigned_to")


def queue_for(user) -> QuerySet[Prompt]:
    """The user's open prompts: assigned to them by name, or unassigned in their team's queue."""
    addressed = Q(assigned_to=user)
    if user.sees_whole_picture:
        addressed |= Q(assigned_to__isnull=True)
    elif user.team:
        addressed |= Q(assigned_to__isnull=True, team=user.team)
    return prompts_for(user).filter(addressed, status=Status.OPEN)
