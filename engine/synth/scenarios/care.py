"""Repeated missing from care, was-not-brought then closure, and an infant with parental risk factors."""

from __future__ import annotations

import random
from datetime import timedelta

from engine.synth.events_family import missing
from engine.synth.model import Block
from engine.synth.scenarios.base import adult, anchor, family, prompt
from engine.synth.timeline import add_working_days, emit, home, weekday
from engine.synth.world import World


def repeated_missing(world: World, rng: random.Random, block: Block, name: str) -> None:
    age = rng.randint(12, 16)
    day = anchor(world, rng, age, span_days=300)
    _hh, child = family(world, rng, block, rng.choice("FFM"), age, day, father=False)
    emit(world, rng, block, "csc", "csc.cla_episode_start", day, [child],
         {"legal_status": "C2", "placement": "R1 residential children's home"},
         note="Child became looked after and moved to a children's home.", role="Social worker")
    block.looked_after.add(child.key)
    first = weekday(day + timedelta(days=rng.randint(20, 60)))
    gaps = [0, rng.randint(10, 35), rng.randint(40, 85)]
    if rng.random() < 0.5:
        gaps.append(gaps[-1] + rng.randint(5, 30))
    for i, gap in enumerate(gaps):
        when = first + timedelta(days=gap)
        missing(world, rng, block, child, when, "M" if i % 2 == 0 else "A")
        if i == 2:  # missing() moves a weekend day back to the Friday
            prompt(block, child, name, weekday(when), "third missing episode in 90 days",
                   "Third missing episode from care within 90 days.", "000 L651-696; 004 §5.5 L3190-3194")
    block.scenarios.append((name, [child.key], "Repeated missing from care: three or more episodes in 90 days."))


def was_not_brought_closure(world: World, rng: random.Random, block: Block, name: str) -> None:
    age = rng.randint(0, 5)
    day = anchor(world, rng, age, span_days=300)
    hh, child = family(world, rng, block, rng.choice("FM"), age, day, father=rng.random() < 0.4)
    emit(world, rng, block, "csc", "csc.referral", day, [child], {"referral_source": "3B", "primary_need": "N1"},
         note="Referral from the health visitor: concerns about home conditions and the child's weight.",
         role="MASH social worker", source="third_party")
    emit(world, rng, block, "csc", "csc.assessment", add_working_days(day, 30), [child], {"factors": ["16A"]},
         role="Social worker", child_seen=True)
    service = rng.choice(("community paediatrics", "health visiting", "dietetics"))
    when = day + timedelta(days=40)
    for _ in range(3):
        when = weekday(when + timedelta(days=rng.randint(14, 35)))
        emit(world, rng, block, "health", "appointment.was_not_brought", when, [child], {"service": service},
             role="Paediatrician", child_seen=False)
    closed = add_working_days(when, rng.randint(3, 15))
    emit(world, rng, block, "csc", "csc.closure", closed, [child], {"reason": "RC7"},
         note="Case closed: family not engaging with services.", role="Team manager")
    prompt(block, child, name, closed, "was not brought ×3 then closure",
           "Closure after the child was not brought to three appointments; risk must be reviewed first.",
           "000 p249 L420-427; 002 L197-199")
    block.scenarios.append((name, [child.key] + [p.key for p in hh.carers],
                            "Was not brought to three appointments, then the case was closed."))


def infant_risk(world: World, rng: random.Random, block: Block, name: str) -> None:
    birth = world.random_day(rng, world.start + timedelta(days=300), world.end - timedelta(days=60))
    hh, baby = family(world, rng, block, rng.choice("FM"), 0, birth, father=False, routine_events=False,
                      dob=birth)
    mum = hh.mother
    partner = adult(world, rng, block, "M", 22, 38, birth)
    emit(world, rng, block, "health", "health.substance_misuse_treatment", birth - timedelta(days=200), [mum],
         note="Attends the drug service; opiate substitute prescription.", role="Named nurse for safeguarding")
    emit(world, rng, block, "health", "health.maternity_booking", weekday(birth - timedelta(days=80)), [mum],
         note="Late booking at about 28 weeks.", role="Midwife")
    da = birth - timedelta(days=rng.randint(20, 70))
    emit(world, rng, block, "police", "police.domestic_abuse_incident", da, [mum, partner], {"children_present": False},
         note="Domestic abuse incident; the victim is pregnant.", role="Police constable", loc=home(mum, da),
         shared=("csc", "health"))
    emit(world, rng, block, "csc", "csc.referral", add_working_days(da, 2), [mum],
         {"referral_source": "6", "primary_need": "N1"}, note="Pre-birth referral after domestic abuse.",
         role="MASH social worker", source="third_party")
    weeks = rng.randint(30, 35)
    emit(world, rng, block, "health", "health.birth", birth, [baby, mum],
         {"gestation_weeks": weeks, "birth_weight_g": rng.randint(1300, 2300), "neonatal_abstinence": True},
         note="Premature birth; baby admitted to special care with neonatal abstinence syndrome.", role="Midwife")
    prompt(block, baby, name, birth, "infant under 1 with parental risk factors",
           f"Baby born at {weeks} weeks with neonatal abstinence syndrome; maternal substance misuse and domestic "
           "abuse in pregnancy.", "000 p69 L303-312")
    block.scenarios.append((name, [baby.key, mum.key, partner.key],
                            "Infant under one: prematurity, neonatal abstinence, parental substance misuse and DA."))
