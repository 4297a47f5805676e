"""Multi-agency child protection teams and their section 47 enquiries: one path for the pages and the API, each
change checked and written to the audit action log in the same transaction.

    create_team / add_member / end_membership     the team and its members by discipline (team managers, MASH)
    missing_disciplines(team, on)                 which of the four disciplines the Act names it lacks
    open_enquiry(...)                             refused unless the team has all four and the strategy discussion
                                                  decided section 47 enquiries should start
    add_task / complete_task                      per-agency tasks with owners and due dates (D12 when overdue)
    record_outcome                                conference, child in need plan, early help or no further action,
                                                  always with reasons (R13, R14)
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from joinedup.agencies.models import AgencyKind
from joinedup.audit.services import log_action
from joinedup.core.reasons import Refused, require_text
from joinedup.cpteams.models import REGISTERED, REQUIRED, Discipline, Enquiry, Membership, Outcome, Task, Team
from joinedup.cpteams.selectors import may_manage_enquiry, may_manage_teams
from joinedup.people.selectors import visible_people

__all__ = ["Refused", "add_member", "add_task", "complete_task", "create_team", "end_membership", "missing_disciplines",
           "open_enquiry", "record_outcome"]

AGENCY_KINDS = {Discipline.EDUCATION: {AgencyKind.SCHOOL, AgencyKind.EDUCATION},
                Discipline.SOCIAL_WORK: {AgencyKind.SOCIAL_CARE, AgencyKind.MASH},
                Discipline.HEALTH: {AgencyKind.HEALTH}, Discipline.POLICE: {AgencyKind.POLICE}}


def _audit(actor, what: str, *, persons=(), reason: str = "", **detail) -> None:
    log_action(actor, f"CP team: {what}"[:60], persons=persons, reason=reason, detail=detail)


def _raise_overdue(person_id: int) -> None:
    from joinedup.prompts.deadlines import raise_overdue

    raise_overdue(person_ids=[person_id])


def _manager(actor) -> None:
    if not may_manage_teams(actor):
        raise Refused({"__all__": "Teams are set up by team managers and the MASH for the safeguarding partners."})


def missing_disciplines(team: Team, on: date | None = None) -> list[str]:
    """The disciplines the Act requires that have no current member (in words), in the Act's order."""
    on = on or timezone.localdate()
    present = {m.discipline for m in team.memberships.all() if m.current(on)}
    return [Discipline(d).label for d in REQUIRED if d not in present]


@transaction.atomic
def create_team(*, actor, name: str, area: str = "") -> Team:
    _manager(actor)
    name = (name or "").strip()
    if not name:
        raise Refused({"name": "Name the team."})
    if Team.objects.filter(name__iexact=name).exists():
        raise Refused({"name": "A team of that name exists."})
    team = Team.objects.create(name=name, area=(area or "").strip(), created_by=actor)
    _audit(actor, "team created", team=team.pk, name=name)
    return team


@transaction.atomic
def add_member(team: Team, *, actor, discipline: str, role: str, user=None, name: str = "", agency=None,
               registration: str = "", nominated_by: str = "", start_date: date | None = None) -> Membership:
    """A member in one discipline; their agency must be of that discipline, and a health professional or social
    worker gives their professional registration (health: and the ICB that nominated them)."""
    _manager(actor)
    errors: dict = {}
    if discipline not in Discipline.values:
        errors["discipline"] = ["Choose the member's discipline."]
    if user is not None:
        agency, name = user.agency, ""
        if not user.is_active:
            errors["user"] = ["That account is not active."]
    elif not (name or "").strip():
        errors["user"] = ["Choose a JoinedUp user, or give the member's name and agency."]
    if agency is None:
        errors["agency"] = ["Give the member's agency."]
    elif discipline in AGENCY_KINDS and agency.kind not in AGENCY_KINDS[discipline]:
        errors["agency"] = [f"A {Discipline(discipline).label.lower()} member comes from "
                            f"{' or '.join(sorted(str(AgencyKind(k).label).lower() for k in AGENCY_KINDS[discipline]))}; "
                            f"{agency.name} is {agency.get_kind_display().lower()}."]
    if not (role or "").strip():
        errors["role"] = ["Give the member's role."]
    if discipline in REGISTERED and not (registration or "").strip():
        errors["registration"] = ["Give the professional registration (the Act names a registered health professional "
                                  "and a social worker)."]
    if discipline == Discipline.HEALTH and not (nominated_by or "").strip():
        errors["nominated_by"] = ["Say which integrated care board nominated this health professional."]
    start_date = start_date or timezone.localdate()
    if user is not None and team.memberships.filter(user=user, discipline=discipline, end_date__isnull=True).exists():
        errors["user"] = ["Already a current member in this discipline."]
    if errors:
        raise Refused(errors)
    member = Membership.objects.create(team=team, user=user, name=(name or "").strip(), agency=agency,
                                       discipline=discipline, role=role.strip(), registration=registration.strip(),
                                       nominated_by=nominated_by.strip(), start_date=start_date, added_by=actor)
    _audit(actor, "member added", team=team.pk, member=member.pk, discipline=discipline)
    return member


@transaction.atomic
def end_membership(member: Membership, *, actor, end_date: date | None = None, reason: str = "") -> Membership:
    _manager(actor)
    member = Membership.objects.select_for_update().get(pk=member.pk)
    end_date = end_date or timezone.localdate()
    errors: dict = {}
    if member.end_date is not None:
        errors["__all__"] = ["This membership has already ended."]
    elif end_date < member.start_date:
        errors["end_date"] = ["A membership cannot end before it started."]
    reason = require_text(errors, "reason", reason, "Say why the membership ends (left the role, moved team).",
                          min_chars=10, min_words=2)
    if errors:
        raise Refused(errors)
    member.end_date = end_date
    member.save(update_fields=["end_date"])
    _audit(actor, "member left", reason=reason, team=member.team_id, member=member.pk)
    return member


def _opener(actor, person) -> None:
    if not (actor.is_authenticated and actor.reads_case_data and actor.agency_id
            and actor.agency.kind in (AgencyKind.SOCIAL_CARE, AgencyKind.MASH)):
        raise Refused({"__all__": "Section 47 enquiries are opened by children's social care or the MASH (the local "
                                  "authority's duty)."})
    if not visible_people(actor).filter(pk=person.pk).exists():
        raise Refused({"__all__": "You may not open this child's record."})


@transaction.atomic
def open_enquiry(*, actor, person, team: Team | None, strategy_discussion, lead, concerns: str,
                 started_on: date | None = None) -> Enquiry:
    """A section 47 enquiry for a team: only one with all four disciplines may take it (CWSA 2026 s.3)."""
    from joinedup.meetings.models import STRATEGY_KINDS, DecisionKind

    _opener(actor, person)
    started_on = started_on or timezone.localdate()
    errors: dict = {}
    if team is None or not team.active:
        errors["team"] = ["Choose an active multi-agency child protection team."]
    else:
        missing = missing_disciplines(team, started_on)
        if missing:
            errors["team"] = [f"{team.name} cannot take a section 47 enquiry: it has no current member for "
                              f"{', '.join(m.lower() for m in missing)}. The Act requires education, social work, "
                              "health and police members."]
    if strategy_discussion is None or strategy_discussion.person_id != person.pk or \
            strategy_discussion.kind not in STRATEGY_KINDS:
        errors["strategy_discussion"] = ["Choose the strategy discussion about this child the enquiry comes from."]
    elif not strategy_discussion.decisions.filter(kind=DecisionKind.SECTION_47).exists():
        errors["strategy_discussion"] = ["That strategy discussion did not record a decision that section 47 "
                                         "enquiries should start: record the decision there first."]
    elif Enquiry.objects.filter(strategy_discussion=strategy_discussion).exists():
        errors["strategy_discussion"] = ["An enquiry from that strategy discussion is already open."]
    elif started_on < strategy_discussion.held_on:
        errors["started_on"] = ["An enquiry cannot start before the strategy discussion that decided it."]
    if started_on > timezone.localdate():
        errors["started_on"] = ["The start cannot be in the future."]
    if team is not None and lead is not None and not team.memberships.filter(
            user=lead, discipline=Discipline.SOCIAL_WORK, start_date__lte=started_on).exclude(
            end_date__lt=started_on).exists():
        errors["lead"] = ["The lead must be a current social work member of the team."]
    elif lead is None:
        errors["lead"] = ["Name the social worker who leads the enquiry."]
    concerns = require_text(errors, "concerns", concerns, "Say what the enquiry is about: the concerns the strategy "
                                                          "discussion agreed.", min_chars=20, min_words=4)
    if errors:
        raise Refused(errors)
    enquiry = Enquiry.objects.create(person=person, team=team, strategy_discussion=strategy_discussion, lead=lead,
                                     started_on=started_on, concerns=concerns, created_by=actor)
    _audit(actor, "s47 enquiry opened", persons=[person.pk], enquiry=enquiry.pk, team=team.pk,
           strategy_discussion=strategy_discussion.pk)
    _raise_overdue(person.pk)
    return enquiry


def _managing(actor, enquiry: Enquiry) -> None:
    if not may_manage_enquiry(actor, enquiry):
        raise Refused({"__all__": "Only the enquiry's lead, the person who opened it or the MASH changes it."})


@transaction.atomic
def add_task(enquiry: Enquiry, *, actor, discipline: str, description: str, due_on: date | None, owner=None,
             owner_name: str = "", owner_agency=None) -> Task:
    """A task for one agency, owned by a JoinedUp user or a named person of that agency, due by a date."""
    _managing(actor, enquiry)
    errors: dict = {}
    if not enquiry.open:
        errors["__all__"] = ["The enquiry has its outcome; record new work in the plan or at the conference."]
    if discipline not in Discipline.values:
        errors["discipline"] = ["Choose which agency's task it is."]
    description = require_text(errors, "description", description, "Say what is to be done, and by whom.",
                               min_chars=10, min_words=3)
    if owner is not None:
        owner_name, owner_agency = "", owner.agency
    elif not (owner_name or "").strip() or owner_agency is None:
        errors["owner"] = ["Name the task's owner: a JoinedUp user, or a name and their agency."]
    if due_on is None:
        errors["due_on"] = ["Give the date the task is due by."]
    elif due_on < enquiry.started_on:
        errors["due_on"] = ["A task cannot be due before the enquiry started."]
    if errors:
        raise Refused(errors)
    set_on = max(enquiry.started_on, min(timezone.localdate(), due_on))
    task = Task.objects.create(enquiry=enquiry, discipline=discipline, description=description, owner=owner,
                               owner_name=(owner_name or "").strip(), owner_agency=owner_agency, set_on=set_on,
                               due_on=due_on, created_by=actor)
    _audit(actor, "s47 task set", persons=[enquiry.person_id], enquiry=enquiry.pk, task=task.pk, due_on=str(due_on))
    _raise_overdue(enquiry.person_id)
    return task


@transaction.atomic
def complete_task(task: Task, *, actor, note: str, completed_on: date | None = None) -> Task:
    task = Task.objects.select_for_update().select_related("enquiry").get(pk=task.pk)
    if task.owner_id != actor.pk and not may_manage_enquiry(actor, task.enquiry):
        raise Refused({"__all__": "Only the task's owner or the enquiry's lead records it as done."})
    completed_on = completed_on or timezone.localdate()
    errors: dict = {}
    if task.completed_on:
        errors["__all__"] = [f"This task was recorded as done on {task.completed_on:%-d %b %Y}."]
    if completed_on > timezone.localdate() or completed_on < task.set_on:
        errors["completed_on"] = ["The day it was done must be between the day it was set and today."]
    note = require_text(errors, "note", note, "Say what was done (and what it found).", min_chars=10, min_words=3)
    if errors:
        raise Refused(errors)
    task.completed_on, task.completion_note, task.completed_by = completed_on, note, actor
    task.save(update_fields=["completed_on", "completion_note", "completed_by"])
    _audit(actor, "s47 task done", persons=[task.enquiry.person_id], reason=note, task=task.pk)
    return task


@transaction.atomic
def record_outcome(enquiry: Enquiry, *, actor, outcome: str, reasons: str) -> Enquiry:
    """The enquiry's outcome, with reasons; no further action needs reasons as much as any decision (R14)."""
    _managing(actor, enquiry)
    enquiry = Enquiry.objects.select_for_update().get(pk=enquiry.pk)
    errors: dict = {}
    if not enquiry.open:
        errors["__all__"] = ["The outcome is recorded."]
    if outcome not in Outcome.values:
        errors["outcome"] = ["Choose the outcome."]
    reasons = require_text(errors, "reasons", reasons,
                           "Write the reasons: what the enquiry found from each agency, what the child said, and why "
                           "this outcome. A decision to take no further action needs reasons as much as any other.",
                           min_chars=40, min_words=7)
    if errors:
        raise Refused(errors)
    enquiry.outcome, enquiry.outcome_reasons = outcome, reasons
    enquiry.outcome_on, enquiry.outcome_by = timezone.localdate(), actor
    enquiry.save(update_fields=["outcome", "outcome_reasons", "outcome_on", "outcome_by"])
    _audit(actor, f"s47 outcome: {outcome}", persons=[enquiry.person_id], reason=reasons, enquiry=enquiry.pk)
    _raise_overdue(enquiry.person_id)
    return enquiry
