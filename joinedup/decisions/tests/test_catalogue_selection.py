"""Which prompts call for a risk review is read from the catalogue, so a new was-not-brought rule counts too."""

import copy

from engine.prompts.catalogue import build_catalogue, load_catalogue, read_rules
from joinedup.decisions.nonengagement import _rule_ids, non_engagement_rules, review_window_days


def test_the_non_engagement_rules_are_the_catalogues_was_not_brought_rules():
    ids = non_engagement_rules()
    assert {"P04", "P05"} <= set(ids)
    assert "P01" not in ids and "P02" not in ids          # missing episodes, self-harm
    assert review_window_days() == max(load_catalogue().rule(i).pattern.window_days for i in ids)


def test_a_new_rule_on_a_non_engagement_sign_is_picked_up_without_code_changes():
    doc = copy.deepcopy(read_rules())
    p04 = next(rule for rule in doc["rules"] if rule["id"] == "P04")
    new = copy.deepcopy(p04)
    new.update(id="P98", title="Cancelled by the family twice", pattern={
        "kind": "within", "all_of": [{"sign": "family_cancelled", "at_least": 2}], "window_days": 365})
    doc["rules"].append(new)
    catalogue = build_catalogue(doc)
    assert "P98" in _rule_ids(catalogue)
    assert review_window_days(catalogue) == 365


def test_a_rule_that_only_excludes_non_engagement_does_not_count():
    doc = copy.deepcopy(read_rules())
    p01 = next(rule for rule in doc["rules"] if rule["id"] == "P01")
    new = copy.deepcopy(p01)
    new.update(id="P97", pattern={**p01["pattern"], "unless": ["was_not_brought"]})
    doc["rules"].append(new)
    assert "P97" not in _rule_ids(build_catalogue(doc))
