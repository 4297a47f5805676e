"""Households over time, inferred from the addresses agencies hold for linked people and when they held them.

People recorded at one home (after address normalisation) in overlapping periods form a household.
Every membership keeps the records it rests on and says in words how it is known; there is no score.

    sightings = [Sighting(person=1, agency="csc", agency_name="Children's Social Care",
                          kind=HOUSEHOLD_RECORD, ref="NCM1", address="12 Linnet Cl, Millbeck",
                          postcode="NS8 1ZP", start=date(2019, 3, 1), role="parent"), ...]
    households = infer_households(sightings, person_types={1: "adult", 2: "child"})
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import yaml

from engine.households.addresses import Home, home_of

__all__ = [
    "EVENT_AT_HOME",
    "HOUSEHOLD_RECORD",
    "IDENTITY_RECORD",
    "LIVES_AT_LINK",
    "Evidence",
    "RecordEvidence",
    "InferredHousehold",
    "InferredMember",
    "Sighting",
    "household_rules",
    "infer_households",
]

IDENTITY_RECORD = "identity_record"      # the address on an agency's identity record, as held on `start`
HOUSEHOLD_RECORD = "household_record"    # an agency's household membership, with its declared period
LIVES_AT_LINK = "lives_at_link"          # a "lives at" association with its valid-from/to dates
EVENT_AT_HOME = "event_at_home"          # an event recorded at the address, on `start`
_DECLARED = {HOUSEHOLD_RECORD, LIVES_AT_LINK}
_KIND_WORDS = {
    IDENTITY_RECORD: "identity record",
    HOUSEHOLD_RECORD: "household record",
    LIVES_AT_LINK: "\"lives at\" link",
    EVENT_AT_HOME: "event at the address",
}
_RULES = Path(__file__).parent / "data" / "households.yaml"


@cache
def household_rules() -> dict:
    return yaml.safe_load(_RULES.read_text())


@dataclass(frozen=True, slots=True)
class Sighting:
    """One agency's record placing one person at an address: a period (declared) or a day (recorded)."""

    person: int | str
    agency: str
    agency_name: str
    kind: str
    ref: str
    address: str
    postcode: str = ""
    start: date | None = None   # the period's start, or the day the address was recorded
    end: date | None = None     # the period's end (None: still current, or a single day for records)
    role: str = ""              # a household record's declared role
    household_ref: str = ""     # the agency's own household id, for household records


@dataclass(frozen=True, slots=True)
class RecordEvidence:
    """A record a finding rests on: which agency, what kind, which record, and its dates."""

    agency: str
    agency_name: str
    kind: str
    ref: str
    start: date | None
    end: date | None

    def as_dict(self) -> dict:
        """Every field, dates as ISO text (stored as JSON with the finding)."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = value.isoformat() if isinstance(value, date) else value
        return out


@dataclass(frozen=True, slots=True)
class Evidence(RecordEvidence):
    """A record a household membership rests on, with the address and role it gives."""

    address: str = ""
    role: str = ""


@dataclass(slots=True)
class InferredMember:
    """A person's time in a household: role, period, whether an agency declared it, and how it is known."""

    person: int | str
    role: str
    start: date | None
    end: date | None
    declared: bool
    evidence: list[Evidence]
    how_known: list[str] = field(default_factory=list)

    @property
    def agencies(self) -> list[str]:
        return sorted({e.agency for e in self.evidence})


@dataclass(slots=True)
class InferredHousehold:
    """People recorded at one home in overlapping periods, from the first to the last of them."""

    key: str
    home: Home
    address: str
    postcode: str
    start: date | None
    end: date | None
    members: list[InferredMember]


@dataclass(slots=True)
class _Stay:
    person: int | str
    home: str
    start: date | None          # None: before any record
    end: date | None            # None: still current
    start_recorded: bool        # the start is only the day a record held the address
    end_recorded: bool
    evidence: list[Evidence]
    closed_by_move: date | None = None


_FAR_PAST, _FAR_FUTURE = date.min, date.max


def _span(sighting: Sighting) -> tuple[date | None, date | None, bool, bool]:
    if sighting.kind in _DECLARED:
        return sighting.start, sighting.end, False, False
    day = sighting.start
    return day, day, True, True


def _resolve_homes(sightings: list[Sighting]) -> dict[int, Home]:
    """Each sighting's home; an address written without a postcode joins the one postcoded home it matches."""
    homes = {i: home_of(s.address, s.postcode) for i, s in enumerate(sightings)}
    postcoded: dict[tuple[str, str], set[str]] = defaultdict(set)
    by_key: dict[str, Home] = {}
    for home in homes.values():
        if home is not None and home.postcode:
            by_key[home.key] = home
            if home.town:
                postcoded[(home.premises, home.town)].add(home.key)
    for i, home in homes.items():
        if home is not None and not home.postcode:
            matches = postcoded.get((home.premises, home.town), set())
            if len(matches) == 1:
                homes[i] = by_key[next(iter(matches))]
    return {i: home for i, home in homes.items() if home is not None}


def _stays(sightings: list[Sighting], homes: dict[int, Home]) -> list[_Stay]:
    rules = household_rules()["together"]
    gap = timedelta(days=rules["rejoin_gap_days"])
    grouped: dict[tuple, list[int]] = defaultdict(list)
    for i in homes:
        grouped[(sightings[i].person, homes[i].key)].append(i)
    has_home_record = {key for key, idx in grouped.items() if any(sightings[i].kind != EVENT_AT_HOME for i in idx)}
    # When each person was recorded at each home (records and declared periods, not events).
    placed: dict = defaultdict(list)
    for i, home in homes.items():
        s = sightings[i]
        if s.kind != EVENT_AT_HOME:
            placed[s.person] += [(day, home.key) for day in (s.start, s.end) if day]
    stays: list[_Stay] = []
    for (person, key), idx in grouped.items():
        if not rules["events_make_a_home"] and (person, key) not in has_home_record:
            continue
        spans = []
        for i in idx:
            s = sightings[i]
            start, end, start_rec, end_rec = _span(s)
            evidence = Evidence(s.agency, s.agency_name, s.kind, s.ref, s.start, s.end, _written(s), s.role)
            spans.append((start or _FAR_PAST, end or _FAR_FUTURE, start_rec, end_rec, evidence))
        spans.sort(key=lambda sp: (sp[0], sp[1]))
        current = None
        for start, end, start_rec, end_rec, evidence in spans:
            if current is not None and (start <= _plus(current[1], gap)
                                        or not _elsewhere_between(placed[person], key, current[1], start)):
                if end > current[1]:
                    current[1], current[3] = end, end_rec
                elif end == current[1]:
                    current[3] = current[3] and end_rec
                if start == current[0]:
                    current[2] = current[2] and start_rec
                current[4].append(evidence)
                continue
            if current is not None:
                stays.append(_stay_from(person, key, current))
            current = [start, end, start_rec, end_rec, [evidence]]
        stays.append(_stay_from(person, key, current))
    _close_at_moves(stays)
    return stays


def _elsewhere_between(placed: list, home: str, after: date, before: date) -> bool:
    """Whether a record places the person at another home between two spells here (else: one spell)."""
    return any(other != home and after < day < before for day, other in placed)


def _plus(day: date, delta: timedelta) -> date:
    return _FAR_FUTURE if day >= _FAR_FUTURE - delta else day + delta


def _stay_from(person, key, current) -> _Stay:
    start, end, start_rec, end_rec, evidence = current
    return _Stay(person, key, None if start == _FAR_PAST else start, None if end == _FAR_FUTURE else end,
                 start_rec and start != _FAR_PAST, end_rec and end != _FAR_FUTURE, evidence)


def _close_at_moves(stays: list[_Stay]) -> None:
    """A stay with no end closes when the same person's next stay at another home begins (they moved)."""
    by_person: dict = defaultdict(list)
    for stay in stays:
        by_person[stay.person].append(stay)
    for own in by_person.values():
        for stay in own:
            if stay.end is not None:
                continue
            later = [o.start for o in own if o.home != stay.home and o.start and stay.start and o.start > stay.start
                     and not o.start_recorded]
            if later:
                stay.end = stay.closed_by_move = min(later)


def _bounds(stay: _Stay, margin: timedelta) -> tuple[date, date]:
    start, end = stay.start or _FAR_PAST, stay.end or _FAR_FUTURE
    if stay.start_recorded and start > _FAR_PAST + margin:
        start -= margin
    if stay.end_recorded:
        end = _plus(end, margin)
    return start, end


def _overlap(a: _Stay, b: _Stay, margin: timedelta) -> bool:
    """Periods are [start, end): a household record ending the day another begins is a move, not an overlap."""
    a_start, a_end = _bounds(a, margin)
    b_start, b_end = _bounds(b, margin)
    return a_start < b_end and b_start < a_end


def _written(s: Sighting) -> str:
    return ", ".join(part for part in (s.address, s.postcode) if part)


def infer_households(sightings: list[Sighting], person_types: dict | None = None) -> list[InferredHousehold]:
    """Households over time: for each home, the people whose stays there overlap, with evidence and words."""
    person_types = person_types or {}
    margin = timedelta(days=household_rules()["together"]["recorded_date_margin_days"])
    homes = _resolve_homes(sightings)
    stays = _stays(sightings, homes)
    by_home: dict[str, list[_Stay]] = defaultdict(list)
    for stay in stays:
        by_home[stay.home].append(stay)
    home_of_key = {home.key: home for home in homes.values()}
    written: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for i, home in homes.items():
        written[home.key][sightings[i].address.strip()] += 1
    elsewhere = _elsewhere(stays)
    households = []
    for key, at_home in by_home.items():
        for group in _groups(at_home, margin):
            starts = [s.start for s in group]
            ends = [s.end for s in group]
            start = None if None in starts else min(starts)
            end = None if None in ends else max(ends)
            home = home_of_key[key]
            address = max(written[key].items(), key=lambda kv: (kv[1], kv[0]))[0]
            members = [_member(stay, person_types.get(stay.person, ""), elsewhere) for stay in group]
            members.sort(key=lambda m: (m.start or _FAR_PAST, str(m.person)))
            households.append(InferredHousehold(
                key=f"{key}@{start.isoformat() if start else 'earliest'}", home=home, address=address,
                postcode=home.postcode, start=start, end=end, members=members))
    households.sort(key=lambda h: (h.start or _FAR_PAST, h.key))
    return households


def _groups(stays: list[_Stay], margin: timedelta) -> list[list[_Stay]]:
    """Connected groups of stays that overlap in time (people who came and went still join one household)."""
    parent = list(range(len(stays)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(stays)):
        for j in range(i + 1, len(stays)):
            if _overlap(stays[i], stays[j], margin):
                parent[find(i)] = find(j)
    groups: dict[int, list[_Stay]] = defaultdict(list)
    for i, stay in enumerate(stays):
        groups[find(i)].append(stay)
    return list(groups.values())


def _elsewhere(stays: list[_Stay]) -> dict:
    by_person: dict = defaultdict(list)
    for stay in stays:
        by_person[stay.person].append(stay)
    return by_person


def _member(stay: _Stay, person_type: str, elsewhere: dict) -> InferredMember:
    declared_roles = [e.role for e in sorted(stay.evidence, key=lambda e: e.start or _FAR_PAST)
                      if e.kind == HOUSEHOLD_RECORD and e.role]
    role = declared_roles[-1] if declared_roles else ("child" if person_type == "child" else "")
    declared = any(e.kind in _DECLARED for e in stay.evidence)
    member = InferredMember(stay.person, role, stay.start, stay.end, declared, list(stay.evidence))
    member.how_known = _how_known(stay, declared, elsewhere.get(stay.person, []))
    return member


def _fmt(day: date | None) -> str:
    return f"{day.day} {day:%b %Y}" if day else "an unknown date"


def _names(agencies: list[str]) -> str:
    agencies = sorted(set(agencies))
    return agencies[0] if len(agencies) == 1 else ", ".join(agencies[:-1]) + " and " + agencies[-1]


def _how_known(stay: _Stay, declared: bool, own_stays: list[_Stay]) -> list[str]:
    """How the membership is known, in words a practitioner can check against the records."""
    words = []
    declarers = [e.agency_name for e in stay.evidence if e.kind in _DECLARED]
    records = [e for e in stay.evidence if e.kind == IDENTITY_RECORD]
    events = [e for e in stay.evidence if e.kind == EVENT_AT_HOME]
    if declared:
        words.append(f"Declared by {_names(declarers)} ({_names([_KIND_WORDS[e.kind] for e in stay.evidence if e.kind in _DECLARED])}).")
    else:
        words.append("No agency has declared this household: JoinedUp inferred it from the addresses agencies hold.")
    if records:
        record_agencies = sorted({e.agency_name for e in records})
        days = sorted(e.start for e in records if e.start)
        when = ""
        if days:
            when = f", recorded on {_fmt(days[0])}" if days[0] == days[-1] else f", recorded between {_fmt(days[0])} and {_fmt(days[-1])}"
        count = len(record_agencies)
        words.append(f"{'One agency holds' if count == 1 else f'{count} agencies hold'} this address on "
                     f"{'its' if count == 1 else 'their'} identity record ({_names(record_agencies)}{when}).")
    elif not declared:
        words.append("No identity record holds this address.")
    if events:
        words.append(f"{len(events)} event{'s' if len(events) != 1 else ''} recorded at this address "
                     f"({_names([e.agency_name for e in events])}).")
    if stay.start is None and stay.end is None and not declared:
        words.append("When they lived here is not known.")
    elif stay.start_recorded or stay.end_recorded:
        words.append("The dates are when agencies recorded the address, not when anyone moved in or out.")
    if stay.closed_by_move:
        words.append(f"Shown as ending on {_fmt(stay.closed_by_move)}, when a record first places them at another address.")
    conflicts = []
    for other in own_stays:
        if other.home == stay.home:
            continue
        for e in other.evidence:
            if e.kind == EVENT_AT_HOME or e.start is None:
                continue
            inside = (stay.start or _FAR_PAST) < e.start < (stay.end or _FAR_FUTURE)
            if inside:
                conflicts.append(f"{e.agency_name} ({e.address}, {_fmt(e.start)})")
    if conflicts:
        words.append("During this period another record gives a different address: " + "; ".join(sorted(set(conflicts))[:3]) + ".")
    return words
