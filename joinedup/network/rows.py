"""The database as the context graph's rows: the one place that translates models into `engine.context` rows.

`partnership_rows(until=None)` reads every linked person, place, peer group, event (with who it is about
and where), association, stored household, relationship and school roll, in a handful of set-based
queries, and returns the rows `engine.context.build_graph` takes, plus `Readers`: which agencies may
read the record behind each link (the network view's need-to-know rule, `joinedup.network.picture`).

Node keys name the model and its id, so they are readable in a prompt's explanation and never collide:
``person-12`` (people.Person), ``place-7`` (places.Location), ``group-3`` (associations.PeerGroup),
``school-5`` (a school agency: the children on its roll). Event ids are ``str(Event.pk)`` and association
ids ``association-<pk>``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from engine.context.build import MISSING_END_ATTRIBUTES, MISSING_TYPES
from engine.names import location_key
from joinedup.agencies.models import Agency
from joinedup.associations.models import Association, HowKnown, PeerGroup
from joinedup.events.models import Event, EventShare, EventSubject
from joinedup.people.household_models import HouseholdMember, Origin, PersonRelationship
from joinedup.people.models import Person, SourceRecord
from joinedup.places.models import Location

__all__ = ["Readers", "Scope", "around", "association_key", "group_key", "key_id", "partnership_rows", "person_key", "place_key", "school_key"]

CURRENT = {"withdrawn": False, "superseded_by__isnull": True}

# A stored relationship as a link kind the context graph knows (engine/context/model.py STRUCTURAL_KINDS and
# engine/context/prompts.py FAMILY_KINDS). "lives_with" is the household itself, already a household link.
RELATIONSHIP_KINDS = {
    "parent": "parent_of", "step_parent": "parent_of", "sibling": "sibling_of", "partner": "partner_of",
    "grandparent": "related_to", "relative": "related_to", "parents_partner": "related_to",
}
INVERSE = {"child": "parent", "step_child": "step_parent", "grandchild": "grandparent",
           "partners_child": "parents_partner"}


def person_key(pk: int) -> str:
    return f"person-{pk}"


def place_key(pk: int) -> str:
    return f"place-{pk}"


def group_key(pk: int) -> str:
    return f"group-{pk}"


def school_key(agency_id: int) -> str:
    return f"school-{agency_id}"


def association_key(pk: int) -> str:
    return f"association-{pk}"


def key_id(key: str, prefix: str) -> int | None:
    """The model id in a key of this prefix ("person", "place", "group", "school", "association"), else None."""
    head, _, tail = key.partition("-")
    return int(tail) if head == prefix and tail.isdigit() else None


@dataclass
class Readers:
    """Which agencies may read the record behind each link (by agency id); whole-picture users read them all."""

    events: dict[str, set[int]] = field(default_factory=dict)           # event id -> recorder and shares
    associations: dict[str, int] = field(default_factory=dict)          # association id -> recorder
    households: dict[tuple[str, str], set[int]] = field(default_factory=dict)  # (household, person key) -> agencies
    homes: dict[tuple[str, str], set[int]] = field(default_factory=dict)       # (person key, place key) -> agencies
    relationships: dict[str, set[int]] = field(default_factory=dict)    # relationship id -> agencies


def _day(value: datetime) -> date:
    return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()


def _agencies() -> tuple[dict[int, str], dict[str, int]]:
    rows = list(Agency.objects.values_list("id", "code", "name"))
    return {pk: name for pk, _code, name in rows}, {code: pk for pk, code, _name in rows}


def _finding_readers(agencies: list, recording_agency_id: int | None, by_code: dict[str, int]) -> set[int]:
    """`joinedup.people.households.finding_visible` as agency ids: those whose records it rests on, or who recorded it."""
    out = {by_code[c] for c in agencies or () if c in by_code}
    if recording_agency_id:
        out.add(recording_agency_id)
    return out


@dataclass(frozen=True)
class Scope:
    """Part of the partnership: these people and places and what connects them, from `since` (see `around`)."""

    person_ids: frozenset[int]
    place_ids: frozenset[int]
    since: date


def _chunks(ids, size: int = 5000):
    ids = list(ids)
    for i in range(0, len(ids), size):
        yield ids[i:i + size]


def around(person_ids, place_ids, *, since: date, hops: int = 2) -> Scope:
    """The people and places within `hops` of these, through events since `since` (about them together, or at
    the same place) and through links: enough to see whether a place or an adult now connects k children."""
    people, places = {p for p in person_ids if p}, {p for p in place_ids if p}
    start = timezone.make_aware(datetime.combine(since, time.min))
    for _ in range(hops):
        events: set[int] = set()
        for chunk in _chunks(people):
            events |= set(EventSubject.objects.filter(record__person_id__in=chunk, event__occurred_at__gte=start)
                          .values_list("event_id", flat=True))
        for chunk in _chunks(places):
            events |= set(Event.objects.filter(location_id__in=chunk, occurred_at__gte=start).values_list("id", flat=True))
        found_people, found_places = set(people), set(places)
        for chunk in _chunks(events):
            found_people |= set(EventSubject.objects.filter(event_id__in=chunk, record__person_id__isnull=False)
                                .values_list("record__person_id", flat=True))
            found_places |= {p for p in Event.objects.filter(id__in=chunk).values_list("location_id", flat=True) if p}
        for chunk in _chunks(people):
            links = Association.objects.filter(Q(record__person_id__in=chunk) | Q(other_record__person_id__in=chunk))
            for a, b, loc in links.values_list("record__person_id", "other_record__person_id", "location_id"):
                found_people |= {x for x in (a, b) if x}
                found_places |= {loc} if loc else set()
        for chunk in _chunks(places):
            found_people |= {p for p in Association.objects.filter(location_id__in=chunk)
                             .values_list("record__person_id", flat=True) if p}
        if (found_people, found_places) == (people, places):
            break
        people, places = found_people, found_places
    return Scope(frozenset(people), frozenset(places), since)


def partnership_rows(until: date | None = None, scope: Scope | None = None) -> tuple[dict[str, list[dict]], Readers]:
    """Every row the partnership's context graph is built from (recorded up to `until`, if given); with `scope`,
    only the rows about its people and places from its `since` (an import's neighbourhood, `around`)."""
    names, by_code = _agencies()
    readers = Readers()
    people = Person.objects.filter(merged_into__isnull=True)
    if scope is not None:
        people = people.filter(id__in=list(scope.person_ids))
    persons = [{"key": person_key(pk), "person_type": person_type, "date_of_birth": dob, "label": name}
               for pk, person_type, dob, name in people
               .values_list("id", "person_type", "date_of_birth", "display_name").iterator(chunk_size=5000)]
    locations = Location.objects.only("id", "kind", "name", "address", "postcode")
    if scope is not None:
        locations = locations.filter(id__in=list(scope.place_ids))
    places = [{"key": place_key(loc.pk), "kind": loc.kind, "label": str(loc)} for loc in locations.iterator(chunk_size=5000)]
    groups = [{"key": group_key(pk), "label": name} for pk, name in PeerGroup.objects.values_list("id", "name")]

    event_filter = Q()
    if until is not None:
        event_filter = Q(occurred_at__lt=timezone.make_aware(datetime.combine(until + timedelta(days=1), time.min)))
    subject_rows = EventSubject.objects.filter(record__person_id__isnull=False)
    if scope is not None:
        start = timezone.make_aware(datetime.combine(scope.since, time.min))
        event_filter &= Q(occurred_at__gte=start) & (
            Q(location_id__in=list(scope.place_ids))
            | Q(id__in=EventSubject.objects.filter(record__person_id__in=list(scope.person_ids)).values("event_id")))
        subject_rows = subject_rows.filter(event__in=Event.objects.filter(event_filter).values("id"))
    subjects: dict[int, list[str]] = defaultdict(list)
    for event_id, pid in (subject_rows
                          .values_list("event_id", "record__person_id").order_by("event_id", "position")
                          .iterator(chunk_size=20000)):
        key = person_key(pid)
        if key not in subjects[event_id]:
            subjects[event_id].append(key)
    ends: dict[int, date] = {}
    for pk, attributes in Event.objects.filter(event_filter, event_type__in=MISSING_TYPES).values_list("id", "attributes"):
        for name in MISSING_END_ATTRIBUTES:
            value = (attributes or {}).get(name)
            if value:
                try:
                    ends[pk] = date.fromisoformat(str(value)[:10])
                except ValueError:
                    continue
                break
    shares = EventShare.objects.all()
    if scope is not None:
        shares = shares.filter(event__in=Event.objects.filter(event_filter).values("id"))
    for event_id, agency_id in shares.values_list("event_id", "agency_id").iterator(chunk_size=20000):
        readers.events.setdefault(str(event_id), set()).add(agency_id)
    events = []
    for pk, event_type, occurred_at, agency_id, location_id in (
            Event.objects.filter(event_filter).values_list("id", "event_type", "occurred_at", "agency_id", "location_id")
            .order_by().iterator(chunk_size=20000)):
        who = subjects.get(pk)
        if not who:
            continue  # about no linked person: nothing to connect
        eid = str(pk)
        readers.events.setdefault(eid, set()).add(agency_id)
        row = {"event_id": eid, "event_type": event_type, "day": _day(occurred_at), "agency": names.get(agency_id, ""),
               "person_keys": who, "place": place_key(location_id) if location_id else None}
        if pk in ends:
            row["end"] = ends[pk]
        events.append(row)

    how_known = dict(HowKnown.choices)
    associations = []
    links = Association.objects.filter(record__person_id__isnull=False)
    if scope is not None:
        links = links.filter(record__person_id__in=list(scope.person_ids)).filter(
            Q(other_record__isnull=True) | Q(other_record__person_id__in=list(scope.person_ids)))
    if until is not None:
        links = links.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=until))
    for a in links.values("id", "agency_id", "record__person_id", "association_type", "other_record__person_id",
                          "other_record_id", "location_id", "group_id", "valid_from", "valid_to", "how_known",
                          "reliability", "note").iterator(chunk_size=5000):
        row = {"association_id": association_key(a["id"]), "agency": names.get(a["agency_id"], ""),
               "person_key": person_key(a["record__person_id"]), "association_type": a["association_type"],
               "valid_from": a["valid_from"], "valid_to": a["valid_to"],
               "how_known": how_known.get(a["how_known"], a["how_known"]), "reliability": a["reliability"],
               "note": a["note"]}
        if a["other_record_id"]:
            if not a["other_record__person_id"]:
                continue
            row["other_person_key"] = person_key(a["other_record__person_id"])
        elif a["location_id"]:
            row["place"] = place_key(a["location_id"])
        elif a["group_id"]:
            row["group"] = group_key(a["group_id"])
        readers.associations[row["association_id"]] = a["agency_id"]
        associations.append(row)

    households = _households(readers, by_code, until, scope)
    associations += _relationships(readers, by_code, associations, scope)
    rolls = [{"place": school_key(agency_id), "person_key": person_key(pid), "agency": names.get(agency_id, ""),
              "label": names.get(agency_id, "")}
             for agency_id, pid in SourceRecord.objects.filter(agency__kind="school", person_type="child",
                                                               person__isnull=False,
                                                               **({"person_id__in": list(scope.person_ids)}
                                                                  if scope is not None else {}))
             .values_list("agency_id", "person_id").distinct()]
    return {"persons": persons, "places": places, "groups": groups, "events": events, "associations": associations,
            "households": households, "rolls": rolls}, readers


def _households(readers: Readers, by_code: dict[str, int], until: date | None, scope: Scope | None = None) -> list[dict]:
    """Stored household spells (`InferredHousehold` members, corrections included), each with its home if known."""
    members = HouseholdMember.objects.filter(**CURRENT, household__withdrawn=False)
    if scope is not None:
        members = members.filter(person_id__in=list(scope.person_ids))
    if until is not None:
        members = members.filter(Q(start_date__isnull=True) | Q(start_date__lte=until))
    rows = list(members.values("household_id", "person_id", "start_date", "end_date", "agencies",
                               "recording_agency_id", "household__address", "household__postcode"))
    homes = {location_key(kind="address", address=r["household__address"], postcode=r["household__postcode"])
             for r in rows}
    place_of = dict(Location.objects.filter(key__in=list(homes)).values_list("key", "id")) if homes else {}
    out = []
    for r in rows:
        hh, who = f"hh{r['household_id']}", person_key(r["person_id"])
        loc = place_of.get(location_key(kind="address", address=r["household__address"],
                                        postcode=r["household__postcode"]))
        agencies = _finding_readers(r["agencies"], r["recording_agency_id"], by_code)
        readers.households.setdefault((hh, who), set()).update(agencies)
        row = {"household_id": hh, "person_key": who, "start": r["start_date"], "end": r["end_date"],
               "agency": "JoinedUp (households from agencies' records)"}
        if loc:
            row["place"] = place_key(loc)
            readers.homes.setdefault((who, row["place"]), set()).update(agencies)
        out.append(row)
    return out


def _relationships(readers: Readers, by_code: dict[str, int], associations: list[dict],
                   scope: Scope | None = None) -> list[dict]:
    """Stored family relationships not already an agency's association between the same two people."""
    declared = {(a["person_key"], a.get("other_person_key"), a["association_type"]) for a in associations}
    out = []
    stored = PersonRelationship.objects.filter(**CURRENT)
    if scope is not None:
        stored = stored.filter(person_id__in=list(scope.person_ids), other_id__in=list(scope.person_ids))
    for r in (stored.exclude(relationship="lives_with")
              .values("id", "person_id", "other_id", "relationship", "origin", "start_date", "end_date", "agencies",
                      "recording_agency_id", "how_known", "confirmed")):
        code, a, b = r["relationship"], person_key(r["person_id"]), person_key(r["other_id"])
        if code in INVERSE:
            code, a, b = INVERSE[code], b, a
        kind = RELATIONSHIP_KINDS.get(code)
        if kind is None or (a, b, kind) in declared or (b, a, kind) in declared:
            continue
        rid = f"relationship {r['id']}"
        readers.relationships[rid] = _finding_readers(r["agencies"], r["recording_agency_id"], by_code)
        verified = r["origin"] != Origin.INFERRED or r["confirmed"]
        out.append({"association_id": "", "agency": "JoinedUp (relationships from agencies' records)",
                    "person_key": a, "other_person_key": b, "association_type": kind, "valid_from": r["start_date"],
                    "valid_to": r["end_date"], "how_known": " ".join(r["how_known"] or []) or dict(Origin.choices)[r["origin"]],
                    "reliability": "verified" if verified else "unverified", "note": rid})
    return out
