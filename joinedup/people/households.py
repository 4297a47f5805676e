"""Households and relationships over time: rebuilt from every agency's records after linking, and edited by practitioners.

`refresh_households(person_ids)` re-infers the households of the given persons (and of everyone who
shares a postcode with them) with `engine.households`, and stores the result as `InferredHousehold`,
`HouseholdMember` and `PersonRelationship` rows with origin *declared* or *inferred*. Rows a
practitioner recorded are never touched by a refresh, and rows a practitioner superseded are kept
as they were. A row the records no longer support is marked withdrawn, not deleted.

Practitioners' edits (`confirm_member`, `end_member`, `add_member`, `correct_relationship`,
`add_relationship`) each need a reason and write a `HouseholdEdit` row.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db import transaction
from django.db.models import Max, Q

from engine.households import (
    EVENT_AT_HOME,
    HOUSEHOLD_RECORD,
    IDENTITY_RECORD,
    LIVES_AT_LINK,
    DeclaredLink,
    Sighting,
    infer_households,
    infer_relationships,
    normalise_postcode,
    relationship_noun,
)
from engine.households.inference import household_rules
from joinedup.accounts.models import Role
from joinedup.agencies.models import AgencyKind
from joinedup.associations.models import Association
from joinedup.audit.services import log_action
from joinedup.events.models import EventSubject
from joinedup.people import selectors
from joinedup.people.choices import HouseholdRole
from joinedup.people.household_models import (
    EditAction,
    HouseholdEdit,
    HouseholdMember,
    InferredHousehold,
    Origin,
    PersonRelationship,
)
from joinedup.people.models import HouseholdMembership, Person, SourceRecord
from joinedup.places.models import LocationKind

__all__ = [
    "add_member",
    "finding_as_seen",
    "finding_visible",
    "add_relationship",
    "confirm_member",
    "correct_relationship",
    "end_member",
    "may_edit_households",
    "refresh_all_households",
    "refresh_households",
    "relationship_choices",
]

_BATCH = 900  # keeps IN (...) lists inside SQLite's parameter limit


def _chunks(values) -> list[list]:
    values = list(values)
    return [values[i:i + _BATCH] for i in range(0, len(values), _BATCH)]


def _postcode_variants(postcodes: set[str]) -> set[str]:
    out = set()
    for code in postcodes:
        out.update({code, code.replace(" ", ""), code.lower(), code.replace(" ", "").lower()})
    return out


# ------------------------------------------------------------------------------------------ gathering records


def _records_of(person_ids, everyone: bool = False) -> list[SourceRecord]:
    if everyone:
        return list(SourceRecord.objects.filter(person__isnull=False).select_related("agency"))
    records = []
    for chunk in _chunks(person_ids):
        records += list(SourceRecord.objects.filter(person_id__in=chunk).select_related("agency"))
    return records


def _sightings(records: list[SourceRecord]) -> list[Sighting]:
    """Every record placing these records' persons at an address, with its dates."""
    by_id = {r.id: r for r in records}
    sightings: list[Sighting] = []
    latest: dict[int, date] = {}
    for chunk in _chunks(by_id):
        rows = (EventSubject.objects.filter(record_id__in=chunk).values("record_id", "event__agency_id")
                .annotate(last=Max("event__occurred_at")))
        for row in rows:
            record = by_id[row["record_id"]]
            if row["event__agency_id"] == record.agency_id and row["last"]:
                latest[record.id] = row["last"].date()
    for r in records:
        if r.address or r.postcode:
            # The address as the agency held it: on the day of its latest event about them, else when it was received.
            held_on = latest.get(r.id) or (r.updated_at.date() if r.updated_at else None)
            sightings.append(Sighting(r.person_id, r.agency.code, r.agency.name, IDENTITY_RECORD,
                                      f"{r.agency.code}:{r.record_id}", r.address, r.postcode, held_on))
    for chunk in _chunks(by_id):
        memberships = (HouseholdMembership.objects.filter(record_id__in=chunk)
                       .select_related("agency", "household__location", "location"))
        for m in memberships:
            place = m.location or m.household.location
            if place is None:
                continue
            sightings.append(Sighting(by_id[m.record_id].person_id, m.agency.code, m.agency.name, HOUSEHOLD_RECORD,
                                      f"{m.agency.code}:{m.source_id}", place.address, place.postcode, m.start_date,
                                      m.end_date, m.role, f"{m.agency.code}:{m.household.source_id}"))
        links = (Association.objects.filter(record_id__in=chunk, association_type="lives_at", location__isnull=False)
                 .select_related("agency", "location"))
        for a in links:
            sightings.append(Sighting(by_id[a.record_id].person_id, a.agency.code, a.agency.name, LIVES_AT_LINK,
                                      f"{a.agency.code}:{a.source_id}", a.location.address, a.location.postcode,
                                      a.valid_from, a.valid_to))
        events = (EventSubject.objects.filter(record_id__in=chunk, event__location__kind=LocationKind.ADDRESS)
                  .select_related("event__agency", "event__location"))
        for subject in events:
            event = subject.event
            sightings.append(Sighting(by_id[subject.record_id].person_id, event.agency.code, event.agency.name,
                                      EVENT_AT_HOME, f"{event.agency.code}:{event.source_id}", event.location.address,
                                      event.location.postcode, event.occurred_at.date()))
    return sightings


def _declared_links(person_ids: set[int]) -> list[DeclaredLink]:
    types = list(household_rules()["associations"])
    links = []
    seen = set()
    for chunk in _chunks(person_ids):
        rows = (Association.objects.filter(association_type__in=types, other_record__isnull=False)
                .filter(Q(record__person_id__in=chunk) | Q(other_record__person_id__in=chunk))
                .select_related("agency", "record", "other_record"))
        for a in rows:
            if a.id in seen or a.record.person_id is None or a.other_record.person_id is None:
                continue
            seen.add(a.id)
            links.append(DeclaredLink(a.record.person_id, a.other_record.person_id, a.association_type, a.agency.code,
                                      a.agency.name, f"{a.agency.code}:{a.source_id}", a.valid_from, a.valid_to,
                                      a.get_how_known_display(), a.get_reliability_display()))
    return links


def _neighbours(person_ids: set[int]) -> tuple[set[int], set[str]]:
    """Everyone recorded at a postcode these persons were (or are stored as) at, and those postcodes."""
    records = _records_of(person_ids)
    postcodes = {normalise_postcode(s.postcode) for s in _sightings(records)}
    for chunk in _chunks(person_ids):
        postcodes |= set(InferredHousehold.objects.filter(members__person_id__in=chunk)
                         .values_list("postcode", flat=True))
    postcodes.discard("")
    variants = _postcode_variants(postcodes)
    found = set(person_ids)
    for chunk in _chunks(variants):
        found |= set(SourceRecord.objects.filter(postcode__in=chunk, person__isnull=False)
                     .values_list("person_id", flat=True))
        found |= set(HouseholdMembership.objects.filter(Q(location__postcode__in=chunk) | Q(
            location__isnull=True, household__location__postcode__in=chunk), record__person__isnull=False)
                     .values_list("record__person_id", flat=True))
        found |= set(Association.objects.filter(association_type="lives_at", location__postcode__in=chunk,
                                                record__person__isnull=False).values_list("record__person_id", flat=True))
    return found, postcodes


# ------------------------------------------------------------------------------------------ refresh


@transaction.atomic
def refresh_households(person_ids) -> dict:
    """Re-infer households and relationships for these persons (call after a link, relink, merge or unmerge).

    Everyone recorded at a postcode these persons are (or were stored as) at is re-inferred with them.
    Returns counts: households, members and relationships stored or updated, and rows withdrawn.
    """
    wanted = {pid for pid in person_ids if pid}
    if not wanted:
        return {"households": 0, "members": 0, "relationships": 0, "withdrawn": 0}
    live = set()
    for chunk in _chunks(wanted):
        live |= set(Person.objects.filter(id__in=chunk, merged_into__isnull=True).values_list("id", flat=True))
    candidates, postcodes = _neighbours(live) if live else (set(), set())
    return _refresh(candidates, postcodes, wanted, _records_of(candidates), everyone=False)


@transaction.atomic
def refresh_all_households() -> dict:
    """Rebuild every inferred household and relationship (the demo, or after a full relink)."""
    records = _records_of(None, everyone=True)
    everyone = set(Person.objects.values_list("id", flat=True))
    postcodes = {normalise_postcode(r.postcode) for r in records}
    postcodes |= set(InferredHousehold.objects.values_list("postcode", flat=True))
    postcodes |= {normalise_postcode(p) for p in HouseholdMembership.objects.values_list("location__postcode", flat=True)
                  if p}
    postcodes.discard("")
    return _refresh(everyone, postcodes, everyone, records, everyone=True)


def _refresh(candidates: set[int], postcodes: set[str], affected: set[int], records, *, everyone: bool) -> dict:
    sightings = _sightings(records)
    types = dict(_in_chunks(lambda c: Person.objects.filter(id__in=c).values_list("id", "person_type"), candidates))
    households = infer_households(sightings, types)
    in_scope = [h for h in households if h.postcode in postcodes
                or (not h.postcode and any(m.person in affected for m in h.members))]
    relationships = infer_relationships(_declared_links(candidates), sightings, in_scope)
    counts = {"households": 0, "members": 0, "relationships": 0, "withdrawn": 0}
    kept_households = _store_households(in_scope, counts)
    _withdraw_households(postcodes, affected, kept_households, counts)
    _store_relationships(relationships, candidates, affected, {h.key for h in in_scope}, counts, everyone)
    return counts


def _member_fields(member) -> dict:
    return {"role": member.role, "start_date": member.start, "end_date": member.end,
            "origin": Origin.DECLARED if member.declared else Origin.INFERRED,
            "evidence": [e.as_dict() for e in member.evidence], "how_known": list(member.how_known),
            "agencies": member.agencies}


def _in_chunks(queryset_for, values) -> list:
    out = []
    for chunk in _chunks(values):
        out += list(queryset_for(chunk))
    return out


def _store_households(households, counts) -> set[int]:
    """Upsert households by key and their members by (household, person, spell), in bulk."""
    fields = ["address", "postcode", "start_date", "end_date", "withdrawn"]
    stored = {h.key: h for h in _in_chunks(lambda c: InferredHousehold.objects.filter(key__in=c),
                                           [h.key for h in households])}
    new, changed = [], []
    for h in households:
        values = {"address": h.address[:300], "postcode": h.postcode, "start_date": h.start, "end_date": h.end,
                  "withdrawn": False}
        row = stored.get(h.key)
        if row is None:
            new.append(InferredHousehold(key=h.key, **values))
        elif any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            changed.append(row)
    InferredHousehold.objects.bulk_create(new, batch_size=500)
    InferredHousehold.objects.bulk_update(changed, fields, batch_size=500)
    counts["households"] += len(new) + len(changed)
    if new:
        stored.update({h.key: h for h in _in_chunks(lambda c: InferredHousehold.objects.filter(key__in=c),
                                                    [h.key for h in new])})
    ids = [stored[h.key].id for h in households]
    existing: dict[tuple, HouseholdMember] = {}
    for m in sorted(_in_chunks(lambda c: HouseholdMember.objects.filter(household_id__in=c).exclude(
            origin=Origin.PRACTITIONER), ids), key=lambda m: m.id):
        existing[(m.household_id, m.person_id, m.stay)] = m  # the latest of each
    member_fields = ["role", "start_date", "end_date", "origin", "evidence", "how_known", "agencies", "withdrawn"]
    new_members, changed_members, seen = [], [], set()
    for h in households:
        household_id = stored[h.key].id
        stays: dict = defaultdict(int)
        for member in h.members:
            key = (household_id, member.person, stays[member.person])
            stays[member.person] += 1
            seen.add(key)
            values = _member_fields(member)
            m = existing.get(key)
            if m is None:
                new_members.append(HouseholdMember(household_id=household_id, person_id=member.person, stay=key[2],
                                                   **values))
            elif m.superseded_by_id:
                continue  # a practitioner's record stands; the inference it superseded stays as it was
            elif m.withdrawn or any(getattr(m, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(m, k, v)
                m.withdrawn = False
                changed_members.append(m)
    withdrawn = []
    for key, m in existing.items():
        if key not in seen and not m.withdrawn and not m.superseded_by_id:
            m.withdrawn = True
            withdrawn.append(m)
    HouseholdMember.objects.bulk_create(new_members, batch_size=500)
    HouseholdMember.objects.bulk_update(changed_members + withdrawn, member_fields, batch_size=500)
    counts["members"] += len(new_members) + len(changed_members)
    counts["withdrawn"] += len(withdrawn)
    return set(ids)


def _withdraw_households(postcodes, persons, kept, counts) -> None:
    """Households in scope that this refresh did not produce: withdrawn with their agency-based members, kept."""
    scope = set()
    for chunk in _chunks(postcodes):
        scope |= set(InferredHousehold.objects.filter(postcode__in=chunk, withdrawn=False).values_list("id", flat=True))
    for chunk in _chunks(persons):
        scope |= set(InferredHousehold.objects.filter(members__person_id__in=chunk, withdrawn=False)
                     .values_list("id", flat=True))
    gone = scope - kept
    for chunk in _chunks(gone):
        counts["withdrawn"] += InferredHousehold.objects.filter(id__in=chunk).update(withdrawn=True)
        counts["withdrawn"] += (HouseholdMember.objects.filter(household_id__in=chunk, withdrawn=False,
                                                               superseded_by__isnull=True)
                                .exclude(origin=Origin.PRACTITIONER).update(withdrawn=True))


def _relationship_fields(rel) -> dict:
    return {"start_date": rel.start, "end_date": rel.end,
            "origin": Origin.DECLARED if rel.declared else Origin.INFERRED,
            "evidence": [e.as_dict() for e in rel.evidence], "how_known": list(rel.how_known),
            "agencies": rel.agencies}


def _store_relationships(relationships, candidates, affected, household_keys, counts, everyone=False) -> None:
    stored: dict[tuple, PersonRelationship] = {}
    if everyone:
        rows = list(PersonRelationship.objects.exclude(origin=Origin.PRACTITIONER))
    else:
        rows = _in_chunks(lambda c: PersonRelationship.objects.filter(Q(person_id__in=c) | Q(other_id__in=c))
                          .exclude(origin=Origin.PRACTITIONER), candidates)
    for row in sorted({r.id: r for r in rows}.values(), key=lambda r: r.id):
        stored[(row.relationship, row.person_id, row.other_id)] = row  # the latest of each
    fields = ["start_date", "end_date", "origin", "evidence", "how_known", "agencies", "withdrawn"]
    new, changed, produced = [], [], set()
    for rel in relationships:
        key = (rel.relationship, rel.person, rel.other)
        produced.add(key)
        values = _relationship_fields(rel)
        row = stored.get(key)
        if row is not None and row.superseded_by_id:
            continue  # corrected or confirmed by a practitioner: both versions stay as they are
        if row is None:
            new.append(PersonRelationship(person_id=rel.person, other_id=rel.other, relationship=rel.relationship,
                                          **values))
        elif row.withdrawn or any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            row.withdrawn = False
            changed.append(row)
    withdrawn = []
    for key, row in stored.items():
        if key in produced or row.withdrawn or row.superseded_by_id:
            continue
        # Only withdraw what this refresh fully recomputed: relationships of the affected persons, and
        # relationships among their neighbours that rest on records or on a household in scope.
        shared_home = row.relationship == "lives_with"
        in_scope = (row.person_id in affected or row.other_id in affected
                    or (row.person_id in candidates and row.other_id in candidates
                        and (not shared_home or any(e.get("ref") in household_keys for e in row.evidence))))
        if in_scope:
            row.withdrawn = True
            withdrawn.append(row)
    PersonRelationship.objects.bulk_create(new, batch_size=500)
    PersonRelationship.objects.bulk_update(changed + withdrawn, fields, batch_size=500)
    counts["relationships"] += len(new) + len(changed)
    counts["withdrawn"] += len(withdrawn)


# ------------------------------------------------------------------------------------------ reading


def may_edit_households(user, person: Person) -> bool:
    """Who may change a child's household picture: those who hold case responsibility for it.

    MASH officers, team managers, designated safeguarding leads, children's social care practitioners and
    the child's allocated worker. Other practitioners see it (as far as their agency's records go) but do
    not change it: a change is seen by every agency.
    """
    if not user.is_authenticated or not user.reads_case_data:
        return False
    if user.role in (Role.MASH_OFFICER, Role.TEAM_MANAGER, Role.DSL):
        return True
    if user.agency_id and user.agency.kind == AgencyKind.SOCIAL_CARE:
        return True
    return selectors.is_allocated(user, person)


def _agency(user):
    return user.agency if getattr(user, "agency_id", None) else None


def finding_visible(item, agency, whole_picture: bool) -> bool:
    """A membership or relationship is shown if the reader sees the whole picture, or it rests on their
    agency's own records (or their agency's practitioner recorded it). `agency`: the reader's, or None."""
    if whole_picture:
        return True
    if agency is None:
        return False
    return agency.code in (item.agencies or []) or bool(item.recording_agency_id
                                                        and item.recording_agency_id == agency.id)


def _visible(user, item, whole_picture: bool) -> bool:
    return finding_visible(item, _agency(user), whole_picture)


def _own_evidence(user, item, whole_picture: bool) -> list[dict]:
    return _agency_evidence(_agency(user), item, whole_picture)


def _agency_evidence(agency, item, whole_picture: bool) -> list[dict]:
    """The evidence a reader from `agency` may see: all of it with the whole picture, else their agency's."""
    if whole_picture:
        return item.evidence
    code = agency.code if agency is not None else None
    return [e for e in item.evidence if e.get("agency") == code]


def finding_as_seen(item, agency, whole_picture: bool) -> dict:
    """A membership or relationship as a reader from `agency` may see it: start, end, how_known, sources.

    Whole-picture readers see every agency's evidence and the words built from it. Others see their own
    agency's evidence, the period it gives, and only *that* other agencies' records contribute
    (`other_sources`, a count). The person page and the chronology both show findings this way.
    """
    evidence = _agency_evidence(agency, item, whole_picture)
    sources = sorted({e["agency_name"] for e in evidence})
    if item.recording_agency_id:
        sources = sorted({*sources, item.recording_agency.name})
    own_record = agency is not None and item.recording_agency_id == agency.id
    if whole_picture or item.origin == Origin.PRACTITIONER and own_record:
        start, end, words = item.start_date, item.end_date, list(item.how_known)
    else:
        starts = [e["start"] for e in evidence]
        # A record seen on one day (an identity record, an event) gives that day; a declared period with
        # no end (a household record, a link) is still open.
        ends = [e["end"] or (e["start"] if e["kind"] in _ONE_DAY else None) for e in evidence]
        start = None if not starts or None in starts else date.fromisoformat(min(starts))
        end = None if not ends or None in ends else date.fromisoformat(max(ends))
        words = [_evidence_words(e) for e in evidence]
        if item.origin == Origin.PRACTITIONER:
            words = [f"Recorded by a practitioner in {item.recording_agency.name}."] + words
    others = len({e["agency"] for e in item.evidence} - {e["agency"] for e in evidence})
    return {"start": start, "end": end, "how_known": words, "sources": sources,
            "other_sources": others, "origin": _origin_words(item)}


def _view(user, item, whole: bool) -> dict:
    """A membership or relationship as this user may see it (see `finding_as_seen`)."""
    return {"row": item, **finding_as_seen(item, _agency(user), whole)}


_ONE_DAY = {"identity_record", "event_at_home"}
_KINDS = {"identity_record": "Identity record", "household_record": "Household record",
          "lives_at_link": "\"Lives at\" link", "event_at_home": "Event at the address",
          "association": "Link between them", "common_parent": "Same parent or carer recorded",
          "shared_home": "Recorded at the same address"}


def _evidence_words(e: dict) -> str:
    when = ""
    if e.get("start"):
        when = f", {date.fromisoformat(e['start']):%-d %b %Y}"
        if e.get("end") and e["end"] != e["start"]:
            when += f" to {date.fromisoformat(e['end']):%-d %b %Y}"
    detail = e.get("address") or e.get("detail") or ""
    return f"{_KINDS.get(e['kind'], e['kind'])} ({e['agency_name']} {e['ref'].split(':', 1)[-1]}{when}){': ' + detail if detail else ''}."


def _origin_words(item) -> str:
    if item.origin == Origin.PRACTITIONER:
        return "Confirmed by a practitioner" if item.confirmed else "Recorded by a practitioner"
    return Origin(item.origin).label


def relationship_choices() -> list[tuple[str, str]]:
    return [(code, spec["noun"]) for code, spec in household_rules()["relationships"].items()]


def household_picture(user, person: Person) -> dict:
    """What the person page shows: the person's households over time, who lived with them, and relationships.

    Filtered to what the user may see: whole-picture users see everything; others see findings that rest
    on their own agency's records (with only their agency's evidence), and are told how many more exist.
    """
    whole = selectors.sees_whole_picture_of(user, person)
    own = list(HouseholdMember.objects.filter(person=person, superseded_by__isnull=True, withdrawn=False)
               .select_related("household", "recording_agency", "recorded_by"))
    hidden = 0
    homes = []
    others = defaultdict(list)
    members = (HouseholdMember.objects.filter(household_id__in={m.household_id for m in own},
                                              superseded_by__isnull=True, withdrawn=False)
               .exclude(person=person).select_related("person", "recording_agency", "recorded_by"))
    for m in members:
        others[m.household_id].append(m)
    rels = _relationships_of(person)
    for mine in sorted(own, key=lambda m: (m.start_date or date.min, m.id)):
        if not _visible(user, mine, whole):
            hidden += 1
            continue
        rows = []
        for m in sorted(others[mine.household_id], key=lambda m: (m.start_date or date.min, m.person.display_name)):
            if not _visible(user, m, whole):
                hidden += 1
                continue
            rel = _pick(rels.get(m.person_id, []), user, whole)
            rows.append({**_view(user, m, whole), "person": m.person, "relationship": rel,
                         "relationship_label": rel["label"] if rel else _role_words(m.role)})
        homes.append({**_view(user, mine, whole), "household": mine.household, "others": rows})
    shown = []
    for items in rels.values():
        for item in items:
            if _visible(user, item["row"], whole):
                shown.append({**item, **_view(user, item["row"], whole)})
            else:
                hidden += 1
    shown.sort(key=lambda r: (r["row"].relationship == "lives_with", r["other"].display_name, r["label"]))
    candidates = {}
    for home in homes:
        candidates.update({row["person"].id: row["person"].display_name for row in home["others"]})
    candidates.update({r["other"].id: r["other"].display_name for r in shown})
    candidates.pop(person.id, None)
    return {"homes": homes, "relationships": shown, "hidden": hidden, "whole_picture": whole,
            "adults_linked": _adults_linked(user, person),
            "may_edit": may_edit_households(user, person), "choices": relationship_choices(),
            "roles": HouseholdRole.choices, "candidates": sorted(candidates.items(), key=lambda kv: kv[1])}


def _adults_linked(user, person: Person) -> list[Association]:
    """Adults other associations link the child to (e.g. described as a "boyfriend"), as the user's records allow."""
    declared = list(household_rules()["associations"])
    return list(Association.objects.filter(record__in=selectors.visible_records(user, person),
                                           other_record__person_type="adult")
                .exclude(association_type__in=declared).select_related("agency", "other_record")
                .order_by("valid_from", "id")[:50])


def _relationships_of(person: Person) -> dict[int, list[dict]]:
    rows = (PersonRelationship.objects.filter(Q(person=person) | Q(other=person), superseded_by__isnull=True,
                                              withdrawn=False)
            .select_related("person", "other", "recording_agency", "recorded_by"))
    out = defaultdict(list)
    for row in rows:
        if row.other_id == person.id:
            other, label = row.person, relationship_noun(row.relationship)
        else:
            other, label = row.other, relationship_noun(row.relationship, towards=True)
        out[other.id].append({"row": row, "other": other, "label": label, "origin": _origin_words(row)})
    return out


_ORIGIN_ORDER = {Origin.PRACTITIONER: 0, Origin.DECLARED: 1, Origin.INFERRED: 2}


def _pick(items: list[dict], user, whole: bool) -> dict | None:
    """The relationship to show beside a household member: a practitioner's, else declared, else inferred."""
    shown = [i for i in items if _visible(user, i["row"], whole)]
    shown.sort(key=lambda i: (_ORIGIN_ORDER.get(i["row"].origin, 3), i["row"].relationship == "lives_with"))
    return shown[0] if shown else None


def _role_words(role: str) -> str:
    return HouseholdRole(role).label if role in HouseholdRole.values else "Role not recorded"


# ------------------------------------------------------------------------------------------ practitioners' edits


def _snapshot(row) -> dict:
    data = {"id": row.id, "origin": row.origin, "start_date": str(row.start_date or ""),
            "end_date": str(row.end_date or ""), "how_known": row.how_known, "agencies": row.agencies}
    if isinstance(row, HouseholdMember):
        data.update({"household": row.household_id, "person": row.person_id, "role": row.role})
    else:
        data.update({"person": row.person_id, "other": row.other_id, "relationship": row.relationship})
    return data


def _check(user, person: Person, reason: str) -> str:
    if not may_edit_households(user, person):
        raise PermissionError("Your role does not change household records.")
    reason = (reason or "").strip()
    if not reason:
        raise ValueError("Give a reason: it is kept with the change.")
    return reason


def _audit(user, person, action, reason, request_id, *, member=None, relationship=None, before=None, after=None):
    """The household's own history (before and after) and the partnership's action log, in one transaction."""
    edit = HouseholdEdit.objects.create(user=user, agency_code=user.agency.code if user.agency_id else "",
                                        role=user.role, action=action, person=person, member=member,
                                        relationship=relationship, before=before, after=after, reason=reason,
                                        request_id=request_id)
    concerned = {person.pk}
    for snapshot in (before, after):
        for field in ("person", "other"):
            if snapshot and snapshot.get(field):
                concerned.add(snapshot[field])
    log_action(user, f"household: {action}", persons=concerned, reason=reason,
               detail={"household_edit": edit.pk, "before": before, "after": after})
    return edit


def _supersede(row, user, reason, **changes):
    """A practitioner's version of a row; the original stays, pointing at what superseded it."""
    fields = {f.name: getattr(row, f.name) for f in row._meta.concrete_fields
              if f.name not in ("id", "created_at", "superseded_by")}
    fields.update({"origin": Origin.PRACTITIONER, "recorded_by": user, "recording_agency": user.agency,
                   "reason": reason, "withdrawn": False, "confirmed": False})
    fields.update(changes)
    fields["how_known"] = [f"{_who(user)} recorded this on {date.today():%-d %b %Y}: {reason}"] + list(row.how_known)
    model = type(row)
    new = model.objects.create(**fields)
    row.superseded_by = new
    row.save(update_fields=["superseded_by"])
    return new


def _who(user) -> str:
    name = user.get_full_name() or user.username
    return f"{name} ({user.agency.name})" if user.agency_id else name


@transaction.atomic
def confirm_member(member: HouseholdMember, *, user, person: Person, reason: str, request_id=None) -> HouseholdMember:
    """A practitioner confirms an inferred or declared membership as it stands."""
    reason = _check(user, person, reason)
    new = _supersede(member, user, reason, confirmed=True)
    _audit(user, person, EditAction.CONFIRM, reason, request_id, member=new, before=_snapshot(member),
           after=_snapshot(new))
    return new


@transaction.atomic
def end_member(member: HouseholdMember, *, user, person: Person, end_date: date, reason: str,
               request_id=None) -> HouseholdMember:
    """A practitioner records that the person left the household on `end_date`."""
    reason = _check(user, person, reason)
    if member.start_date and end_date < member.start_date:
        raise ValueError("The end date is before the membership began.")
    new = _supersede(member, user, reason, end_date=end_date)
    _audit(user, person, EditAction.END, reason, request_id, member=new, before=_snapshot(member), after=_snapshot(new))
    return new


@transaction.atomic
def add_member(household: InferredHousehold, *, user, person: Person, member_person: Person, role: str,
               start_date: date | None, reason: str, request_id=None) -> HouseholdMember:
    """A practitioner adds someone to a household (e.g. a partner no agency has recorded there)."""
    reason = _check(user, person, reason)
    new = HouseholdMember.objects.create(
        household=household, person=member_person, role=role, start_date=start_date, origin=Origin.PRACTITIONER,
        recorded_by=user, recording_agency=user.agency, reason=reason,
        agencies=[user.agency.code] if user.agency_id else [],
        how_known=[f"{_who(user)} recorded this on {date.today():%-d %b %Y}: {reason}"],
        stay=household.members.filter(person=member_person).count())
    _audit(user, person, EditAction.ADD_MEMBER, reason, request_id, member=new, after=_snapshot(new))
    return new


@transaction.atomic
def correct_relationship(row: PersonRelationship, *, user, person: Person, relationship: str, reason: str,
                         request_id=None) -> PersonRelationship:
    """A practitioner corrects a relationship: `relationship` is what the other person is to `person` (whose page)."""
    reason = _check(user, person, reason)
    table = household_rules()["relationships"]
    if relationship not in table:
        raise ValueError("Choose a relationship from the list.")
    if row.person_id == person.id:  # stored as "person is R of other": store the inverse of what the other is
        relationship = table[relationship]["inverse"]
    new = _supersede(row, user, reason, relationship=relationship)
    _audit(user, person, EditAction.CORRECT_RELATIONSHIP, reason, request_id, relationship=new,
           before=_snapshot(row), after=_snapshot(new))
    return new


@transaction.atomic
def add_relationship(*, user, person: Person, other: Person, relationship: str, start_date: date | None,
                     reason: str, request_id=None) -> PersonRelationship:
    """A practitioner records a relationship: `other` is `relationship` of `person` (e.g. her mother's partner)."""
    reason = _check(user, person, reason)
    if relationship not in household_rules()["relationships"]:
        raise ValueError("Choose a relationship from the list.")
    new = PersonRelationship.objects.create(
        person=other, other=person, relationship=relationship, start_date=start_date, origin=Origin.PRACTITIONER,
        recorded_by=user, recording_agency=user.agency, reason=reason,
        agencies=[user.agency.code] if user.agency_id else [],
        how_known=[f"{_who(user)} recorded this on {date.today():%-d %b %Y}: {reason}"])
    _audit(user, person, EditAction.ADD_RELATIONSHIP, reason, request_id, relationship=new, after=_snapshot(new))
    return new
