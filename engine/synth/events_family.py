"""Family life seen by police and children's social care: domestic abuse, referrals, plans, care."""

from __future__ import annotations

import random
from datetime import date, timedelta

from engine.synth.households import Household
from engine.synth.model import Block, Link, Person
from engine.synth.rng import poisson
from engine.synth.timeline import add_working_days, emit, home, school_for, weekday
from engine.synth.world import World

OFFENCES = ["theft", "criminal damage", "drink driving", "possession of cannabis", "common assault",
            "shoplifting", "public order offence", "burglary"]
PLACEMENTS = ["U1 foster placement with relative or friend", "U4 foster placement with other foster carer",
              "R1 residential children's home", "U6 foster placement with other foster carer (long term)"]


def family(world: World, rng: random.Random, block: Block, hh: Household) -> None:
    cases: list[tuple[date, str, str]] = []  # (day, referral source, primary need)
    if hh.da and hh.carers:
        cases.extend(_domestic_abuse(world, rng, block, hh))
    elif rng.random() < 0.035:
        src, need = rng.choice((("2A", "N1"), ("3A", "N4"), ("3B", "N1"), ("1A", "N4"), ("8", "N5"),
                                ("3F", "N3"), ("2B", "N2")))
        cases.append((world.random_day(rng), src, need))
    for adult in [hh.father, hh.partner]:
        if adult is not None and rng.random() < (0.12 if hh.substance else 0.04):
            day = world.random_day(rng)
            emit(world, rng, block, "police", "police.arrest", day, [adult], {"offence": rng.choice(OFFENCES)},
                 role="Police constable", loc=home(adult, day))
    for child in hh.children:
        if child.age_on(world.end) >= 12 and rng.random() < 0.03:
            day = world.random_day(rng, child.dob + timedelta(days=12 * 365))
            etype = rng.choice(("police.crime_victim", "police.crime_witness"))
            emit(world, rng, block, "police", etype, day, [child],
                 {"offence": rng.choice(("theft", "robbery", "common assault", "criminal damage"))},
                 role="Police constable", child_seen=True)
    if hh.substance:
        for adult in hh.carers[:1]:
            emit(world, rng, block, "health", "health.substance_misuse_treatment", world.random_day(rng), [adult],
                 role="Named nurse for safeguarding")
    if cases:
        _social_care(world, rng, block, hh, sorted(cases)[0])
    if hh.csc_from and hh.children:
        household_events(world, rng, block, hh)


def household_events(world: World, rng: random.Random, block: Block, hh: Household) -> None:
    """Changes in the household that children's social care hears about once it is involved."""
    who = [hh.children[0]]
    for day, addr in hh.moves[1:]:
        if day >= hh.csc_from:
            emit(world, rng, block, "csc", "household.move", day + timedelta(days=rng.randint(3, 40)), who,
                 note=f"Family moved to {addr.text}.", role="Social worker", source="third_party")
    if hh.separated and hh.separated >= hh.csc_from:
        emit(world, rng, block, "csc", "household.separation", hh.separated + timedelta(days=rng.randint(2, 30)),
             who + [p for p in (hh.mother, hh.father) if p], {"threats": False, "contact_restricted": False},
             role="Social worker", source="third_party")
    if hh.partner and hh.partner_from and hh.partner_from >= hh.csc_from:
        emit(world, rng, block, "csc", "household.new_partner", hh.partner_from + timedelta(days=rng.randint(5, 60)),
             who + [hh.partner], role="Social worker", source="third_party")


def _domestic_abuse(world: World, rng: random.Random, block: Block, hh: Household) -> list:
    victim = hh.mother or hh.carers[0]
    suspects = [p for p in (hh.partner, hh.father) if p is not None and p is not victim]
    out, contacts = [], []
    for day in world_days(world, rng, 1 + poisson(rng, 1.2)):
        kids = [c for c in hh.children if c.dob <= day]
        present = bool(kids) and rng.random() < 0.6
        who = (kids if present else []) + [victim] + suspects[:1]
        ev = emit(world, rng, block, "police", "police.domestic_abuse_incident", day, who,
                  {"children_present": present}, role="Police constable", loc=home(victim, day),
                  shared=("csc",))
        if ev is None:
            continue
        for child in kids:
            contact = emit(world, rng, block, "csc", "csc.contact", add_working_days(day, rng.randint(1, 3)), [child],
                           source="third_party", role="MASH social worker")
            if contact is not None:
                contacts.append((len(out), contact))
            block.know("csc", child.key)
        out.append((day, "6", "N1"))
        if suspects and len(out) == 1:
            block.links.append(Link("police", victim.key, "partner_of", "record", "probable", other=suspects[0].key,
                                    valid_from=day))
    referred = rng.random() < 0.45
    for incident, contact in contacts:  # the decision on each contact (no random draws: the stream is unchanged)
        contact.attrs = {"outcome": "referral" if referred and incident == 0 else "advice_and_information"}
    return out[:1] if referred else []


def world_days(world: World, rng: random.Random, n: int) -> list[date]:
    return sorted(world.random_day(rng) for _ in range(n))


def _social_care(world: World, rng: random.Random, block: Block, hh: Household, case: tuple) -> None:
    day, src, need = case
    kids = [c for c in hh.children if c.dob <= day]
    if not kids:
        return
    block.know("csc", *(c.key for c in kids), *(p.key for p in hh.carers))
    hh.csc_from = day
    _family_links(block, hh, kids, day)
    outcome = rng.choices(["nfa", "assess_close", "cin", "cp", "cla"], [15, 40, 25, 16, 4])[0]
    for child in kids:
        school = school_for(child, day) if hh.catchment else None
        if src == "2A" and school:
            emit(world, rng, block, school, "school.safeguarding_concern", day - timedelta(days=1), [child],
                 role="Designated safeguarding lead", shared=("csc",))
        emit(world, rng, block, "csc", "csc.referral", day, [child], {"referral_source": src, "primary_need": need},
             role="MASH social worker", source="third_party")
        if outcome == "nfa":
            emit(world, rng, block, "csc", "csc.no_further_action", add_working_days(day, 1), [child],
                 {"reason": "Needs can be met by universal services"}, role="Team manager")
            continue
        _case(world, rng, block, hh, child, day, outcome, need)


def _family_links(block: Block, hh: Household, kids: list[Person], day: date) -> None:
    """What social care records about family relationships once it is involved."""
    for parent in (hh.mother, hh.father):
        if parent is not None:
            for child in kids:
                block.links.append(Link("csc", parent.key, "parent_of", "record", "verified", other=child.key))
    for i, a in enumerate(kids):
        for b in kids[i + 1:]:
            block.links.append(Link("csc", a.key, "sibling_of", "record", "verified", other=b.key))
    if hh.partner is not None and hh.mother is not None and hh.partner_from and hh.partner_from <= day:
        block.links.append(Link("csc", hh.mother.key, "partner_of", "reported_by_third_party", "probable",
                                other=hh.partner.key, valid_from=hh.partner_from))


def _case(world: World, rng: random.Random, block: Block, hh: Household, child: Person, day: date,
          outcome: str, need: str) -> None:
    factors = ["3B"] if hh.da else [rng.choice(["16A", "4B", "20", "21", "6B"])]
    if hh.substance:
        factors.append(rng.choice(["2B", "1B"]))
    if hh.mental_health:
        factors.append("4B")
    done = add_working_days(day, rng.randint(10, 45))
    emit(world, rng, block, "csc", "csc.assessment", done, [child], {"factors": sorted(set(factors))},
         role="Social worker", child_seen=True, sex=child.sex)
    end = done
    if outcome == "cin":
        end = done + timedelta(days=rng.randint(120, 400))
    elif outcome in ("cp", "cla"):
        strat = add_working_days(day, rng.randint(0, 2))
        emit(world, rng, block, "csc", "csc.strategy_discussion", strat, [child], role="Team manager")
        emit(world, rng, block, "csc", "csc.section47", add_working_days(strat, 1), [child], role="Social worker",
             child_seen=True)
        start = add_working_days(strat, rng.randint(10, 15))
        cat = "EMO" if hh.da else rng.choice(["NEG", "PHY", "NEG", "MUL"])
        emit(world, rng, block, "csc", "csc.cp_plan_start", start, [child], {"category": cat}, role="Social worker")
        end = start + timedelta(days=rng.randint(200, 640))
        if outcome == "cla":
            _care(world, rng, block, child, start + timedelta(days=rng.randint(30, 150)))
        emit(world, rng, block, "csc", "csc.cp_plan_end", end, [child], role="Social worker")
        end += timedelta(days=rng.randint(60, 200))
    reason = "RC8" if outcome == "assess_close" else rng.choice(["RC7", "RC7", "RC9"])
    emit(world, rng, block, "csc", "csc.closure", end, [child], {"reason": reason}, role="Team manager")


def _care(world: World, rng: random.Random, block: Block, child: Person, start: date) -> None:
    ev = emit(world, rng, block, "csc", "csc.cla_episode_start", start, [child],
              {"legal_status": rng.choice(["C2", "V2", "C1", "V2"]), "placement": rng.choice(PLACEMENTS)},
              role="Social worker")
    if ev is None:
        return
    block.looked_after.add(child.key)
    if child.age_on(start) >= 11 and rng.random() < 0.35:
        day = start + timedelta(days=rng.randint(20, 200))
        missing(world, rng, block, child, day, "M")


def missing(world: World, rng: random.Random, block: Block, child: Person, day: date, mtype: str,
            hours: int | None = None, police: bool = True) -> None:
    """A missing episode: the police report and the CSC episode (ending when the child was found)."""
    went = weekday(day)
    ev = emit(world, rng, block, "csc", "csc.missing_episode", went, [child], {"missing_type": mtype},
              role="Social worker", source="third_party")
    if ev is None:
        return
    back = ev.at + timedelta(hours=hours or rng.randint(3, 40))
    ev.attrs["ended_at"] = back.isoformat(timespec="seconds")
    if police:
        emit(world, rng, block, "police", "police.missing_report", ev.at + timedelta(minutes=40), [child],
             {"returned_at": back.isoformat(timespec="seconds")}, role="Police constable",
             source="third_party", sex=child.sex)
