"""Injected scenarios with ground truth. Each is a function (world, rng, block, name) filling a Block."""

from __future__ import annotations

from engine.synth.scenarios.care import infant_risk, repeated_missing, was_not_brought_closure
from engine.synth.scenarios.child_l import child_l
from engine.synth.scenarios.harm import (
    concerns_no_referral,
    older_teen_da_exploitation,
    separation_with_threats,
    under_13_sexual_activity,
)
from engine.synth.scenarios.school import exclusion_known_to_csc
from engine.synth.scenarios.west_sussex import west_sussex
from engine.synth.scenarios.young_person_j import young_person_j

# name -> (instances per 2,000 children, function)
SCENARIOS = {
    "west_sussex": (1, west_sussex),
    "child_l": (2, child_l),
    "young_person_j": (2, young_person_j),
    "repeated_missing": (3, repeated_missing),
    "was_not_brought_closure": (3, was_not_brought_closure),
    "infant_risk": (3, infant_risk),
    "exclusion_known_to_csc": (3, exclusion_known_to_csc),
    "older_teen_da_exploitation": (2, older_teen_da_exploitation),
    "concerns_no_referral": (3, concerns_no_referral),
    "separation_with_threats": (3, separation_with_threats),
    "under_13_sexual_activity": (2, under_13_sexual_activity),
}


def plan(children: int, scale: float = 1.0) -> list[tuple[str, int]]:
    """(scenario, instance number) pairs for a partnership of `children` children."""
    out = []
    for name, (per_2000, _fn) in SCENARIOS.items():
        n = max(1, round(per_2000 * children / 2000 * scale))
        out.extend((name, i + 1) for i in range(n))
    return out
