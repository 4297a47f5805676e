"""Children without an NHS number at a child protection moment, as casework records for D13: section 47
enquiries starting, a child protection conference, and becoming looked after (CP-IS needs the number then:
practice-guidance §6.4 L455). One record per child and kind of moment, from the first such moment in the last
12 months (the CP-IS window); none once any agency's record of the child holds an NHS number.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from engine.cpis.status import FLAG_MONTHS
from engine.prompts.calendar import add_months
from joinedup.events.models import EventSubject
from joinedup.identifiers.selectors import nhs_numbers_of
from joinedup.prompts.deadlines import register_deadline_source

__all__ = ["MOMENTS", "moments", "register"]

MOMENTS = {"section47": "section 47 enquiries started", "conference": "a child protection conference was held",
           "looked_after": "the child became looked after"}
EVENTS = {"csc.section47": "section47", "csc.initial_cp_conference": "conference",
          "csc.cla_episode_start": "looked_after"}


def moments(person_ids=None) -> dict[tuple[int, str], object]:
    """(child, kind of moment) -> the day of the first such moment in the last 12 months."""
    from joinedup.cpteams.models import Enquiry
    from joinedup.meetings.models import CONFERENCE_KINDS, STRATEGY_KINDS, DecisionKind, Meeting

    today = timezone.localdate()
    since = add_months(today, -FLAG_MONTHS)
    found: dict[tuple[int, str], object] = {}

    def add(person_id, kind, day):
        if since <= day <= today and (found.get((person_id, kind)) is None or day < found[(person_id, kind)]):
            found[(person_id, kind)] = day

    subjects = EventSubject.objects.filter(event__event_type__in=list(EVENTS), record__person__isnull=False,
                                           record__person__person_type="child",
                                           event__occurred_at__date__gte=since)
    meetings = Meeting.objects.filter(person__person_type="child", held_on__gte=since).filter(
        Q(kind__in=CONFERENCE_KINDS) | Q(kind__in=STRATEGY_KINDS, decisions__kind=DecisionKind.SECTION_47))
    enquiries = Enquiry.objects.filter(started_on__gte=since)
    if person_ids is not None:
        ids = list(person_ids)
        subjects = subjects.filter(record__person_id__in=ids)
        meetings = meetings.filter(person_id__in=ids)
        enquiries = enquiries.filter(person_id__in=ids)
    for person_id, event_type, when in subjects.values_list("record__person_id", "event__event_type",
                                                            "event__occurred_at"):
        add(person_id, EVENTS[event_type], timezone.localtime(when).date())
    for person_id, kind, held_on in meetings.values_list("person_id", "kind", "held_on").distinct():
        add(person_id, "conference" if kind in CONFERENCE_KINDS else "section47", held_on)
    for person_id, started_on in enquiries.values_list("person_id", "started_on"):
        add(person_id, "section47", started_on)
    return found


def identifier_records(person_ids=None):
    from joinedup.agencies.models import Agency, AgencyKind
    from joinedup.inbox.delivery import leads_of
    from joinedup.people.models import Allocation

    found = moments(person_ids)
    if not found:
        return
    held = nhs_numbers_of({person_id for person_id, _ in found})
    missing = {key: day for key, day in found.items() if key[0] not in held}
    if not missing:
        return
    today = timezone.localdate()
    workers: dict[int, int] = {}
    for allocation in (Allocation.objects.filter(person_id__in={p for p, _ in missing}, start_date__lte=today)
                       .exclude(end_date__lt=today).select_related("worker__agency").order_by("start_date")):
        social = allocation.worker.agency_id and allocation.worker.agency.kind == AgencyKind.SOCIAL_CARE
        if social or allocation.person_id not in workers:
            workers[allocation.person_id] = allocation.worker_id
    la = Agency.objects.filter(kind=AgencyKind.SOCIAL_CARE).order_by("id").first()
    lead = leads_of(la.pk).values_list("id", flat=True).first() if la else None
    for (person_id, kind), day in missing.items():
        yield {"kind": "identifier_missing", "key": f"{person_id}-{kind}", "person_key": person_id, "moment_on": day,
               "nhs_number": None, "label": MOMENTS[kind], "assign_to": workers.get(person_id, lead),
               "team": la.name if la else "MASH"}


def register() -> None:
    register_deadline_source("identifiers", identifier_records)
