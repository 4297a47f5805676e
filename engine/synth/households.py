"""Households over time: parents, separations, new partners, siblings, moves."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from engine.synth.model import Block, Membership, Person
from engine.synth.people import child_age, dob_for_age, new_person, surname
from engine.synth.places import Address
from engine.synth.world import World


@dataclass
class Household:
    hid: str
    children: list[Person] = field(default_factory=list)
    mother: Person | None = None
    father: Person | None = None
    partner: Person | None = None
    others: list[Person] = field(default_factory=list)
    moves: list[tuple[date, Address]] = field(default_factory=list)  # (from, address), first = start
    separated: date | None = None
    partner_from: date | None = None
    da: bool = False
    substance: bool = False
    mental_health: bool = False
    catchment: bool = False
    csc_from: date | None = None

    @property
    def carers(self) -> list[Person]:
        return [p for p in (self.mother, self.father, self.partner) if p is not None]

    def address_on(self, day: date) -> Address:
        found = self.moves[0][1]
        for start, addr in self.moves:
            if start <= day:
                found = addr
        return found


def build_household(world: World, rng: random.Random, block: Block, max_children: int) -> Household:
    """A background household with 1..max_children children, and its history over the window."""
    hh = Household(world.household_id())
    n = min(max_children, _number_of_children(rng))
    ages = [child_age(rng)]  # the age profile applies to every child, so siblings go either side
    for _ in range(n - 1):
        gap = rng.randint(1, 6)
        if rng.random() < 0.5 and max(ages) + gap <= 17:
            ages.append(max(ages) + gap)
        elif min(ages) - gap >= 0:
            ages.append(min(ages) - gap)
    ages.sort(reverse=True)
    eldest = ages[0]
    structure = rng.choices(["two", "mother", "father", "kin"], [58, 33, 4, 5])[0]
    family = surname(rng)
    mum_age = eldest + rng.randint(17, 40)
    mother = new_person(world, rng, "F", dob_for_age(rng, world.end, mum_age),
                        family if rng.random() < 0.6 else None)
    eth = mother.ethnicity
    father = new_person(world, rng, "M", dob_for_age(rng, world.end, max(18 + eldest, mum_age + rng.randint(-3, 8))),
                        family, ethnicity=eth if rng.random() < 0.8 else None)
    kids_name = father.surname if rng.random() < 0.75 else mother.surname
    for age in ages:
        sex = "F" if rng.random() < 0.49 else "M"
        child = new_person(world, rng, sex, dob_for_age(rng, world.end, age), kids_name, eth)
        hh.children.append(block.add(child))
    if structure in ("two", "mother", "kin"):
        hh.mother = block.add(mother)
    if structure in ("two", "father"):
        hh.father = block.add(father)
    if structure == "kin":
        gran = new_person(world, rng, "F", dob_for_age(rng, world.end, mum_age + rng.randint(19, 30)),
                          mother.surname, eth)
        hh.others.append(block.add(gran))
    _history(world, rng, block, hh)
    return hh


def _number_of_children(rng: random.Random) -> int:
    return rng.choices([1, 2, 3, 4, 5], [40, 35, 16, 7, 2])[0]


def _history(world: World, rng: random.Random, block: Block, hh: Household) -> None:
    addr = world.addresses.new()
    hh.moves.append((world.start - timedelta(days=rng.randrange(365, 3650)), addr))
    for _ in range(rng.choices([0, 1, 2], [62, 30, 8])[0]):
        hh.moves.append((world.random_day(rng, hh.moves[-1][0] + timedelta(days=120)), world.addresses.new()))
    hh.moves.sort(key=lambda m: m[0])
    hh.catchment = rng.random() < world.cfg.school_catchment
    if hh.father and hh.mother and rng.random() < 0.14:
        hh.separated = world.random_day(rng, world.start + timedelta(days=90))
        hh.father.addresses.append((hh.separated, world.addresses.new()))
    single_mother = hh.mother and (hh.father is None or hh.separated)
    if single_mother and rng.random() < 0.22:
        hh.partner_from = world.random_day(rng, (hh.separated or world.start) + timedelta(days=60))
        age = max(20, hh.mother.age_on(world.end) + rng.randint(-6, 10))
        hh.partner = block.add(new_person(world, rng, "M", dob_for_age(rng, world.end, age)))
        if rng.random() < 0.35:
            _take_surname(rng, hh, hh.partner.surname, hh.partner_from + timedelta(days=rng.randint(60, 500)))
    risk = 2.2 if hh.partner else (1.6 if hh.separated else 1.0)
    hh.da = rng.random() < world.cfg.da_household_rate * risk
    hh.substance = rng.random() < (0.12 if hh.da else 0.03)
    hh.mental_health = rng.random() < (0.2 if hh.da else 0.07)
    if rng.random() < 0.01:
        lodger = new_person(world, rng, "M" if rng.random() < 0.7 else "F", dob_for_age(rng, world.end, rng.randint(22, 60)))
        hh.others.append(block.add(lodger))
    set_memberships(world, block, hh)


def _take_surname(rng: random.Random, hh: Household, new: str, day: date) -> None:
    if hh.mother is None or day > hh.moves[-1][0] + timedelta(days=4000):
        return
    hyphen = rng.random() < 0.3
    for p in [hh.mother, *hh.children]:
        if p is hh.mother and hyphen:
            continue
        value = f"{p.surname}-{new}" if hyphen else new
        p.former_surnames.append((day, p.surname))
        p.surname = value


def set_memberships(world: World, block: Block, hh: Household) -> None:
    """Truth memberships, one row per person, role and address period; sets everyone's address history."""
    periods = []
    for i, (start, addr) in enumerate(hh.moves):
        end = hh.moves[i + 1][0] if i + 1 < len(hh.moves) else None
        periods.append((start, end, addr))
    roles = [(c, "child", c.dob, None) for c in hh.children]
    if hh.mother:
        roles.append((hh.mother, "parent", None, None))
    if hh.father:
        roles.append((hh.father, "parent", None, hh.separated))
    if hh.partner:
        roles.append((hh.partner, "parent_partner", hh.partner_from, None))
    for o in hh.others:
        roles.append((o, "grandparent" if o.age_on(world.end) > 45 else "lodger", None, None))
    for person, role, frm, until in roles:
        moved = list(person.addresses)
        person.addresses = []
        for start, end, addr in periods:
            s = max(start, frm) if frm else start
            e = min(end, until) if (end and until) else (end or until)
            if e is not None and e <= s:
                continue
            block.memberships.append(Membership(hh.hid, person.key, role, s, e, addr))
            person.addresses.append((s, addr))
        person.addresses.extend(moved)
        person.addresses.sort(key=lambda a: a[0])
        if role == "parent_partner" and frm:
            person.addresses.insert(0, (frm - timedelta(days=3000), world.addresses.new()))
