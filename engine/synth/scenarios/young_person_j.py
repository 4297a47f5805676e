"""Young Person J (001 L162-170): an allegation, then a retraction given more weight than the allegation."""

from __future__ import annotations

import random
from datetime import timedelta

from engine.synth.model import Block
from engine.synth.scenarios.base import anchor, family, prompt
from engine.synth.timeline import add_working_days, emit, weekday
from engine.synth.world import World


def young_person_j(world: World, rng: random.Random, block: Block, name: str) -> None:
    age = rng.choice((14, 15))
    day = weekday(anchor(world, rng, age))
    _hh, child = family(world, rng, block, "F", age, day)
    emit(world, rng, block, "school-hilltop", "child.disclosure", day, [child],
         {"harm": "sexual", "setting": "extra_familial"},
         note="Child told a teacher that an adult man known to the family had sex with her.",
         role="Designated safeguarding lead", child_seen=True, shared=("csc", "police"))
    ref = add_working_days(day, 1)
    emit(world, rng, block, "csc", "csc.referral", ref, [child], {"referral_source": "2A", "primary_need": "N1"},
         role="MASH social worker", source="third_party")
    emit(world, rng, block, "csc", "csc.strategy_discussion", add_working_days(ref, 1), [child], role="Team manager")
    back = weekday(day + timedelta(days=rng.randint(4, 12)))
    emit(world, rng, block, "csc", "child.retraction", back, [child],
         note="At a home visit, with her father in the room, the child said she had made it up.",
         role="Social worker", child_seen=True)
    emit(world, rng, block, "csc", "csc.no_further_action", add_working_days(back, 1), [child],
         {"reason": "Allegation retracted"}, note="No further action recorded after the retraction.",
         role="Team manager")
    prompt(block, child, name, back, "retraction after allegation",
           "Retraction given at home with a parent present; the allegation still needs to be investigated.",
           "000 L404; 001 L162-165")
    block.scenarios.append((name, [child.key], "Young Person J pattern: disclosure of sexual abuse, retraction "
                                               "in front of a parent, no further action."))
