"""Every "should be prompted" moment the synthetic generator injects (truth/prompts.csv) is prompted by the
right rule at that moment -- the earliest event that makes it knowable -- and not a day earlier."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

import pytest

from engine.prompts import evaluate_child
from engine.synth.scenarios import SCENARIOS

# truth/prompts.csv expected_prompt -> the catalogue rule that must raise it
EXPECTED_RULE = {
    "third missing episode in 90 days": "P01",
    "self-harm presentation": "P02",
    "was not brought ×3 then closure": "P05",
    "retraction after allegation": "P06",
    "disclosure with no strategy discussion within 2 working days": "P07",
    "under-13 sexual activity": "P09",
    "13–15 with adult (20–45) at one address": "P10",
    "16–17 with DA and exploitation signs": "P24",
    "separation with threats and contact restriction": "P16",
    "infant under 1 with parental risk factors": "P18",
    "exclusion of a child already known to CSC": "P20",
    "concerns from two agencies and no referral within 28 days": "P22",
}


@pytest.fixture(scope="module")
def prompted(partnership):
    """child key -> prompts, from the incremental evaluator over the whole partnership."""
    return {c["key"]: evaluate_child(c, partnership.by_child[c["key"]], as_of=partnership.end)
            for c in partnership.children}


def _family(scenario_instance: str) -> str:
    return scenario_instance.rsplit("-", 1)[0]


def test_every_truth_moment_names_a_known_rule(partnership):
    assert partnership.truth
    assert {t["expected_prompt"] for t in partnership.truth} <= set(EXPECTED_RULE)


def _check(partnership, prompted, truth_rows):
    assert truth_rows, "no truth moments to check"
    for t in truth_rows:
        rule = EXPECTED_RULE[t["expected_prompt"]]
        child = next(c for c in partnership.children if c["key"] == t["person_key"])
        mine = [p for p in prompted[child["key"]] if p.rule_id == rule]
        hit = [p for p in mine if p.moment == t["moment"]]
        assert hit, f"{t['scenario']} {rule} expected on {t['moment']}, got {[p.moment for p in mine]}"
        assert hit[0].event_ids
        # the earliest: with only what was recorded before that day, the rule has not fired in this episode
        window = timedelta(days=max(partnership_rule_window(rule), 1))
        before = [r for r in partnership.by_child[child["key"]] if r["day"] < t["moment"]]
        also_truth = {u["moment"] for u in partnership.truth
                      if u["person_key"] == t["person_key"] and EXPECTED_RULE[u["expected_prompt"]] == rule}
        earlier = [p for p in evaluate_child(child, before, as_of=t["moment"] - timedelta(days=1))
                   if p.rule_id == rule and p.moment > t["moment"] - window and p.moment not in also_truth]
        assert not earlier, f"{t['scenario']} {rule} was knowable earlier: {earlier}"


def partnership_rule_window(rule_id: str) -> int:
    from engine.prompts import load_catalogue
    return load_catalogue().rule(rule_id).pattern.window_days


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_each_scenario_is_prompted_at_every_truth_moment(partnership, prompted, scenario):
    """Per scenario: each truth moment prompted on that day, and not knowable a day earlier."""
    rows = [t for t in partnership.truth if _family(t["scenario"]) == scenario]
    _check(partnership, prompted, rows)


@pytest.mark.parametrize("rule_id", sorted(set(EXPECTED_RULE.values())))
def test_each_rule_prompts_its_truth_moments(partnership, prompted, rule_id):
    rows = [t for t in partnership.truth if EXPECTED_RULE[t["expected_prompt"]] == rule_id]
    _check(partnership, prompted, rows)


def test_few_ordinary_children_are_prompted(partnership, prompted):
    """The target is at most 5% of children outside the injected scenarios (bench/prompts.py reports it)."""
    ordinary = [c for c in partnership.children
                if c["key"] not in partnership.scenario_of and c["person_type"] == "child"]
    share = sum(1 for c in ordinary if prompted[c["key"]]) / len(ordinary)
    assert share <= 0.05, share


def test_every_injected_scenario_has_truth_moments(partnership):
    per_instance = defaultdict(list)
    for t in partnership.truth:
        per_instance[t["scenario"]].append(t)
    families = {_family(s) for s in per_instance}
    assert families == set(SCENARIOS)
