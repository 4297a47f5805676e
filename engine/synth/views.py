"""What each agency holds of a block of the world, written to the sink with its own identifiers."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from engine.synth import fhir
from engine.synth.model import AGENCIES, Block, Event, Location
from engine.synth.timeline import roll
from engine.synth.variation import render_person
from engine.synth.world import World
from engine.synth.writers import EVENT_COLS, PEOPLE_COLS, Sink

PREFIX = {"police": "NP", "health": "RNS", "school-hilltop": "HT", "school-riverside": "RV", "csc": "NC",
          "youth": "YS"}
DUPLICATING = ("police", "health", "csc")


def _dmy(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _loc(loc: Location | None) -> list[str]:
    if loc is None:
        return ["", "", "", "", ""]
    return [loc.loc_id, loc.kind, loc.name, loc.address, loc.postcode]


class BlockView:
    def __init__(self, world: World, rng: random.Random, block: Block, sink: Sink) -> None:
        self.world, self.rng, self.block, self.sink = world, rng, block, sink
        self.records: dict[tuple[str, str], list[tuple[str, datetime | None]]] = {}
        self.rows: dict[str, list] = {}

    def render(self) -> None:
        self._truth()
        by_agency: dict[str, list[Event]] = {a: [] for a in AGENCIES}
        for ev in self.block.events:
            by_agency[ev.agency].append(ev)
        for agency in AGENCIES:
            events = sorted(by_agency[agency], key=lambda e: e.at)
            self._people(agency, events)
            self._events(agency, events)
        self._links()
        self._households()
        self._ssda903()

    def _truth(self) -> None:
        s, b = self.sink, self.block
        s.rows("truth", "persons", [[p.key, p.person_type, p.forename, p.surname, p.dob.isoformat(), p.sex]
                                    for p in b.persons.values()])
        s.rows("truth", "households", [
            [m.household, m.person, m.role, m.start.isoformat() if m.start else "",
             m.end.isoformat() if m.end else "", m.address.text if m.address else "",
             m.address.postcode if m.address else ""] for m in b.memberships])
        s.rows("truth", "prompts", [[p.person, p.scenario, p.moment.isoformat(), p.expected, p.description,
                                     p.citation] for p in b.prompts])
        s.rows("truth", "scenarios", [[name, ";".join(keys), desc] for name, keys, desc in b.scenarios])

    def _people(self, agency: str, events: list[Event]) -> None:
        world, rng, block = self.world, self.rng, self.block
        last: dict[str, datetime] = {}
        times: dict[str, list[datetime]] = {}
        for ev in events:
            for k in ev.who:
                last[k] = ev.at
                times.setdefault(k, []).append(ev.at)
        linked = {k for link in block.links if link.agency == agency for k in (link.person, link.other) if k}
        known = block.known.get(agency, set())
        latest = events[-1].at.date() if events else world.end
        for key, person in block.persons.items():
            if key not in known and key not in last and key not in linked:
                continue
            if agency == "health":
                snap = world.end if rng.random() < 0.9 else (last[key].date() if key in last else world.end)
            elif agency.startswith("school"):
                snap = min(world.end, roll(person, agency)[1]) if person.person_type == "child" else latest
            else:
                snap = last[key].date() if key in last else latest
            split = None
            seen = times.get(key, [])
            if agency in DUPLICATING and len(seen) >= 2 and rng.random() < world.cfg.duplicate_record_rate:
                split = seen[len(seen) // 2 - 1]
            recs = []
            for i in range(2 if split else 1):
                n = world.counter.next(agency)
                rid = f"{PREFIX[agency]}{n:07d}"
                police_id = f"NS{n:06d}{'ABCDEFGHJK'[n % 10]}" if agency == "police" else ""
                day = split.date() if (split and i == 0) else snap
                row = render_person(world.cfg, rng, agency, person, min(day, world.end), rid, police_id)
                self._write_person(agency, row)
                self.sink.row("truth", "records", [agency, rid, key])
                recs.append((rid, split if i == 0 else None))
                self.rows[rid] = row
            self.records[(agency, key)] = recs

    def _write_person(self, agency: str, row: list) -> None:
        if agency == "health":
            self.sink.fhir(fhir.patient(row), "people")
        elif agency == "youth":
            self.sink.youth("people", PEOPLE_COLS, row)
        else:
            self.sink.row(agency, "people", row)

    def record(self, agency: str, key: str, when: datetime | None = None) -> str:
        recs = self.records[(agency, key)]
        if when is not None and len(recs) > 1 and when > recs[0][1]:
            return recs[1][0]
        return recs[0][0]

    def _events(self, agency: str, events: list[Event]) -> None:
        world, rng, sink = self.world, self.rng, self.sink
        for ev in events:
            eid = f"{PREFIX[agency]}E{world.counter.next(agency + ':event'):08d}"
            ids = list(dict.fromkeys(self.record(agency, k, ev.at) for k in ev.who))
            author, role = world.author(rng, agency, ev.role)
            if ev.flagged:
                sink.row("truth", "language", [agency, eid, ev.flagged])
            sink.row("truth", "events", [eid, agency, ev.etype, ev.at.isoformat(timespec="seconds"), ";".join(ev.who),
                                         fhir.attrs_json(ev.attrs) if ev.attrs else ""])
            if agency == "health":
                sink.fhir(fhir.encounter_entry(eid, ids[0], ev, author, role), "events")
                continue
            recorded = ev.at + timedelta(hours=ev.delay_hours)
            row = [eid, ";".join(ids), ev.at.isoformat(timespec="seconds"), recorded.isoformat(timespec="seconds"),
                   ev.etype, ev.note, author, role, "" if ev.child_seen is None else ("Y" if ev.child_seen else "N"),
                   ev.source or "", *_loc(ev.loc), fhir.attrs_json(ev.attrs) if ev.attrs else "",
                   ";".join(ev.shared)]
            if agency == "youth":
                sink.youth("events", EVENT_COLS, row)
            else:
                sink.row(agency, "events", row)

    def _links(self) -> None:
        for link in self.block.links:
            aid = f"{PREFIX[link.agency]}A{self.world.counter.next(link.agency + ':assoc'):07d}"
            other = self.record(link.agency, link.other) if link.other else ""
            self.sink.row(link.agency, "associations", [
                aid, self.record(link.agency, link.person), link.atype, other, *_loc(link.loc),
                link.group or "", link.valid_from.isoformat() if link.valid_from else "",
                link.valid_to.isoformat() if link.valid_to else "", link.how_known, link.reliability, link.note])

    def _households(self) -> None:
        block = self.block
        csc_children = {m.household for m in block.memberships
                        if m.role == "child" and ("csc", m.person) in self.records}
        ids: dict[str, str] = {}
        for m in block.memberships:
            if m.household not in csc_children or ("csc", m.person) not in self.records:
                continue
            if m.household not in ids:
                ids[m.household] = f"NCH{self.world.counter.next('csc:household'):06d}"
            mid = f"NCM{self.world.counter.next('csc:membership'):07d}"
            addr = m.address
            self.sink.row("csc", "households", [
                mid, ids[m.household], self.record("csc", m.person), m.role,
                m.start.isoformat() if m.start else "", m.end.isoformat() if m.end else "",
                addr.text if addr else "", addr.postcode if addr else ""])

    def _ssda903(self) -> None:
        for key in sorted(self.block.looked_after):
            if ("csc", key) not in self.records:
                continue
            person = self.block.persons[key]
            rid = self.record("csc", key)
            row = self.rows[rid]
            dob = _dmy(date.fromisoformat(row[6])) if row[6] else _dmy(person.dob)
            self.sink.row("csc", "ssda903_header", [rid, "1" if person.sex == "M" else "2", dob, person.ethnicity,
                                                    row[11], "0" if person.sex == "F" else "", ""])
            for ev in self.block.events:
                if ev.agency == "csc" and ev.etype == "csc.missing_episode" and ev.who[0] == key:
                    end = ev.attrs.get("ended_at", "")
                    self.sink.row("csc", "ssda903_missing", [
                        self.record("csc", key, ev.at), dob, ev.attrs["missing_type"], _dmy(ev.at.date()),
                        _dmy(datetime.fromisoformat(end).date()) if end else ""])
