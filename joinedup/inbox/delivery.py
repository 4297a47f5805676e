"""Who receives what: new information from another agency about a child lands in the inbox of whoever is
working with the child and may read it (R02).

For a new event recorded by agency X about a child C (any child the event is about):

* every worker currently allocated to C (`people.Allocation`) in an agency other than X receives it by name:
  the allocated worker sees the whole picture of the child, so may read every agency's events;
* every agency A other than X that works with C and that X shared the event with receives it in A's team
  queue, unless one of A's workers already has it by name. An agency works with a child when it holds a
  record of the child in its own system (a pupil on roll, a patient, a case, a person known to the police)
  or one of its workers is allocated to the child; an agency that made a referral about the child holds such
  a record or an allocation, so it is included. Events not shared with A are not A's to read: the recording
  agency decides to share (sharing is the default, R01) and JoinedUp never sends their content elsewhere;
* while a referral about C waits for the MASH's decision, the MASH officer who picked it up (or the MASH's
  team queue) receives it too, so the decision is made with what arrived in the meantime.

Each recipient receives each event about each child once, whatever the number of imports that touch it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from engine.vocabulary import load_vocabulary
from joinedup.accounts.models import Role, User
from joinedup.agencies.models import Agency, AgencyKind
from joinedup.events.models import Event, EventShare, EventSubject
from joinedup.inbox.models import InboxItem, Why
from joinedup.people.models import Allocation, Person, SourceRecord

__all__ = ["Delivery", "deliver_for_events", "deliver_notice", "deliver_referral", "deliver_request_answer", "leads_of"]

CASE_READERS = (Role.PRACTITIONER, Role.DSL, Role.TEAM_MANAGER, Role.MASH_OFFICER)
LEADS = (Role.DSL, Role.TEAM_MANAGER, Role.MASH_OFFICER)


@dataclass
class Delivery:
    """What one call delivered: the items created, for notifications."""

    items: list[InboxItem]

    def __len__(self) -> int:
        return len(self.items)


def leads_of(agency_id: int):
    """The agency's safeguarding leads (DSLs, team managers, MASH officers), who answer for its team queue."""
    return User.objects.filter(agency_id=agency_id, role__in=LEADS, is_active=True).order_by("id")


def _allocations(person_ids: Iterable[int]) -> dict[int, list[User]]:
    today = timezone.localdate()
    rows = (Allocation.objects.filter(person_id__in=list(person_ids), start_date__lte=today)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
            .filter(worker__is_active=True, worker__role__in=CASE_READERS).select_related("worker"))
    out: dict[int, list[User]] = defaultdict(list)
    for row in rows:
        if row.worker not in out[row.person_id]:
            out[row.person_id].append(row.worker)
    return out


def _mash_agency() -> Agency | None:
    return Agency.objects.filter(kind=AgencyKind.MASH).order_by("id").first()


def _summary(event: Event) -> str:
    event_type = load_vocabulary().event_types.get(event.event_type)
    label = event_type.label if event_type else event.event_type.replace("_", " ")
    return f"{event.agency.name}: {label} on {timezone.localtime(event.occurred_at):%-d %b %Y}"[:300]


def _store(items: list[InboxItem]) -> list[InboxItem]:
    """Create the items not already delivered (the same thing reaches the same recipient once)."""
    if not items:
        return []
    held = set(InboxItem.objects.filter(source_key__in={i.source_key for i in items},
                                        recipient_key__in={i.recipient_key for i in items})
               .values_list("recipient_key", "source_key"))
    fresh, seen = [], set(held)
    for item in items:
        key = (item.recipient_key, item.source_key)
        if key not in seen:
            seen.add(key)
            fresh.append(item)
    return InboxItem.objects.bulk_create(fresh, batch_size=500)


def _personal(worker: User, **fields) -> InboxItem:
    return InboxItem(worker=worker, agency_id=worker.agency_id, recipient_key=f"user:{worker.pk}", **fields)


def _team(agency_id: int, **fields) -> InboxItem:
    return InboxItem(worker=None, agency_id=agency_id, recipient_key=f"agency:{agency_id}", **fields)


def deliver_for_events(event_ids: Iterable[int]) -> Delivery:
    """Deliver new events from one agency to those working with the children they are about."""
    from joinedup.referrals.models import Referral

    ids = list(event_ids)
    if not ids:
        return Delivery([])
    about: dict[int, list[int]] = defaultdict(list)
    pairs = list(EventSubject.objects.filter(event_id__in=ids, record__person__isnull=False)
                 .values_list("event_id", "record__person_id").order_by("event_id", "position"))
    # the children among them, in a second query: one join with the people table makes SQLite scan it
    children = set(Person.objects.filter(id__in={person_id for _, person_id in pairs}, person_type="child",
                                         merged_into__isnull=True).values_list("id", flat=True))
    for event_id, person_id in pairs:
        if person_id in children and person_id not in about[event_id]:
            about[event_id].append(person_id)
    if not about:
        return Delivery([])
    people = {p for persons in about.values() for p in persons}
    allocated = _allocations(people)
    shares: dict[int, set[int]] = defaultdict(set)
    for event_id, agency_id in EventShare.objects.filter(event_id__in=list(about)).values_list("event_id", "agency_id"):
        shares[event_id].add(agency_id)
    holders: dict[int, set[int]] = defaultdict(set)
    for person_id, agency_id in (SourceRecord.objects.filter(person_id__in=people)
                                 .values_list("person_id", "agency_id").distinct()):
        holders[person_id].add(agency_id)
    waiting: dict[int, list] = defaultdict(list)
    for referral in Referral.objects.filter(person_id__in=people, decided_at__isnull=True).select_related("mash_worker"):
        waiting[referral.person_id].append(referral)
    mash = _mash_agency() if waiting else None
    # Only the events someone could receive are loaded whole (a file about children no one else works with,
    # such as an agency's first history load, costs a handful of queries).
    reachable = {event_id for event_id, persons in about.items()
                 if any(allocated.get(p) or waiting.get(p) or shares.get(event_id, set()) & holders.get(p, set())
                        for p in persons)}
    events = Event.objects.select_related("agency").in_bulk(list(reachable))
    items: list[InboxItem] = []
    for event_id, persons in about.items():
        if event_id not in events:
            continue
        event = events[event_id]
        for person_id in persons:
            base = {"person_id": person_id, "from_agency_id": event.agency_id, "event": event,
                    "source_key": f"event:{event_id}:person:{person_id}", "summary": _summary(event)}
            named_agencies = set()
            for worker in allocated.get(person_id, []):
                if worker.agency_id != event.agency_id:
                    items.append(_personal(worker, why=Why.ALLOCATED, **base))
                    named_agencies.add(worker.agency_id)
            for agency_id in sorted(shares.get(event_id, ())):
                works_with = agency_id in holders.get(person_id, ())
                if agency_id != event.agency_id and works_with and agency_id not in named_agencies:
                    items.append(_team(agency_id, why=Why.SHARED, **base))
            for referral in waiting.get(person_id, []):
                if referral.mash_worker_id and referral.mash_worker.agency_id != event.agency_id:
                    items.append(_personal(referral.mash_worker, why=Why.REFERRAL_OPEN, **base))
                elif not referral.mash_worker_id and mash and mash.pk != event.agency_id:
                    items.append(_team(mash.pk, why=Why.REFERRAL_OPEN, **base))
    return Delivery(_store(items))


def deliver_referral(referral) -> Delivery:
    """A referral is information from another agency too: the child's allocated workers elsewhere receive it."""
    agency = referral.referrer_agency.name if referral.referrer_agency_id else "A partner agency"
    base = {"person_id": referral.person_id, "from_agency_id": referral.referrer_agency_id, "referral": referral,
            "source_key": f"referral:{referral.pk}",
            "summary": f"{agency}: referral to the MASH on {referral.received_on:%-d %b %Y}"}
    items = [_personal(worker, why=Why.ALLOCATED, **base)
             for worker in _allocations([referral.person_id]).get(referral.person_id, [])
             if worker.agency_id != referral.referrer_agency_id and worker.pk != referral.referrer_id]
    return Delivery(_store(items))


def deliver_request_answer(request) -> Delivery:
    """The answer to an information request (shared or withheld) goes back to the person who asked."""
    requester = request.requested_by
    if not requester.is_active:
        return Delivery(_store([_team(request.from_agency_id, why=Why.REQUEST_ANSWERED, **_answer(request))]))
    return Delivery(_store([_personal(requester, why=Why.REQUEST_ANSWERED, **_answer(request))]))


def _answer(request) -> dict:
    words = "shared information" if request.response == "shared" else "withheld information, with reasons"
    return {"person_id": request.person_id, "from_agency_id": request.to_agency_id, "request": request,
            "source_key": f"request:{request.pk}",
            "summary": f"{request.to_agency.name}: {words} (request Q{request.pk})"}


def deliver_notice(person_id: int, *, workers=(), team_agency_id: int | None = None, source_key: str, summary: str,
                   why: str, from_agency_id: int | None = None, event: Event | None = None) -> Delivery:
    """Information another flow says must be acted on (a CP-IS attendance): to the named workers, or else to a
    team queue. An open item about the same event already waiting for a recipient is upgraded (its reason and
    summary) rather than delivered twice."""
    base = {"person_id": person_id, "from_agency_id": from_agency_id, "event": event, "source_key": source_key,
            "summary": summary[:300], "why": why}
    items = [_personal(worker, **base) for worker in workers]
    if not items and team_agency_id:
        items = [_team(team_agency_id, **base)]
    upgraded = []
    if event is not None:
        same = {i.recipient_key: i for i in InboxItem.objects.filter(
            source_key=f"event:{event.pk}:person:{person_id}", acknowledged_at__isnull=True,
            recipient_key__in=[i.recipient_key for i in items])}
        for item in list(items):
            if item.recipient_key in same:
                held = same[item.recipient_key]
                held.why, held.summary = why, base["summary"]
                held.save(update_fields=["why", "summary"])
                upgraded.append(held)
                items.remove(item)
    return Delivery(upgraded + _store(items))
