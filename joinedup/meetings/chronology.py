"""Meetings on the child's chronology: each meeting (who took part), each decision with its reasons, and each
action recorded as done with what was done. Shown to readers who may read the meeting (selectors)."""

from __future__ import annotations

from django.urls import reverse

from joinedup.chronology.entries import ChronologyEntry
from joinedup.chronology.sources import ChronologyContext, register_source
from joinedup.meetings.models import AgencyAttendance, MeetingAction, MeetingDecision, MeetingKind
from joinedup.meetings.selectors import visible_meetings

__all__ = ["register"]

_KINDS = ([(f"meeting.{code}", label, "meeting") for code, label in MeetingKind.choices]
          + [("meeting.decision", "Decision at a meeting", "decision"),
             ("meeting.action_done", "Meeting action done", "meeting")])


def _agency(user) -> tuple[str, str]:
    return (user.agency.name, user.agency.code) if user.agency_id else ("JoinedUp", "joinedup")


def _who(user) -> str:
    return user.get_full_name() or user.username


def _attendance(meeting) -> tuple[str, ...]:
    groups: dict[str, list[str]] = {}
    for invitation in meeting.invitations.all():
        groups.setdefault(invitation.get_attendance_display(), []).append(invitation.agency.name)
    order = [label for _, label in AgencyAttendance.choices]
    return tuple(f"{label}: {', '.join(groups[label])}" for label in order if label in groups)


def meetings(context: ChronologyContext):
    found = list(visible_meetings(context.user).filter(person=context.person)
                 .prefetch_related("invitations__agency").select_related("chair__agency"))
    for meeting in found:
        agency, code = _agency(meeting.chair)
        circulated = (f"minutes circulated {meeting.minutes_circulated_at:%-d %b %Y}" if meeting.minutes_circulated_at
                      else "minutes not yet circulated")
        yield ChronologyEntry(
            key=f"meeting:{meeting.pk}", when=meeting.held_on, time_known=False, recorded_at=meeting.created_at,
            agency=agency, agency_code=code, kind=f"meeting.{meeting.kind}", group="meeting",
            title=meeting.get_kind_display(), significance="meeting",
            significance_label="significant — multi-agency meeting", author=_who(meeting.chair),
            author_role="chair", source="first-hand", details=(f"Chair: {_who(meeting.chair)}", *_attendance(meeting)),
            note=meeting.purpose, action=circulated, link=reverse("meetings:detail", args=[meeting.pk]),
            origin="meetings")
    ids = [m.pk for m in found]
    for decision in MeetingDecision.objects.filter(meeting_id__in=ids).select_related("meeting", "recorded_by__agency"):
        meeting = decision.meeting
        agency, code = _agency(meeting.chair)
        yield ChronologyEntry(
            key=f"meeting-decision:{decision.pk}", when=meeting.held_on, time_known=False,
            recorded_at=decision.recorded_at, agency=agency, agency_code=code, kind="meeting.decision",
            group="decision", title=f"Decision at the {meeting.get_kind_display().lower()}: {decision}",
            significance="decision", significance_label="significant — decision by a multi-agency meeting",
            author=_who(decision.recorded_by), author_role="recorded the decision", source="first-hand",
            note=decision.reasons, action=decision.get_kind_display(),
            link=reverse("meetings:detail", args=[meeting.pk]), origin="meetings")
    done = (MeetingAction.objects.filter(meeting_id__in=ids, completed_on__isnull=False)
            .select_related("meeting", "completed_by__agency", "owner__agency", "owner_agency"))
    for action in done:
        agency, code = _agency(action.completed_by)
        late = (action.completed_on - action.due_on).days
        yield ChronologyEntry(
            key=f"meeting-action:{action.pk}", when=action.completed_on, time_known=False,
            agency=agency, agency_code=code, kind="meeting.action_done", group="meeting",
            title=f"Action from the {action.meeting.label} done: {action.description[:120]}",
            significance="meeting", significance_label="significant — multi-agency meeting",
            author=_who(action.completed_by), author_role="recorded as done", source="first-hand",
            note=action.completion_note, action=f"owner: {action.owner_words()}; due {action.due_on:%-d %b %Y}",
            outcome=f"done {late} day{'s' * (late != 1)} after its due date" if late > 0 else "done by its due date",
            link=reverse("meetings:detail", args=[action.meeting_id]), origin="meetings")


def register() -> None:
    register_source("meetings", meetings, kinds=_KINDS)
