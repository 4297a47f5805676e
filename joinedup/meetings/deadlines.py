"""Meetings as casework records for the deadline rules (engine/casework/deadlines.yaml):

    D05 meeting_action        an action not done by its due date          -> its owner, or the chair
    D06 meeting               minutes not circulated in 5 working days    -> the chair
    D08 strategy_discussion   section 47 enquiries with no initial conference within 15 working days of the
                              (last) strategy discussion                   -> the strategy discussion's chair
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from joinedup.meetings.models import (
    CONFERENCE_KINDS,
    STRATEGY_KINDS,
    DecisionKind,
    Meeting,
    MeetingAction,
    MeetingDecision,
)
from joinedup.prompts.deadlines import short_label

__all__ = ["MEETING_LINKS", "meeting_records", "register_section_47_conclusions"]

# Other apps that record how a section 47 enquiry concluded without a conference (the multi-agency child protection
# teams' enquiries): fn(strategy_ids) -> {strategy discussion id: the day it concluded}. D08 is met on that day.
_CONCLUSIONS: dict = {}


def register_section_47_conclusions(name: str, source) -> None:
    _CONCLUSIONS[name] = source


def _meeting_link(meeting_id):
    return None if meeting_id is None else reverse("meetings:detail", args=[meeting_id])


# Where each kind of record below is read: an action and a strategy discussion on their meeting's page.
MEETING_LINKS = {
    "meeting": _meeting_link,
    "strategy_discussion": _meeting_link,
    "meeting_action": lambda key: _meeting_link(
        MeetingAction.objects.filter(pk=key).values_list("meeting_id", flat=True).first()),
}


def _for(queryset, person_ids, field: str):
    return queryset if person_ids is None else queryset.filter(**{f"{field}__in": list(person_ids)})


def meeting_records(person_ids=None):
    """Open meeting records (minutes not circulated, actions not done, section 47 with no conference yet)."""
    meetings = _for(Meeting.objects.filter(minutes_circulated_at__isnull=True), person_ids, "person_id")
    for meeting in meetings.only("pk", "person_id", "held_on", "kind", "chair_id"):
        yield {"kind": "meeting", "key": meeting.pk, "person_key": meeting.person_id, "held_on": meeting.held_on,
               "minutes_circulated_at": None, "label": meeting.label, "assign_to": meeting.chair_id}
    actions = _for(MeetingAction.objects.filter(completed_on__isnull=True), person_ids, "meeting__person_id")
    for action in actions.select_related("meeting"):
        yield {"kind": "meeting_action", "key": action.pk, "person_key": action.meeting.person_id,
               "agreed_on": action.agreed_on, "due_on": action.due_on, "completed_on": None,
               "label": short_label(action.description), "assign_to": action.owner_id or action.meeting.chair_id}
    yield from _section_47_records(person_ids)


def _section_47_records(person_ids):
    """The last strategy discussion per child that started section 47 enquiries, and whether a conference
    (or a recorded decision that none is needed) followed it."""
    started = (_for(MeetingDecision.objects.filter(kind=DecisionKind.SECTION_47, meeting__kind__in=STRATEGY_KINDS),
                    person_ids, "meeting__person_id")
               .select_related("meeting").order_by("meeting__person_id", "-meeting__held_on", "-meeting_id"))
    latest = {}
    for decision in started:
        latest.setdefault(decision.meeting.person_id, decision.meeting)
    today = timezone.localdate()
    for person_id, strategy in latest.items():
        conference = (Meeting.objects.filter(person_id=person_id, kind__in=CONFERENCE_KINDS,
                                             held_on__gte=strategy.held_on, held_on__lte=today)
                      .order_by("held_on").values_list("held_on", flat=True).first())
        not_needed = (MeetingDecision.objects.filter(meeting__person_id=person_id, kind=DecisionKind.NO_CONFERENCE)
                      .filter(Q(meeting__held_on__gt=strategy.held_on) | Q(meeting=strategy))
                      .order_by("meeting__held_on").values_list("meeting__held_on", flat=True).first())
        concluded = [found.get(strategy.pk) for found in (source([strategy.pk]) for source in _CONCLUSIONS.values())]
        met = min([d for d in (conference, not_needed, *concluded) if d is not None], default=None)
        yield {"kind": "strategy_discussion", "key": strategy.pk, "person_key": person_id,
               "held_on": strategy.held_on, "conference_held_on": met,
               "label": strategy.get_kind_display().lower(), "assign_to": strategy.chair_id}
