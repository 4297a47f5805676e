"""Shared state while generating: identifiers, addresses, staff."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from engine.synth import refdata
from engine.synth.config import SynthConfig
from engine.synth.ids import Counter
from engine.synth.places import AddressBook
from engine.synth.rng import stream

STAFF_ROLES = {
    "police": ["Police constable", "Detective constable", "Police sergeant", "Missing persons coordinator"],
    "health": ["Emergency department nurse", "Health visitor", "School nurse", "Paediatrician",
               "Named nurse for safeguarding", "Midwife", "CAMHS practitioner", "Sexual health nurse"],
    "school-hilltop": ["Designated safeguarding lead", "Head of year", "Attendance officer", "Class teacher"],
    "school-riverside": ["Designated safeguarding lead", "Class teacher", "Attendance officer", "Headteacher"],
    "csc": ["Social worker", "Team manager", "MASH social worker", "Family support worker"],
    "youth": ["Youth worker", "Detached youth worker", "Senior youth worker"],
}


class World:
    def __init__(self, cfg: SynthConfig) -> None:
        self.cfg = cfg
        self.start = cfg.window_start
        self.end = cfg.window_end
        self.days = (self.end - self.start).days
        self.addresses = AddressBook(cfg.seed)
        self.counter = Counter()
        self.staff = _staff(stream(cfg.seed, "staff"))

    def person_key(self) -> str:
        return f"T{self.counter.next('person'):07d}"

    def household_id(self) -> str:
        return f"HH{self.counter.next('household'):06d}"

    def random_day(self, rng: random.Random, lo: date | None = None, hi: date | None = None) -> date:
        lo = max(lo or self.start, self.start)
        hi = min(hi or self.end, self.end)
        span = (hi - lo).days
        return lo + timedelta(days=rng.randrange(span + 1)) if span > 0 else lo

    def author(self, rng: random.Random, agency: str, role: str) -> tuple[str, str]:
        roles = STAFF_ROLES[agency]
        role = role if role in roles else roles[0]
        return rng.choice(self.staff[agency][role]), role


def at(rng: random.Random, day: date, lo_hour: int = 8, hi_hour: int = 20) -> datetime:
    """A datetime on `day` at a random minute between the hours given."""
    minute = rng.randrange(lo_hour * 60, hi_hour * 60)
    return datetime(day.year, day.month, day.day, minute // 60, minute % 60)


def _staff(rng: random.Random) -> dict[str, dict[str, list[str]]]:
    data = refdata.names()
    out: dict[str, dict[str, list[str]]] = {}
    for agency, roles in STAFF_ROLES.items():
        out[agency] = {}
        for role in roles:
            people = []
            for _ in range(4):
                first = rng.choice(data["female"] if rng.random() < 0.6 else data["male"])
                people.append(f"{first[0]}. {rng.choice(data['surnames'])}")
            out[agency][role] = people
    return out
