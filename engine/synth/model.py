"""The true world the agencies partially see: people, households, events, links."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from engine.synth.places import Address

AGENCIES = ("police", "health", "school-hilltop", "school-riverside", "csc", "youth")


@dataclass(slots=True)
class Person:
    key: str
    person_type: str  # child | adult (at the end of the window)
    forename: str
    middle: str
    surname: str
    dob: date
    sex: str  # F | M
    ethnicity: str
    nhs: str | None = None
    upn: str | None = None
    former_surnames: list[tuple[date, str]] = field(default_factory=list)  # (until, surname)
    addresses: list[tuple[date, Address]] = field(default_factory=list)  # (from, address)

    def age_on(self, day: date) -> int:
        years = day.year - self.dob.year
        if (day.month, day.day) < (self.dob.month, self.dob.day):
            years -= 1
        return years

    def address_on(self, day: date) -> Address | None:
        found = self.addresses[0][1] if self.addresses else None
        for start, addr in self.addresses:
            if start <= day:
                found = addr
            else:
                break
        return found

    def surname_on(self, day: date) -> str:
        for until, name in self.former_surnames:
            if day < until:
                return name
        return self.surname

    def move(self, day: date, addr: Address) -> None:
        self.addresses.append((day, addr))


@dataclass(slots=True)
class Membership:
    household: str
    person: str
    role: str
    start: date | None
    end: date | None
    address: Address | None


@dataclass(slots=True)
class Location:
    kind: str
    name: str = ""
    address: str = ""
    postcode: str = ""
    loc_id: str = ""


@dataclass(slots=True)
class Event:
    agency: str
    etype: str
    at: datetime
    who: list[str]  # person keys, the child first
    note: str = ""
    attrs: dict | None = None
    role: str = ""  # author role; the author is drawn from that agency's staff
    child_seen: bool | None = None
    source: str | None = None
    loc: Location | None = None
    shared: tuple[str, ...] = ()
    delay_hours: float = 2.0
    flagged: str | None = None  # the flagged phrase the note deliberately contains


@dataclass(slots=True)
class Link:
    agency: str
    person: str
    atype: str
    how_known: str
    reliability: str
    other: str | None = None
    loc: Location | None = None
    group: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    note: str = ""


@dataclass(slots=True)
class Prompt:
    person: str
    scenario: str
    moment: date
    expected: str
    description: str
    citation: str


@dataclass
class Block:
    """A self-contained piece of the world: one household, or one scenario's households and people."""

    persons: dict[str, Person] = field(default_factory=dict)
    memberships: list[Membership] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    prompts: list[Prompt] = field(default_factory=list)
    scenarios: list[tuple[str, list[str], str]] = field(default_factory=list)
    known: dict[str, set[str]] = field(default_factory=dict)  # agency -> person keys it holds anyway
    looked_after: set[str] = field(default_factory=set)
    children: int = 0

    def add(self, person: Person) -> Person:
        self.persons[person.key] = person
        if person.person_type == "child":
            self.children += 1
        return person

    def know(self, agency: str, *keys: str) -> None:
        self.known.setdefault(agency, set()).update(keys)

    def ev(self, agency: str, etype: str, at: datetime, who: list[str], note: str = "", **kw) -> Event:
        event = Event(agency, etype, at, who, note, **kw)
        self.events.append(event)
        return event
