"""Older teenager with DA and exploitation, concerns without referral, separation with threats, under-13s."""

from __future__ import annotations

import random
from datetime import timedelta

from engine.synth.model import Block
from engine.synth.scenarios.base import adult, anchor, family, link, prompt
from engine.synth.timeline import add_working_days, emit, home, weekday
from engine.synth.world import World


def older_teen_da_exploitation(world: World, rng: random.Random, block: Block, name: str) -> None:
    age = 16
    day = weekday(anchor(world, rng, age, span_days=200))
    _hh, girl = family(world, rng, block, "F", age, day, father=rng.random() < 0.4)
    man = adult(world, rng, block, "M", 21, 29, day)
    link(block, "police", girl, "reported_boyfriend", "reported_by_child", "unverified", other=man, valid_from=day,
         note="The child describes him as her partner; he is an adult.")
    emit(world, rng, block, "youth", "youth.concern", day, [girl],
         note="Young person arrives with new phone and clothes from an older man; she has stopped seeing friends.",
         role="Youth worker", child_seen=True)
    inc = day + timedelta(days=rng.randint(10, 40))
    emit(world, rng, block, "police", "police.domestic_abuse_incident", inc, [girl, man], {"children_present": False},
         note="Domestic abuse incident: the adult man assaulted the 16-year-old at his flat.", role="Police constable",
         loc=home(man, inc))
    emit(world, rng, block, "police", "police.crime_victim", inc, [girl], {"offence": "assault occasioning actual bodily harm"},
         role="Police constable", child_seen=True)
    emit(world, rng, block, "health", "health.sexual_health_attendance", weekday(inc + timedelta(days=12)), [girl],
         note="Attended the sexual health clinic; disclosed she is taken to other men's addresses by an adult.",
         role="Sexual health nurse", child_seen=True)
    emit(world, rng, block, "youth", "safeguarding.concern", weekday(inc + timedelta(days=15)), [girl],
         {"concern": "exploitation_sexual"}, note="Young person is being sexually exploited by adult men.",
         role="Senior youth worker", child_seen=True)
    prompt(block, girl, name, weekday(inc + timedelta(days=15)), "16–17 with DA and exploitation signs",
           "A 16-year-old recorded as a domestic abuse victim also shows signs of sexual exploitation; both may apply.",
           "004 §2.4 L820-825")
    block.scenarios.append((name, [girl.key, man.key], "16-17-year-old: domestic abuse by an adult partner and "
                                                       "signs of sexual exploitation."))


def concerns_no_referral(world: World, rng: random.Random, block: Block, name: str) -> None:
    age = rng.randint(6, 14)
    day = weekday(anchor(world, rng, age, span_days=100))
    _hh, child = family(world, rng, block, rng.choice("FM"), age, day)
    school = "school-riverside" if age < 11 else "school-hilltop"
    emit(world, rng, block, school, "school.safeguarding_concern", day, [child],
         note="Bruising seen on the child's upper arm; child said an adult at home grabbed them.",
         role="Designated safeguarding lead", child_seen=True)
    second = day + timedelta(days=rng.randint(3, 20))
    emit(world, rng, block, "health", "health.injury", second, [child], {"body_site": "upper arm"},
         note="Bruises of different ages to the upper arm; explanation inconsistent.", role="Paediatrician",
         child_seen=True)
    prompt(block, child, name, day + timedelta(days=28), "concerns from two agencies and no referral within 28 days",
           "School and health both recorded concerns; no agency referred to children's social care.",
           "001 L216-221")
    block.scenarios.append((name, [child.key], "Two agencies record concerns about the same child; no referral."))


def separation_with_threats(world: World, rng: random.Random, block: Block, name: str) -> None:
    age = rng.randint(2, 12)
    day = anchor(world, rng, age, span_days=120)
    hh, child = family(world, rng, block, rng.choice("FM"), age, day, siblings=rng.choice((0, 1)))
    mum, dad = hh.mother, hh.father
    inc = day - timedelta(days=rng.randint(5, 20))
    emit(world, rng, block, "police", "police.domestic_abuse_incident", inc, [*hh.children, mum, dad],
         {"children_present": True}, note="Domestic abuse incident during an argument about separation.",
         role="Police constable", loc=home(mum, inc), shared=("csc",))
    emit(world, rng, block, "csc", "csc.contact", add_working_days(inc, 1), [child], role="MASH social worker",
         source="third_party")
    emit(world, rng, block, "csc", "household.separation", day, [child, mum, dad],
         {"threats": True, "contact_restricted": True},
         note="Parents separated. Contact with father stopped; mother reports he threatened to harm himself and "
              "the children.", role="Social worker", source="third_party")
    for m in block.memberships:
        if m.person == dad.key and m.household == hh.hid and (m.end is None or m.end > day):
            m.end = day
    dad.addresses.append((day, world.addresses.new()))
    prompt(block, child, name, day, "separation with threats and contact restriction",
           "Separation with threats to harm and contact restricted: a period of increased risk.",
           "000 L597-608; 000 L605-608")
    block.scenarios.append((name, [child.key, mum.key, dad.key], "Acrimonious separation: threats and contact "
                                                                 "restriction."))


def under_13_sexual_activity(world: World, rng: random.Random, block: Block, name: str) -> None:
    day = weekday(anchor(world, rng, 12, span_days=60))
    _hh, child = family(world, rng, block, "F", 12, day)
    emit(world, rng, block, "health", "health.sexual_health_attendance", day, [child],
         note="Attended the clinic requesting emergency contraception; she is 12.", role="Sexual health nurse",
         child_seen=True)
    prompt(block, child, name, day, "under-13 sexual activity",
           "Sexual activity of a child under 13: a referral to children's social care or police is always made.",
           "003 L106-116")
    block.scenarios.append((name, [child.key], "Child aged 12 attends sexual health services."))
