"""Helpers shared by the injected scenarios."""

from __future__ import annotations

import random
from datetime import date, timedelta

from engine.synth.events_routine import routine
from engine.synth.households import Household, set_memberships
from engine.synth.model import Block, Link, Location, Person, Prompt
from engine.synth.people import dob_for_age, new_person, surname
from engine.synth.places import Address
from engine.synth.world import World


def anchor(world: World, rng: random.Random, age: int, span_days: int = 120) -> date:
    """A day in the window on which a child aged `age` is still under 18 at the end of the window."""
    lo = max(world.start + timedelta(days=300), world.end - timedelta(days=int((17 - age) * 365.25) - 30))
    hi = world.end - timedelta(days=span_days)
    return world.random_day(rng, min(lo, hi), hi)


def family(world: World, rng: random.Random, block: Block, sex: str, age: int, on: date, *,
           father: bool = True, siblings: int = 0, routine_events: bool = True, dob: date | None = None
           ) -> tuple[Household, Person]:
    """A household around one child aged `age` on `on`, in the schools' catchment, with ordinary history."""
    hh = Household(world.household_id(), catchment=True)
    fam = surname(rng)
    child_dob = dob or dob_for_age(rng, on, age)
    mum_dob = dob_for_age(rng, child_dob, rng.randint(19, 36))
    hh.mother = block.add(new_person(world, rng, "F", mum_dob, fam if rng.random() < 0.7 else None))
    child = new_person(world, rng, sex, child_dob, fam, hh.mother.ethnicity)
    hh.children.append(block.add(child))
    for i in range(siblings):
        sib_dob = child_dob + timedelta(days=rng.randint(400, 2500) * (1 if i % 2 else -1))
        if sib_dob < world.end:
            hh.children.append(block.add(new_person(world, rng, rng.choice("FM"), sib_dob, fam,
                                                    hh.mother.ethnicity)))
    if father:
        hh.father = block.add(new_person(world, rng, "M", mum_dob - timedelta(days=rng.randint(-700, 2500)), fam,
                                         hh.mother.ethnicity))
    hh.moves.append((world.start - timedelta(days=rng.randint(400, 3000)), world.addresses.new()))
    set_memberships(world, block, hh)
    if routine_events:
        routine(world, rng, block, hh)
    return hh, child


def adult(world: World, rng: random.Random, block: Block, sex: str, age_lo: int, age_hi: int, on: date) -> Person:
    p = block.add(new_person(world, rng, sex, dob_for_age(rng, on, rng.randint(age_lo, age_hi)),
                             person_type="adult"))
    p.addresses.append((world.start - timedelta(days=rng.randint(300, 4000)), world.addresses.new()))
    if rng.random() < 0.9:
        block.know("health", p.key)
    return p


def prompt(block: Block, person: Person, scenario: str, moment: date, expected: str, description: str,
           citation: str) -> None:
    block.prompts.append(Prompt(person.key, scenario, moment, expected, description, citation))


def link(block: Block, agency: str, person: Person, atype: str, how: str, reliability: str, *,
         other: Person | None = None, loc: Location | None = None, group: str | None = None,
         valid_from: date | None = None, note: str = "") -> None:
    block.links.append(Link(agency, person.key, atype, how, reliability, other.key if other else None, loc, group,
                            valid_from, None, note))


def place(world: World, kind: str = "address", name: str = "") -> tuple[Address, Location]:
    """A fresh address and the police's location record of it."""
    addr = world.addresses.new()
    n = world.counter.next("police:location")
    return addr, Location(kind, name, addr.text, addr.postcode, f"NPL{n:06d}")
