"""Creating true persons: names, dates of birth, identifiers."""

from __future__ import annotations

import random
from datetime import date, timedelta

from engine.synth import refdata
from engine.synth.ids import new_nhs_number, new_upn
from engine.synth.model import Person
from engine.synth.rng import weighted
from engine.synth.world import World

# Relative weight of each age (at the end of the window) among children: infant and adolescent peaks.
AGE_WEIGHTS = {0: 1.6, 1: 1.3, 2: 1.1, 3: 1.0, 4: 1.0, 5: 1.0, 6: 1.0, 7: 1.0, 8: 1.0, 9: 1.0, 10: 1.0,
               11: 1.1, 12: 1.1, 13: 1.25, 14: 1.3, 15: 1.3, 16: 1.25, 17: 1.2}


def pick(rng: random.Random, items: list[str]) -> str:
    """Earlier list entries are a little commoner."""
    return items[int(len(items) * rng.random() ** 1.4)]


def forename(rng: random.Random, sex: str) -> str:
    return pick(rng, refdata.names()["female" if sex == "F" else "male"])


def surname(rng: random.Random) -> str:
    return pick(rng, refdata.names()["surnames"])


def dob_for_age(rng: random.Random, ref: date, age: int) -> date:
    """A date of birth making someone `age` on `ref`."""
    latest = ref.replace(year=ref.year - age) if not (ref.month == 2 and ref.day == 29) else date(
        ref.year - age, 2, 28)
    return latest - timedelta(days=rng.randrange(365))


def child_age(rng: random.Random) -> int:
    return weighted(rng, AGE_WEIGHTS)


def new_person(world: World, rng: random.Random, sex: str, dob: date, family_name: str | None = None,
               ethnicity: str | None = None, person_type: str | None = None) -> Person:
    if person_type is None:
        person_type = "child" if _age(dob, world.end) < 18 else "adult"
    middle = ""
    if rng.random() < 0.55:
        middle = forename(rng, sex)
        if rng.random() < 0.08:
            middle += " " + forename(rng, sex)
    p = Person(
        key=world.person_key(),
        person_type=person_type,
        forename=forename(rng, sex),
        middle=middle,
        surname=family_name or surname(rng),
        dob=dob,
        sex=sex,
        ethnicity=ethnicity or weighted(rng, refdata.names()["ethnicity"]),
        nhs=new_nhs_number(rng),
    )
    if p.middle == p.forename:
        p.middle = ""
    if person_type == "child" and _age(dob, world.end) >= 4:
        p.upn = new_upn(rng)
    return p


def _age(dob: date, day: date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))
