"""Build the context graph from plain rows: people, places, groups, events, associations, households, rolls.

Links made from events (each keeps the event ids behind it):
  at_place           a person named in an event recorded at a place, that day
  co_present         two people in different events at the same place on the same day
  co_subject         two people named in one event
  arrested_together  two people named in one arrest or stop (or arrested at one place on one day)
  adult_with_child   an adult and a child named in one event (e.g. found with an adult of concern)
  missing_together   two children whose missing episodes overlap in time
Links from records: household (shared household spells, with lives_at to the home when known),
school (a child on a school's roll) and every association, under its own type code with the
association id, agency, how it is known and its reliability (information, never fact).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import combinations

from engine.context.graph import ADULT_AGE, ContextGraph, GraphBuilder, age_on
from engine.context.model import ADULT, CHILD, GROUP, PLACE, Event, Provenance
from engine.prompts.calendar import as_date

MISSING_TYPES = frozenset({"police.missing_report", "csc.missing_episode"})
ARREST_TYPES = frozenset({"police.arrest", "police.stop_search"})
MISSING_END_ATTRIBUTES = ("returned_at", "ended_at")


@dataclass(frozen=True)
class BuildOptions:
    """Caps that keep one busy record from becoming a clique (a register of 300 is not a peer group)."""

    max_subjects: int = 12       # events naming more people make no co_subject links
    max_copresent: int = 25      # place-days with more people make no co_present links
    missing_types: frozenset[str] = MISSING_TYPES
    arrest_types: frozenset[str] = ARREST_TYPES


def _keys(value) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split(";")
    return tuple(dict.fromkeys(k for k in (value or ()) if k))


def as_event(row: dict | Event) -> Event:
    if isinstance(row, Event):
        return row
    day = as_date(row.get("day") or row.get("occurred_at"))
    end = as_date(row.get("end"))
    attrs = row.get("attributes") or {}
    if end is None and isinstance(attrs, dict):
        end = next((as_date(attrs[a]) for a in MISSING_END_ATTRIBUTES if attrs.get(a)), None)
    return Event(row["event_id"], row["event_type"], day, row.get("agency", ""),
                 _keys(row.get("person_keys") or row.get("subjects")), row.get("place") or None, end)


def build_graph(persons: Iterable[dict], places: Iterable[dict] = (), groups: Iterable[dict] = (),
                events: Iterable[dict | Event] = (), associations: Iterable[dict] = (),
                households: Iterable[dict] = (), rolls: Iterable[dict] = (),
                options: BuildOptions | None = None) -> tuple[ContextGraph, dict[str, Event]]:
    """(graph, events by id). Row shapes (dicts; dates as date or ISO text):

    persons       {key, person_type: child | adult, date_of_birth?, label?}
    places        {key, kind?, label?}             groups  {key, label?}
    events        {event_id, event_type, day, agency?, person_keys: [keys] or "a;b", place?: place key,
                   end?: day (or attributes.returned_at / ended_at for missing episodes)}
    associations  {association_id, agency, person_key, association_type, other_person_key? | place? |
                   group?, valid_from?, valid_to?, how_known?, reliability?, note?}
    households    {household_id, person_key, start?, end?, place?}    (one row per spell)
    rolls         {place, person_key, agency?, start?, end?}           (a child on a school's roll)
    """
    options = options or BuildOptions()
    b = GraphBuilder()
    for p in persons:
        b.add_node(p["key"], CHILD if p.get("person_type", CHILD) == CHILD else ADULT, p.get("label", ""),
                   as_date(p.get("date_of_birth")))
    for p in places:
        b.add_node(p["key"], PLACE, p.get("label", "") or p.get("kind", ""))
    for g in groups:
        b.add_node(g["key"], GROUP, g.get("label", ""))

    def is_child(key: str, day: date) -> bool:
        i = b.index.get(key)
        if i is None:
            return False
        dob = b.dobs[i]
        return age_on(dob, day) < ADULT_AGE if dob else b.kinds[i] == CHILD

    evs: dict[str, Event] = {}
    place_day: dict[tuple[str, date], list[Event]] = defaultdict(list)
    missing: list[tuple[date, date, str, str, str]] = []  # (start, end, child, event id, agency)
    for row in events:
        ev = as_event(row)
        evs[ev.event_id] = ev
        for k in ev.subjects:
            if k not in b.index:
                b.add_node(k, ADULT)
        prov = Provenance(event_ids=(ev.event_id,), agency=ev.agency)
        if ev.place:
            if ev.place not in b.index:
                b.add_node(ev.place, PLACE)
            place_day[(ev.place, ev.day)].append(ev)
            for k in ev.subjects:
                b.add_link(k, ev.place, "at_place", ev.day, ev.day, prov)
        if ev.event_type in options.missing_types:
            for k in ev.subjects:
                missing.append((ev.day, max(ev.end or ev.day, ev.day), k, ev.event_id, ev.agency))
        elif 2 <= len(ev.subjects) <= options.max_subjects:
            for a, c in combinations(ev.subjects, 2):
                b.add_link(a, c, _pair_kind(ev.event_type, is_child(a, ev.day), is_child(c, ev.day), options),
                           ev.day, ev.day, prov)
    # co-presence: different events at one place on one day
    for (_place, day), group in place_day.items():
        if len(group) < 2:
            continue
        who: dict[str, list[Event]] = defaultdict(list)
        for ev in group:
            for k in ev.subjects:
                who[k].append(ev)
        if len(who) > options.max_copresent:
            continue
        for a, c in combinations(sorted(who), 2):
            pairs = [(x, y) for x in who[a] for y in who[c] if x.event_id != y.event_id]
            if not pairs or any(x.event_id == y.event_id for x in who[a] for y in who[c]):
                continue  # already linked by one event
            ids = tuple(sorted({e.event_id for x, y in pairs for e in (x, y)}))
            arrested = all(e.event_type in options.arrest_types for x, y in pairs for e in (x, y))
            b.add_link(a, c, "arrested_together" if arrested else "co_present", day, day,
                       Provenance(event_ids=ids, agency=";".join(sorted({e.agency for x, y in pairs for e in (x, y)}))))
    _missing_together(b, missing)
    for a in associations:
        target = a.get("other_person_key") or a.get("place") or a.get("group")
        if not target:
            continue
        if target not in b.index:
            b.add_node(target, PLACE if a.get("place") else GROUP if a.get("group") else ADULT)
        b.add_link(a["person_key"], target, a["association_type"], as_date(a.get("valid_from")),
                   as_date(a.get("valid_to")),
                   Provenance(association_id=a.get("association_id", ""), agency=a.get("agency", ""),
                              how_known=a.get("how_known", ""), reliability=a.get("reliability", ""),
                              note=a.get("note", "")))
    _households(b, households)
    for r in rolls:
        if r["place"] not in b.index:
            b.add_node(r["place"], PLACE, r.get("label", ""))
        b.add_link(r["person_key"], r["place"], "school", as_date(r.get("start")), as_date(r.get("end")),
                   Provenance(agency=r.get("agency", ""), how_known="record", reliability="verified"))
    return b.freeze(), evs


def _pair_kind(event_type: str, a_child: bool, c_child: bool, options: BuildOptions) -> str:
    if event_type in options.arrest_types:
        return "arrested_together"
    if a_child != c_child:
        return "adult_with_child"
    return "co_subject"


def _missing_together(b: GraphBuilder, episodes: list[tuple[date, date, str, str, str]]) -> None:
    """Overlapping missing episodes of two different people: one link per pair and first shared day."""
    episodes.sort()
    open_: list[tuple[date, date, str, str, str]] = []
    merged: dict[tuple[str, str, date], tuple[date, set, set]] = {}
    for ep in episodes:
        start, end, who, eid, agency = ep
        open_ = [o for o in open_ if o[1] >= start]
        for o in open_:
            if o[2] == who:
                continue
            a, c = sorted((o[2], who))
            key = (a, c, start)
            _, ids, agencies = merged.get(key, (start, set(), set()))
            merged[key] = (min(end, o[1]), ids | {eid, o[3]}, agencies | {agency, o[4]})
        open_.append(ep)
    # two agencies recording one episode give two overlapping pairs: keep the earliest per pair and day
    for (a, c, start), (end, ids, agencies) in sorted(merged.items()):
        b.add_link(a, c, "missing_together", start, end,
                   Provenance(event_ids=tuple(sorted(ids)), agency=";".join(sorted(x for x in agencies if x))))


def _households(b: GraphBuilder, rows: Iterable[dict]) -> None:
    spells: dict[str, list[tuple[str, date | None, date | None]]] = defaultdict(list)
    for r in rows:
        start, end = as_date(r.get("start")), as_date(r.get("end"))
        spells[r["household_id"]].append((r["person_key"], start, end))
        if r.get("place"):
            if r["place"] not in b.index:
                b.add_node(r["place"], PLACE, r.get("label", ""))
            b.add_link(r["person_key"], r["place"], "lives_at", start, end,
                       Provenance(agency=r.get("agency", ""), how_known="record", reliability="verified"))
    for hh, members in spells.items():
        for (a, s1, e1), (c, s2, e2) in combinations(members, 2):
            if a == c:
                continue
            lo = max((d for d in (s1, s2) if d), default=None)
            hi = min((d for d in (e1, e2) if d), default=None)
            if lo and hi and lo >= hi:
                continue
            b.add_link(a, c, "household", lo, hi,
                       Provenance(agency="", how_known="record", reliability="verified", note=f"household {hh}"))
