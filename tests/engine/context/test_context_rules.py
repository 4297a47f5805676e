"""The context rules are data: validated, cited, and free of scores or bands."""

from __future__ import annotations

import copy

import pytest

from engine.context.rules import ContextRulesError, build_rules, load_rules, read_rules


@pytest.fixture
def raw():
    return copy.deepcopy(read_rules())


def test_the_committed_rules_build_with_every_kind():
    rules = load_rules()
    assert {r.kind for r in rules.rules} == {"place_children", "adult_children", "pivotal_adult", "peer_group",
                                             "missing_together"}
    assert rules.rule("C01").children_at_least == 3 and rules.rule("C01").window_days == 90


def test_cited_lines_exist_and_are_not_blank(cited_lines):
    for rule in load_rules().rules:
        for c in rule.learning:
            first, last = c.line_range
            lines = cited_lines[c.file]
            assert 1 <= first <= last <= len(lines), f"{rule.id}: {c}"
            assert " ".join(lines[first - 1:last]).strip(), f"{rule.id}: {c} is blank"


@pytest.mark.parametrize("rule_id, index, words", [
    ("C01", 0, ["13 and 15", "local address"]),
    ("C01", 1, ["location or a group of people"]),
    ("C02", 0, ["boyfriend", "abuser"]),
    ("C03", 0, ["pivotal"]),
    ("C04", 0, ["gang"]),
    ("C05", 1, ["going missing together"]),
])
def test_key_citations_point_at_the_words_they_summarise(cited_lines, rule_id, index, words):
    c = load_rules().rule(rule_id).learning[index]
    first, last = c.line_range
    text = " ".join(" ".join(cited_lines[c.file][first - 1:last]).lower().replace("’", "'").split())
    for w in words:
        assert w in text, f"{rule_id} {c}: {w!r} not in {text[:200]!r}"


@pytest.mark.parametrize("mutate, problem", [
    (lambda r: r["rules"][0].__setitem__("risk_score", 3), "looks like a score"),
    (lambda r: r["rules"][0].__setitem__("title", "High risk place"), "reads like a score"),
    (lambda r: r["rules"][0].__setitem__("children_at_least", 1), "at least 2"),
    (lambda r: r["rules"][0].__setitem__("kind", "hotspot"), "kind must be"),
    (lambda r: r["rules"][1].__setitem__("id", "C01"), "unique"),
    (lambda r: r["rules"][0].__setitem__("questions", ["Visit the place."]), "questions"),
    (lambda r: r["rules"][0].__setitem__("evidence", "practice_deadline"), "evidence"),
    (lambda r: r["rules"][0].__setitem__("learning", [{"file": "009", "section": "x", "note": "y"}]), "learning"),
    (lambda r: r["rules"][2].pop("separate_groups_at_least"), "needs separate_groups_at_least"),
    (lambda r: r["rules"][0].pop("window_days"), "missing window_days"),
])
def test_invalid_rules_are_refused_with_the_reason(raw, mutate, problem):
    mutate(raw)
    with pytest.raises(ContextRulesError) as err:
        build_rules(raw)
    assert any(problem in p for p in err.value.problems), err.value.problems
