"""Which prompts a user sees: those about people they may open; their queue is what is addressed to them.

A prompt goes to the child's allocated worker by name. With no allocated worker it goes to a team's queue
(MASH by default), so nothing lands nowhere; MASH officers hold every prompt that has no named worker.

A context prompt (about a place, group or adult connecting children: joinedup/network/prompts.py) names
children other users may not know of, so only whole-picture users (MASH) see it.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from joinedup.accounts.models import Role
from joinedup.people.selectors import visible_people
from joinedup.prompts.models import Agreement, Prompt, PromptDecision, Status

__all__ = ["about_a_context", "awaiting_agreement_by", "may_decide", "prompts_for", "queue_for"]


def about_a_context() -> Q:
    """Context prompts: about a context, or naming the children an adult or group connects."""
    return Q(context__isnull=False) | Q(Exists(Prompt.children.through.objects.filter(prompt_id=OuterRef("pk"))))


def prompts_for(user) -> QuerySet[Prompt]:
    """Every prompt (open or decided) about a person the user may open; context prompts for whole-picture users."""
    prompts = Prompt.objects.select_related("person", "assigned_to", "context")
    if user.is_authenticated and user.reads_case_data and user.sees_whole_picture:
        return prompts.filter(Q(person__in=visible_people(user)) | Q(person__isnull=True))
    return prompts.filter(person__in=visible_people(user)).exclude(about_a_context())


def queue_for(user) -> QuerySet[Prompt]:
    """The user's open prompts: assigned to them by name, or unassigned in their team's queue."""
    addressed = Q(assigned_to=user)
    if user.sees_whole_picture:
        addressed |= Q(assigned_to__isnull=True)
    elif user.team:
        addressed |= Q(assigned_to__isnull=True, team=user.team)
    return prompts_for(user).filter(addressed, status=Status.OPEN)


def may_decide(user, prompt: Prompt) -> bool:
    """Who may decide a prompt: its addressee (the named worker, or the team whose queue it sits in), a member
    of the named worker's team in the same agency, or the MASH. Others who may read it cannot close it: a
    teacher who opens a MASH prompt about domestic abuse reads it but does not decide it (issue 16 item 5)."""
    if not (user.is_authenticated and user.reads_case_data):
        return False
    if user.sees_whole_picture or prompt.assigned_to_id == user.pk:
        return True
    worker = prompt.assigned_to
    if worker is not None:
        return bool(user.team) and user.team == worker.team and user.agency_id == worker.agency_id
    return bool(prompt.team) and user.team == prompt.team


def awaiting_agreement_by(user) -> QuerySet[Prompt]:
    """Prompts whose dismissal or "no further action" awaits this manager's agreement: decided by someone else in
    their agency (a MASH manager agrees the MASH's decisions, and may read those prompts to do so)."""
    if not (user.is_authenticated and user.is_active and user.role in (Role.TEAM_MANAGER, Role.DSL)
            and user.agency_id):
        return Prompt.objects.none()
    awaiting = PromptDecision.objects.filter(
        prompt=OuterRef("pk"), agreement=Agreement.AWAITING, agency_code=user.agency.code).exclude(decided_by=user)
    return Prompt.objects.select_related("person", "assigned_to", "context").filter(Exists(awaiting), status=Status.OPEN)
