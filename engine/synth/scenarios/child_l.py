"""Child L (002): domestic abuse and parental substance misuse at home, harm inside and outside the home,
disclosures, self-harm, overdose, missing episodes and school behaviour, over more than two years."""

from __future__ import annotations

import random
from datetime import timedelta

from engine.prompts.calendar import add_working_days as bank_holiday_aware
from engine.synth.events_family import missing
from engine.synth.model import Block
from engine.synth.notes import flag
from engine.synth.scenarios.base import anchor, family, prompt
from engine.synth.timeline import add_working_days, emit, home, weekday
from engine.synth.world import World

DESCRIPTION = ("Child L pattern: domestic abuse incidents and parental drug use at home, a DVPO, disclosures of "
               "intra- and extra-familial harm, self-harm, an overdose, repeated missing episodes, school "
               "suspensions, a child protection plan over two years.")


def child_l(world: World, rng: random.Random, block: Block, name: str) -> None:
    start = anchor(world, rng, 13, span_days=900)
    hh, child = family(world, rng, block, "F", 13, start, siblings=1)
    mum, dad = hh.mother, hh.father
    kids = hh.children
    for parent in (mum, dad):
        for d in (start - timedelta(days=rng.randint(30, 200)), start + timedelta(days=rng.randint(100, 500))):
            emit(world, rng, block, "health", "health.substance_misuse_treatment", weekday(d), [parent],
                 note="Attended the drug and alcohol service; engagement inconsistent.", role="Named nurse for safeguarding")
    day = start
    for i in range(5):
        day = day + timedelta(days=rng.randint(40, 120))
        emit(world, rng, block, "police", "police.domestic_abuse_incident", day, [*kids, mum, dad],
             {"children_present": True}, note="Officers attended a report of shouting and violence; children "
             "present. Father had used drugs.", role="Police constable", loc=home(mum, day),
             shared=("csc",) if i % 2 == 0 else ())
        if i % 2 == 0:
            emit(world, rng, block, "csc", "csc.contact", add_working_days(day, 1), [child], role="MASH social worker",
                 source="third_party")
        if i == 1:
            emit(world, rng, block, "csc", "csc.referral", add_working_days(day, 1), [child],
                 {"referral_source": "6", "primary_need": "N1"}, role="MASH social worker", source="third_party")
            emit(world, rng, block, "csc", "csc.strategy_discussion", add_working_days(day, 2), [child],
                 role="Team manager")
            emit(world, rng, block, "csc", "csc.section47", add_working_days(day, 3), [child], role="Social worker",
                 child_seen=True)
            emit(world, rng, block, "csc", "csc.assessment", add_working_days(day, 12), [child],
                 {"factors": ["1B", "2B", "3B", "16A"]}, role="Social worker", child_seen=True)
            emit(world, rng, block, "csc", "csc.cp_plan_start", add_working_days(day, 15), [child],
                 {"category": "MUL"}, role="Social worker")
        if i == 2:
            emit(world, rng, block, "police", "police.dvpo", day + timedelta(days=2), [dad, mum],
                 note="DVPO granted; father not to attend the family home for 28 days.", role="Police sergeant")
    # Disclosures: physical harm at home (school), rape in the community (police).
    d1 = weekday(start + timedelta(days=rng.randint(200, 300)))
    emit(world, rng, block, "school-hilltop", "child.disclosure", d1, [child],
         {"harm": "physical", "setting": "intra_familial"},
         note="Child told her form tutor that her father hit her during an argument at home.",
         role="Designated safeguarding lead", child_seen=True, shared=("csc",))
    emit(world, rng, block, "csc", "csc.strategy_discussion", add_working_days(d1, 1), [child], role="Team manager")
    d2 = weekday(start + timedelta(days=rng.randint(330, 420)))
    emit(world, rng, block, "police", "child.disclosure", d2, [child], {"harm": "sexual", "setting": "extra_familial"},
         note="Child said she was raped by an adult man she met through older friends. She did not want a "
              "medical examination.", role="Detective constable", child_seen=True)
    # Working days for the deadline skip England and Wales bank holidays too (engine.prompts.calendar).
    prompt(block, child, name, bank_holiday_aware(d2, 2), "disclosure with no strategy discussion within 2 working days",
           "Disclosure of rape outside the home to police; no strategy discussion followed.", "002 L266-270; 002 L340-342")
    # School behaviour, described in victim-blaming terms.
    for k in range(2):
        ev = emit(world, rng, block, "school-hilltop", "school.suspension", weekday(d1 + timedelta(days=30 + 60 * k)),
                  [child], {"sessions": rng.randint(2, 6), "reasons": ["DB", "VA"]},
                  note="Suspension following verbal abuse of staff.", role="Head of year")
        if ev is not None and k == 0:
            flag(rng, ev, options=[("Pupil is uncooperative and has problematic behaviours.", "uncooperative")])
    # Self-harm and overdose.
    sh = weekday(d2 + timedelta(days=rng.randint(20, 60)))
    for j, etype in enumerate(("health.self_harm_presentation", "health.self_harm_presentation",
                               "health.overdose_presentation")):
        when = sh + timedelta(days=70 * j)
        emit(world, rng, block, "health", etype, when, [child], role="Emergency department nurse", child_seen=True)
        prompt(block, child, name, when, "self-harm presentation",
               "Self-harm or overdose presentation: always taken seriously, lead practitioner informed.",
               "000 L694-699; 002 L197-199")
    # Missing episodes: three in under 90 days.
    miss0 = weekday(d2 + timedelta(days=rng.randint(30, 90)))
    for j, gap in enumerate((0, 25, 60)):
        missing(world, rng, block, child, miss0 + timedelta(days=gap), "M")
        if j == 2:  # missing() moves a weekend day back to the Friday
            prompt(block, child, name, weekday(miss0 + timedelta(days=gap)), "third missing episode in 90 days",
                   "Third missing episode within 90 days.", "000 L651-696; 002 L64-71")
    for ev in block.events:
        if ev.etype == "police.missing_report" and ev.who == [child.key] and not ev.flagged:
            flag(rng, ev, sex="F", options=[("{Pro} is putting {obj} at risk by going missing.",
                                             "putting {obj} at risk")])
            break
    emit(world, rng, block, "youth", "safeguarding.concern", weekday(miss0 + timedelta(days=10)), [child],
         {"concern": "exploitation_sexual"}, note="Child is being exploited by adult men she meets in the town centre.",
         role="Youth worker", child_seen=True)
    block.scenarios.append((name, [child.key, mum.key, dad.key], DESCRIPTION))
