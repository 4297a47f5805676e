"""Which children CP-IS flags, and with which local authority's contact numbers.

A child is flagged while on a child protection plan (an unborn child protection plan is flagged on the pregnant
woman) or looked after, and for 12 months after (engine/cpis/status.py). JoinedUp reads that from:

* the partnership's own records: children's social care's plan and care-episode events, and the decisions of
  child protection conferences recorded in JoinedUp (a plan made, a plan ended); the responsible authority is
  the partnership's (engine/casework/partnership.yaml, child_protection_information_sharing);
* CP-IS plans files, held against the NHS number: a child matches when any agency's record of them holds it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from engine.casework import load_partnership
from engine.cpis.status import Span, flags_on, spans_from_records
from joinedup.agencies.models import Agency, AgencyKind
from joinedup.cpis.models import Authority, Plan
from joinedup.events.models import Event, EventSubject
from joinedup.people.models import Person, SourceRecord

__all__ = ["Flag", "flags_for", "own_authority", "own_spans", "person_nhs_numbers"]

STARTS = {"csc.cp_plan_start": "CPP", "csc.cla_episode_start": "CLA"}
ENDS = {"csc.cp_plan_end": "CPP", "csc.cla_episode_end": "CLA"}


@dataclass(frozen=True)
class Flag:
    span: Span
    authority: Authority
    how: str                     # how JoinedUp knows, in words
    current: bool

    @property
    def plan_label(self) -> str:
        from joinedup.cpis.models import PlanType

        return PlanType(self.span.plan_type).label


def own_authority() -> Authority:
    """The partnership's local authority as CP-IS names it (created from the configuration on first use)."""
    raw = (load_partnership().extra.get("child_protection_information_sharing") or {}).get("local_authority") or {}
    agency = Agency.objects.filter(kind=AgencyKind.SOCIAL_CARE).order_by("id").first()
    authority, _ = Authority.objects.get_or_create(code=raw.get("code", "LOCAL"), defaults={
        "name": raw.get("name", agency.name if agency else "The local authority"),
        "office_phone": raw.get("office_phone", ""), "out_of_hours_phone": raw.get("out_of_hours_phone", ""),
        "agency": agency})
    if authority.agency_id is None and agency is not None:
        authority.agency = agency
        authority.save(update_fields=["agency"])
    return authority


def own_spans(person_ids: Iterable[int] | None = None) -> dict[int, list[Span]]:
    """Plans and care episodes from the partnership's own records, per person."""
    from joinedup.meetings.models import CONFERENCE_KINDS, DecisionKind, MeetingDecision

    rows: dict[int, list] = defaultdict(list)
    subjects = EventSubject.objects.filter(event__event_type__in=[*STARTS, *ENDS], record__person__isnull=False)
    decisions = MeetingDecision.objects.filter(kind__in=[DecisionKind.CP_PLAN, DecisionKind.CP_PLAN_ENDS],
                                               meeting__kind__in=CONFERENCE_KINDS)
    if person_ids is not None:
        ids = list(person_ids)
        subjects = subjects.filter(record__person_id__in=ids)
        decisions = decisions.filter(meeting__person_id__in=ids)
    events = {e.pk: e for e in Event.objects.filter(pk__in=subjects.values("event_id")).select_related("agency")}
    for person_id, event_id in subjects.values_list("record__person_id", "event_id").distinct():
        event = events[event_id]
        day = timezone.localtime(event.occurred_at).date()
        source = f"{event.agency.name}'s record"
        if event.event_type in STARTS:
            kind = STARTS[event.event_type]
            if kind == "CPP" and (event.attributes or {}).get("unborn"):
                kind = "UCPP"
            rows[person_id].append(("start", kind, day, source))
        else:
            rows[person_id].append(("end", ENDS[event.event_type], day, source))
    for person_id, kind, held_on in decisions.values_list("meeting__person_id", "kind", "meeting__held_on"):
        what = "start" if kind == DecisionKind.CP_PLAN else "end"
        rows[person_id].append((what, "CPP", held_on, "a child protection conference recorded in JoinedUp"))
    return {person_id: spans_from_records(found) for person_id, found in rows.items()}


def person_nhs_numbers(person: Person) -> set[str]:
    return set(SourceRecord.objects.filter(person=person).exclude(nhs_number="").values_list("nhs_number", flat=True))


def flags_for(person: Person, on: date | None = None) -> list[Flag]:
    """What CP-IS would show for this person on `on` (today): current flags first, then those within 12 months."""
    on = on or timezone.localdate()
    found: dict[tuple, Flag] = {}
    numbers = person_nhs_numbers(person)
    for plan in Plan.objects.filter(nhs_number__in=numbers).select_related("authority"):
        span = Span(plan.plan_type, plan.start_date, plan.end_date, "CP-IS", plan.authority.code)
        found[(span.plan_type, span.start)] = Flag(span, plan.authority, f"CP-IS, on NHS number {plan.nhs_number}",
                                                   span.current(on))
    spans = own_spans([person.pk]).get(person.pk, [])
    if spans:
        authority = own_authority()
        for span in spans:
            found.setdefault((span.plan_type, span.start), Flag(span, authority, span.source, span.current(on)))
    shown = {(s.plan_type, s.start) for s in flags_on([f.span for f in found.values()], on)}
    return sorted((f for key, f in found.items() if key in shown), key=lambda f: (not f.current, f.span.plan_type))
