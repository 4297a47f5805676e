"""Small date helpers shared by the event generators."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from engine.synth.model import Block, Event, Location, Person
from engine.synth.notes import maybe_flag, neutral
from engine.synth.world import World, at

SCHOOLS = {"school-riverside": (4, 11), "school-hilltop": (11, 16)}


def weekday(day: date) -> date:
    """Move a weekend day back to the Friday."""
    wd = day.weekday()
    return day - timedelta(days=wd - 4) if wd > 4 else day


def add_working_days(day: date, n: int) -> date:
    while n > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def roll(person: Person, school: str) -> tuple[date, date]:
    """The period a child would be on roll at `school` (English school years)."""
    ayob = person.dob.year if person.dob.month < 9 else person.dob.year + 1
    lo, hi = SCHOOLS[school]
    return date(ayob + lo, 9, 1), date(ayob + hi, 7, 22)


def school_for(person: Person, day: date) -> str | None:
    for school in SCHOOLS:
        start, end = roll(person, school)
        if start <= day <= end:
            return school
    return None


def emit(world: World, rng: random.Random, block: Block, agency: str, etype: str, when: date | datetime,
         who: list[Person], attrs: dict | None = None, note: str | None = None, role: str = "",
         source: str | None = "first_hand", child_seen: bool | None = None, loc: Location | None = None,
         shared: tuple[str, ...] = (), delay: float | None = None, sex: str = "F") -> Event | None:
    """Record an event at `agency`; returns None when it would fall outside the window."""
    moment = when if isinstance(when, datetime) else at(rng, when)
    if moment.date() > world.end or moment.date() < world.start:
        return None
    ev = Event(agency, etype, moment, [p.key for p in who], neutral(rng, etype) if note is None else note,
               attrs, role, child_seen, source, loc, shared,
               rng.choice((0.5, 1.0, 3.0, 24.0, 72.0)) if delay is None else delay)
    if note is None:
        maybe_flag(rng, ev, world.cfg.flagged_note_rate, sex)
    block.events.append(ev)
    return ev


def spread(rng: random.Random, lo: date, hi: date, n: int) -> list[date]:
    """n sorted random days in [lo, hi]."""
    span = (hi - lo).days
    if span < 0:
        return []
    return sorted(lo + timedelta(days=rng.randrange(span + 1)) for _ in range(n))


def home(person: Person, day: date) -> Location | None:
    addr = person.address_on(day)
    if addr is None:
        return None
    return Location("address", "", addr.text, addr.postcode)


def birthday(person: Person, age: int) -> date:
    """The day `person` turns `age` (29 February births use the 28th)."""
    d = person.dob
    return date(d.year + age, d.month, min(d.day, 28) if d.month == 2 else d.day)
