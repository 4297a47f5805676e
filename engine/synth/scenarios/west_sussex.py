"""West Sussex SCR (003 L28-33): girls aged 13-15 visiting one address, using drugs, abused by older men."""

from __future__ import annotations

import random
from datetime import timedelta

from engine.synth.model import Block
from engine.synth.notes import flag
from engine.synth.scenarios.base import adult, anchor, family, link, place, prompt
from engine.synth.timeline import add_working_days, emit, weekday
from engine.synth.world import World

DESCRIPTION = ("West Sussex pattern: {n} girls aged 13-15 repeatedly visiting one address where men aged 20-45 "
               "supply drugs and abuse them; school referrals over several weeks; decisions of no further action.")


def west_sussex(world: World, rng: random.Random, block: Block, name: str) -> None:
    day0 = anchor(world, rng, 14, span_days=160)
    home_addr, flat = place(world, "address")
    men = [adult(world, rng, block, "M", 22, 43, day0) for _ in range(rng.randint(2, 3))]
    for m in men:
        block.know("police", m.key)
    tenant = men[0]
    tenant.addresses.append((day0 - timedelta(days=rng.randint(200, 900)), home_addr))
    link(block, "police", tenant, "lives_at", "record", "verified", loc=flat, valid_from=day0 - timedelta(days=200))
    for m in men[1:]:
        link(block, "police", m, "visits", "intelligence", "probable", loc=flat)
        link(block, "police", m, "associates_with", "intelligence", "probable", other=tenant)
    girls = []
    for _ in range(rng.randint(3, 5)):
        _hh, girl = family(world, rng, block, "F", rng.choice((13, 14)), day0, father=rng.random() < 0.5,
                           siblings=rng.choice((0, 0, 1)))
        girls.append(girl)
    emit(world, rng, block, "police", "police.intelligence_place", weekday(day0 - timedelta(days=20)), [tenant],
         note="Intelligence that girls of school age are seen going into the flat with adult men; cannabis "
              "reported to be supplied there.", role="Detective constable", source="third_party", loc=flat)
    day = weekday(day0)
    street = home_addr.line.split(" ", 1)[-1].split(", ")[-1].lstrip("0123456789 ")
    for i, girl in enumerate(girls):
        day = weekday(day + timedelta(days=rng.randint(4, 12)))
        man = men[i % len(men)]
        ev = emit(world, rng, block, "school-hilltop", "school.safeguarding_concern", day, [girl],
                  note=f"Pupil seen getting into a car driven by an adult man after school. Friends say she goes to "
                       f"a flat on {street} most evenings and is given cannabis "
                       f"there.", role="Designated safeguarding lead", source="third_party", shared=("csc",))
        if ev is not None and i == 0:
            flag(rng, ev, options=[("Staff member described the girls as active participants.",
                                    "active participant")])
        emit(world, rng, block, "school-hilltop", "safeguarding.concern", day, [girl], {"concern": "exploitation_sexual"},
             note="Concern that the pupil is being sexually exploited by adult men at the address.",
             role="Designated safeguarding lead")
        ref = add_working_days(day, 1)
        emit(world, rng, block, "csc", "csc.referral", ref, [girl], {"referral_source": "2A", "primary_need": "N1"},
             note="Referral from Hill Top Academy: concern of sexual exploitation by adult men at a local address.",
             role="MASH social worker", source="third_party")
        if i < len(girls) - 1:
            emit(world, rng, block, "csc", "csc.no_further_action", add_working_days(ref, 2), [girl],
                 {"reason": "Parent reports no concerns; advice given"},
                 note="Team manager decision: no further action; parent advised.", role="Team manager")
        found = weekday(day + timedelta(days=rng.randint(3, 20)))
        emit(world, rng, block, "police", "police.found_with_adult", found, [girl, man],
             note="Child found at the flat in the company of an adult man aged over 20; cannabis smell noted. "
                  "Child returned home.", role="Police constable", loc=flat, child_seen=True)
        link(block, "police", girl, "visits", "observed", "verified", loc=flat, valid_from=found)
        link(block, "police", girl, "seen_with", "observed", "verified", other=man, valid_from=found)
        if rng.random() < 0.5:
            link(block, "police", girl, "reported_boyfriend", "reported_by_third_party", "unverified", other=man,
                 note="Named by a friend as someone the child is in a relationship with; he is an adult.")
        prompt(block, girl, name, found, "13–15 with adult (20–45) at one address",
               f"Child aged {girl.age_on(found)} found with a man aged {man.age_on(found)} at an address other "
               "children also visit; discussion and referral must be considered.", "003 L28-33; 003 L106-116")
        if rng.random() < 0.5:
            emit(world, rng, block, "health", "health.sexual_health_attendance", weekday(found + timedelta(days=9)),
                 [girl], note="Attended the sexual health clinic; CSE screening tool completed.",
                 role="Sexual health nurse", child_seen=True)
    strat = add_working_days(day, rng.randint(5, 15))
    for girl in girls:
        emit(world, rng, block, "csc", "csc.strategy_discussion", strat, [girl],
             note="Strategy discussion about several girls linked to one address.", role="Team manager")
    for man in men[:2]:
        emit(world, rng, block, "police", "police.arrest", strat + timedelta(days=rng.randint(10, 40)), [man],
             {"offence": "sexual activity with a child"}, role="Detective constable")
    block.scenarios.append((name, [g.key for g in girls] + [m.key for m in men], DESCRIPTION.format(n=len(girls))))

