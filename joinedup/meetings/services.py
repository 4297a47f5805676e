"""Recording a meeting: every change is checked (the child visible, the role allowed, the words written) and
written to the action log in the same transaction; overdue deadlines for the child are raised at once.

The web pages and the REST API both call these functions, so they refuse the same things with the same words.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from joinedup.audit.services import log_action
from joinedup.core.reasons import is_trivial
from joinedup.language.services import check_note
from joinedup.meetings import notify
from joinedup.meetings.models import (
    AgencyAttendance,
    DecisionKind,
    Invitation,
    Meeting,
    MeetingAction,
    MeetingDecision,
    MeetingKind,
)
from joinedup.meetings.selectors import may_complete, may_manage, users_who_see
from joinedup.people.selectors import visible_people

__all__ = ["MeetingRefused", "NotAllowed", "add_action", "circulate_minutes", "complete_action", "create_meeting", "invite",
           "record_attendance", "record_decision", "save_minutes", "written"]


class MeetingRefused(ValueError):
    """A change that may not be made as given; the message says why, in words a practitioner can act on."""


class NotAllowed(MeetingRefused):
    """The user's role or part in the meeting does not allow this change (HTTP 403)."""


def written(text: str | None, what: str) -> str:
    """`text` stripped, or MeetingRefused when it is empty or says nothing ("done", "as discussed", "n/a")."""
    text = (text or "").strip()
    if is_trivial(text, min_chars=10, min_words=3):
        raise MeetingRefused(f"Write {what} in a sentence or two: a word such as “done” or “as discussed” "
                             "does not tell the next reader what happened.")
    return text


def _link(meeting: Meeting, base: str = "") -> str:
    return base.rstrip("/") + reverse("meetings:detail", args=[meeting.pk])


def _raise_overdue(person_id: int) -> None:
    from joinedup.prompts.deadlines import raise_overdue

    raise_overdue(person_ids=[person_id])


def _reader(user, person) -> None:
    if not user.reads_case_data:
        raise NotAllowed("Meetings are about individual children; your role does not read case records.")
    if not visible_people(user).filter(pk=person.pk).exists():
        raise NotAllowed("You may not open this child's record.")


def _manager(user, meeting: Meeting) -> None:
    if not may_manage(user, meeting):
        raise NotAllowed("Only the meeting's chair or the person who recorded it may change its record.")


def _held(meeting: Meeting, what: str) -> None:
    if meeting.held_on > timezone.localdate():
        raise MeetingRefused(f"The meeting is planned for {meeting.held_on:%-d %b %Y}: record {what} once it has been held.")


def _not_circulated(meeting: Meeting, what: str) -> None:
    if meeting.minutes_locked:
        raise MeetingRefused(f"The minutes were circulated on {timezone.localtime(meeting.minutes_circulated_at):%-d %b %Y}; "
                             f"{what} can no longer change. Record anything new at the next meeting.")


def _audit(actor, what: str, meeting: Meeting, reason: str = "", **detail) -> None:
    log_action(actor, f"meeting: {what}", persons=[meeting.person_id], reason=reason,
               detail={"meeting": meeting.pk, "kind": meeting.kind, **detail})


@transaction.atomic
def create_meeting(*, person, kind: str, held_on: date, chair, organiser, purpose: str, agencies: Iterable,
                   child_views: str = "") -> Meeting:
    """Record a meeting about a child (held, or planned), with the agencies invited."""
    _reader(organiser, person)
    if person.person_type != "child":
        raise MeetingRefused("Meetings here are about a child; choose the child the meeting is about.")
    if kind not in MeetingKind.values:
        raise MeetingRefused("Choose the kind of meeting.")
    if chair is None or not users_who_see(person).filter(pk=chair.pk).exists():
        raise MeetingRefused("The chair must be someone who may open this child's record in JoinedUp.")
    purpose = written(purpose, "the meeting's purpose (what it must decide or plan)")
    agencies = list(dict.fromkeys(agencies))
    if not agencies:
        raise MeetingRefused("Invite at least one agency: these are multi-agency meetings.")
    meeting = Meeting.objects.create(person=person, kind=kind, held_on=held_on, chair=chair, organiser=organiser,
                                     purpose=purpose, child_views=(child_views or "").strip())
    Invitation.objects.bulk_create([Invitation(meeting=meeting, agency=agency) for agency in agencies])
    _audit(organiser, "recorded", meeting, held_on=str(held_on), chair=chair.pk,
           invited=sorted(a.code for a in agencies))
    _raise_overdue(person.pk)
    return meeting


@transaction.atomic
def invite(meeting: Meeting, agencies: Iterable, *, actor) -> list[Invitation]:
    _manager(actor, meeting)
    _not_circulated(meeting, "who was invited")
    have = set(meeting.invitations.values_list("agency_id", flat=True))
    new = [Invitation(meeting=meeting, agency=a) for a in dict.fromkeys(agencies) if a.pk not in have]
    Invitation.objects.bulk_create(new)
    if new:
        _audit(actor, "agencies invited", meeting, invited=sorted(i.agency.code for i in new))
    return new


@transaction.atomic
def record_attendance(meeting: Meeting, *, agency, attendance: str, actor, represented_by: str = "",
                      note: str = "") -> Invitation:
    """How an invited agency took part: attended, sent apologies, sent a report, or did not attend."""
    _manager(actor, meeting)
    _held(meeting, "attendance")
    _not_circulated(meeting, "attendance")
    if attendance not in AgencyAttendance.values or attendance == AgencyAttendance.NOT_RECORDED:
        raise MeetingRefused("Choose how the agency took part.")
    invitation = meeting.invitations.filter(agency=agency).first()
    if invitation is None:
        raise MeetingRefused(f"{agency.name} was not invited; invite the agency first.")
    represented_by = (represented_by or "").strip()
    if attendance in (AgencyAttendance.ATTENDED, AgencyAttendance.REPORT) and not represented_by:
        raise MeetingRefused(f"Say who represented {agency.name} (name and role).")
    invitation.attendance, invitation.represented_by, invitation.note = attendance, represented_by, (note or "").strip()
    invitation.recorded_by, invitation.recorded_at = actor, timezone.now()
    invitation.save()
    _audit(actor, "attendance recorded", meeting, agency=agency.code, attendance=attendance)
    return invitation


@transaction.atomic
def save_minutes(meeting: Meeting, *, minutes: str, actor, child_views: str | None = None) -> list[dict]:
    """Save the minutes (until they are circulated); returns what the language checker flagged in them."""
    _manager(actor, meeting)
    _held(meeting, "the minutes")
    _not_circulated(meeting, "the minutes")
    meeting.minutes = (minutes or "").strip()
    if child_views is not None:
        meeting.child_views = child_views.strip()
    meeting.minutes_language_findings = check_note(meeting.minutes + "\n" + meeting.child_views, person=meeting.person,
                                                  written_on=meeting.held_on)  # the child's age at the meeting
    meeting.save(update_fields=["minutes", "child_views", "minutes_language_findings"])
    _audit(actor, "minutes saved", meeting, flagged=[f["matched_text"] for f in meeting.minutes_language_findings])
    return meeting.minutes_language_findings


def circulate_minutes(meeting: Meeting, *, actor, link_base: str = "") -> list:
    """Circulate the minutes to the invited agencies' users who may open the child (and every action owner):
    record the time, lock the minutes and email each of them a link."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _manager(actor, meeting)
        _held(meeting, "the minutes")
        _not_circulated(meeting, "the minutes")
        if len(meeting.minutes.strip()) < 20:
            raise MeetingRefused("Write the minutes before circulating them.")
        waiting = [i.agency.name for i in meeting.invitations.select_related("agency")
                   if i.attendance == AgencyAttendance.NOT_RECORDED]
        if waiting:
            raise MeetingRefused("Record how each invited agency took part before circulating the minutes: "
                                 + ", ".join(waiting) + ".")
        invited = meeting.invitations.values("agency_id")
        owners = meeting.actions.exclude(owner__isnull=True).values("owner_id")
        recipients = list(users_who_see(meeting.person).filter(Q(agency_id__in=invited) | Q(pk__in=owners)))
        meeting.minutes_circulated_at = timezone.now()
        meeting.minutes_circulated_by = actor
        meeting.minutes_circulated_to = sorted(u.username for u in recipients)
        meeting.save(update_fields=["minutes_circulated_at", "minutes_circulated_by", "minutes_circulated_to"])
        _audit(actor, "minutes circulated", meeting, recipients=meeting.minutes_circulated_to,
               emailed=sorted(u.username for u in recipients if u.email))
    notify.minutes_circulated(meeting, recipients, _link(meeting, link_base))
    return recipients


@transaction.atomic
def record_decision(meeting: Meeting, *, kind: str, reasons: str, actor, detail: str = "") -> MeetingDecision:
    """A decision the meeting made, with its reasons; shown on the child's chronology."""
    _manager(actor, meeting)
    _held(meeting, "decisions")
    _not_circulated(meeting, "the decisions")
    if kind not in DecisionKind.values:
        raise MeetingRefused("Choose what was decided.")
    detail = (detail or "").strip()
    if kind == DecisionKind.OTHER and not detail:
        raise MeetingRefused("Say what was decided.")
    reasons = written(reasons, "the reasons for the decision")
    decision = MeetingDecision.objects.create(meeting=meeting, kind=kind, detail=detail, reasons=reasons,
                                              recorded_by=actor)
    _audit(actor, f"decision: {kind}", meeting, reason=reasons, decision=decision.pk)
    return decision


def add_action(meeting: Meeting, *, description: str, due_on: date, actor, owner=None, owner_name: str = "",
               owner_agency=None, link_base: str = "") -> MeetingAction:
    """An action the meeting agreed, owned by a JoinedUp user who may open the child, or by a named person
    and their agency. The owner is emailed; an action already past its due date raises its prompt at once."""
    with transaction.atomic():
        _manager(actor, meeting)
        _held(meeting, "actions")
        description = written(description, "the action (what is to be done, and for the child what it should change)")
        owner_name = (owner_name or "").strip()
        if owner is not None:
            if not users_who_see(meeting.person).filter(pk=owner.pk).exists():
                raise MeetingRefused(f"{owner.get_full_name() or owner.username} may not open this child's record in "
                                     "JoinedUp: name the owner and their agency instead, and the chair will follow it up.")
            owner_name, owner_agency = "", None
        elif not owner_name or owner_agency is None:
            raise MeetingRefused("Name the action's owner: a JoinedUp user, or a name and their agency.")
        if due_on is None:
            raise MeetingRefused("Give the date the action is due by.")
        if due_on < meeting.held_on:
            raise MeetingRefused("The due date cannot be before the meeting.")
        action = MeetingAction.objects.create(meeting=meeting, description=description, owner=owner,
                                              owner_name=owner_name, owner_agency=owner_agency,
                                              agreed_on=meeting.held_on, due_on=due_on, created_by=actor)
        _audit(actor, "action agreed", meeting, action=action.pk, owner=owner.pk if owner else owner_name,
               due_on=str(due_on))
        _raise_overdue(meeting.person_id)
    if owner is not None and owner.pk != actor.pk:
        notify.action_assigned(action, _link(meeting, link_base))
    return action


@transaction.atomic
def complete_action(action: MeetingAction, *, note: str, actor, completed_on: date | None = None) -> MeetingAction:
    """Record an action as done: only with a note of what was done (shown on the child's chronology)."""
    action = MeetingAction.objects.select_for_update().select_related("meeting").get(pk=action.pk)
    if not may_complete(actor, action):
        raise NotAllowed("Only the action's owner, or the meeting's chair, may record it as done.")
    if action.done:
        raise MeetingRefused(f"This action was recorded as done on {action.completed_on:%-d %b %Y}.")
    completed_on = completed_on or timezone.localdate()
    if completed_on > timezone.localdate():
        raise MeetingRefused("An action cannot be recorded as done on a day still to come.")
    if completed_on < action.agreed_on:
        raise MeetingRefused("An action cannot be done before the meeting that agreed it.")
    action.completion_note = written(note, "what was done")
    action.completed_on, action.completed_by = completed_on, actor
    action.save(update_fields=["completion_note", "completed_on", "completed_by"])
    _audit(actor, "action done", action.meeting, reason=action.completion_note, action=action.pk,
           completed_on=str(completed_on), days_late=max((completed_on - action.due_on).days, 0))
    return action
