"""Years of ordinary events: appointments, A&E visits, attendance, youth sessions."""

from __future__ import annotations

import random
from datetime import date, timedelta

from engine.synth.households import Household
from engine.synth.model import Block, Person
from engine.synth.rng import poisson
from engine.synth.timeline import SCHOOLS, birthday, emit, roll, spread, weekday
from engine.synth.world import World

COMPLAINTS = ["fall", "head injury", "fever", "breathing difficulty", "abdominal pain", "sprained ankle",
              "minor burn", "allergic reaction", "laceration", "suspected fracture", "vomiting", "ear pain"]
ADULT_COMPLAINTS = ["chest pain", "back pain", "laceration", "sprained wrist", "abdominal pain", "migraine"]
ATTENDANCE_CODES = {"N": 30, "O": 25, "G": 15, "U": 10, "I": 12, "M": 5, "E": 1, "C2": 2}


def routine(world: World, rng: random.Random, block: Block, hh: Household) -> None:
    for child in hh.children:
        _child_health(world, rng, block, child, hh)
        if hh.catchment:
            _school(world, rng, block, child)
        _youth(world, rng, block, child)
    for adult in [*hh.carers, *hh.others]:
        if rng.random() < 0.93:
            block.know("health", adult.key)
        for day in spread(rng, world.start, world.end, poisson(rng, 0.15 * world.days / 365)):
            emit(world, rng, block, "health", "health.ae_attendance", day, [adult],
                 {"presenting_complaint": rng.choice(ADULT_COMPLAINTS)}, role="Emergency department nurse")


def _child_health(world: World, rng: random.Random, block: Block, child: Person, hh: Household) -> None:
    block.know("health", child.key)
    lo = max(world.start, child.dob)
    years = max(0.0, (world.end - lo).days / 365)
    if child.dob >= world.start and hh.mother is not None:
        _birth(world, rng, block, child, hh.mother)
    for day in spread(rng, lo, world.end, poisson(rng, 1.1 * years)):
        age = child.age_on(day)
        if age < 2:
            service, role = rng.choice((("health visiting", "Health visitor"), ("immunisation", "Health visitor")))
        elif age < 5:
            service, role = rng.choice((("GP", "Health visitor"), ("dental", "Health visitor")))
        else:
            service, role = rng.choice((("GP", "School nurse"), ("dental", "School nurse"),
                                        ("school nursing", "School nurse")))
        appointment(world, rng, block, child, weekday(day), service, role, age)
    for day in spread(rng, lo, world.end, poisson(rng, 0.22 * years)):
        emit(world, rng, block, "health", "health.ae_attendance", day, [child],
             {"presenting_complaint": rng.choice(COMPLAINTS)}, role="Emergency department nurse",
             child_seen=True)
    if hh.mental_health and rng.random() < 0.15 and child.age_on(world.end) >= 12:
        day = world.random_day(rng, max(lo, birthday(child, 11)))
        emit(world, rng, block, "health", "health.camhs_referral", day, [child], role="CAMHS practitioner")
        for d in spread(rng, day + timedelta(days=60), day + timedelta(days=300), rng.randint(1, 4)):
            emit(world, rng, block, "health", "health.camhs_attendance", weekday(d), [child],
                 role="CAMHS practitioner", child_seen=True)


def appointment(world: World, rng: random.Random, block: Block, child: Person, day: date, service: str,
                role: str, age: int, agency: str = "health") -> None:
    r = rng.random()
    if r < 0.91:
        emit(world, rng, block, agency, "appointment.attended", day, [child], {"service": service}, role=role,
             child_seen=True)
    elif r < 0.94:
        etype = "appointment.not_attended" if age >= 16 else "appointment.was_not_brought"
        emit(world, rng, block, agency, etype, day, [child], {"service": service}, role=role,
             child_seen=False, sex=child.sex)
    elif r < 0.97:
        by = "service" if rng.random() < 0.5 else ("young_person" if age >= 14 else "family")
        emit(world, rng, block, agency, "appointment.cancelled", day, [child],
             {"service": service, "cancelled_by": by}, role=role)
    else:
        emit(world, rng, block, agency, "appointment.rescheduled", day, [child], {"service": service}, role=role)


def _birth(world: World, rng: random.Random, block: Block, child: Person, mother: Person) -> None:
    booking = child.dob - timedelta(days=rng.randint(170, 215))
    emit(world, rng, block, "health", "health.maternity_booking", weekday(booking), [mother], role="Midwife")
    attrs = {"gestation_weeks": rng.choice((37, 38, 39, 39, 40, 40, 40, 41, 41, 42)),
             "birth_weight_g": rng.randint(2600, 4300), "neonatal_abstinence": False}
    emit(world, rng, block, "health", "health.birth", child.dob, [child, mother], attrs, role="Midwife")


def _school(world: World, rng: random.Random, block: Block, child: Person) -> None:
    for school in SCHOOLS:
        start, end = roll(child, school)
        lo, hi = max(start, world.start), min(end, world.end)
        if lo > hi:
            continue
        block.know(school, child.key)
        years = (hi - lo).days / 365
        for day in spread(rng, lo, hi, poisson(rng, 0.12 * years)):
            code = max(ATTENDANCE_CODES, key=lambda c: ATTENDANCE_CODES[c] * rng.random())
            emit(world, rng, block, school, "school.attendance_concern", weekday(day), [child],
                 {"code": code, "sessions": rng.randint(4, 18)}, role="Attendance officer", sex=child.sex)
        if school == "school-hilltop":
            for day in spread(rng, lo, hi, poisson(rng, 0.03 * years)):
                reasons = rng.sample(["DB", "VP", "VA", "PP", "DM", "BU"], rng.randint(1, 2))
                emit(world, rng, block, school, "school.suspension", weekday(day), [child],
                     {"sessions": rng.randint(1, 6), "reasons": reasons}, role="Head of year", sex=child.sex)


def _youth(world: World, rng: random.Random, block: Block, child: Person) -> None:
    lo = max(world.start, birthday(child, 11))
    if lo > world.end or rng.random() >= world.cfg.youth_uptake:
        return
    first = world.random_day(rng, lo)
    last = min(world.end, first + timedelta(days=rng.randint(90, 900)))
    block.know("youth", child.key)
    n = poisson(rng, 7 * max(0.25, (last - first).days / 365))
    for day in spread(rng, first, last, n):
        emit(world, rng, block, "youth", "youth.session_attended", day, [child], role="Youth worker",
             child_seen=True, sex=child.sex)
    if rng.random() < 0.2:
        emit(world, rng, block, "youth", "youth.detached_contact", world.random_day(rng, first, last), [child],
             role="Detached youth worker", child_seen=True)
