"""Exclusion, part-time timetable or home education of a child already known to CSC (000 L707-708, L328-338)."""

from __future__ import annotations

import random
from datetime import timedelta

from engine.synth.model import Block
from engine.synth.scenarios.base import anchor, family, prompt
from engine.synth.timeline import add_working_days, emit, weekday
from engine.synth.world import World


def exclusion_known_to_csc(world: World, rng: random.Random, block: Block, name: str) -> None:
    age = rng.randint(11, 14)
    day = anchor(world, rng, age + 1, span_days=400)
    _hh, child = family(world, rng, block, rng.choice("FMM"), age, day)
    emit(world, rng, block, "csc", "csc.referral", day, [child], {"referral_source": "1A", "primary_need": "N4"},
         role="MASH social worker", source="third_party")
    emit(world, rng, block, "csc", "csc.assessment", add_working_days(day, 25), [child],
         {"factors": ["3A", "4B", "14A"]}, role="Social worker", child_seen=True)
    ptt = weekday(day + timedelta(days=rng.randint(60, 120)))
    emit(world, rng, block, "school-hilltop", "school.part_time_timetable_start", ptt, [child],
         role="Head of year")
    prompt(block, child, name, ptt, "exclusion of a child already known to CSC",
           "Part-time timetable for a child with an open social care assessment; it can hide the child from view.",
           "000 L707-708; 000 L328-338")
    emit(world, rng, block, "school-hilltop", "school.attendance_concern", weekday(ptt + timedelta(days=14)), [child],
         {"code": "C2", "sessions": 10}, role="Attendance officer")
    emit(world, rng, block, "school-hilltop", "school.suspension", weekday(ptt + timedelta(days=30)), [child],
         {"sessions": 6, "reasons": ["DB", "PP"]}, role="Head of year")
    when = weekday(ptt + timedelta(days=rng.randint(50, 100)))
    if rng.random() < 0.6:
        emit(world, rng, block, "school-hilltop", "school.permanent_exclusion", when, [child],
             {"reasons": ["PP", "DB"]}, role="Designated safeguarding lead")
        what, cite = "Permanent exclusion", "000 L707-708; 002 L434-438"
    else:
        emit(world, rng, block, "school-hilltop", "school.elective_home_education", when, [child],
             role="Designated safeguarding lead")
        what, cite = "Removal to elective home education", "000 L328-338"
    prompt(block, child, name, when, "exclusion of a child already known to CSC",
           f"{what} of a child with an open social care assessment; education is a protective factor.", cite)
    block.scenarios.append((name, [child.key], "Part-time timetable, suspension, then exclusion or home "
                                               "education of a child known to CSC."))
