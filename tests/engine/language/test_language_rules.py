"""The rule set is data: every rule is complete, cites real sources, has examples, and the doc is current."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from engine.language import LanguageRule, load_rules, render_markdown
from engine.language.evaluate import load_labelled
from engine.language.rules import RULES_PATH, RuleError, expand, load_rule_set, parse_rules

REPO_ROOT = Path(__file__).resolve().parents[3]
SEEDS_DIR = REPO_ROOT.parent / "shared" / "seeds"


def test_the_rule_set_loads_with_unique_ids_and_every_field_filled():
    rules = load_rules()
    assert len(rules) >= 48
    assert len({r.id for r in rules}) == len(rules)
    for rule in rules:
        assert isinstance(rule, LanguageRule)
        assert re.fullmatch(r"L\d{2}", rule.id)
        assert rule.term and rule.why and rule.source and rule.patterns
        assert rule.alternatives and all(a.strip() for a in rule.alternatives)


def test_every_pattern_expands_to_at_least_one_phrase():
    rs = load_rule_set()
    for rule in rs.rules:
        for pattern in rule.patterns:
            assert expand(pattern, rs.extra_forms), (rule.id, pattern.text)


def test_every_practice_guidance_row_is_a_rule_or_explained():
    rs = load_rule_set()
    cited = set()
    for text in [r.source for r in rs.rules] + [n["source"] + " " + n["reason"] for n in rs.not_checked]:
        cited |= {int(n) for n in re.findall(r"PG #(\d+)", text)}
    assert set(range(1, 49)) <= cited, sorted(set(range(1, 49)) - cited)


def test_seed_line_citations_point_at_lines_that_exist():
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"seed folder {SEEDS_DIR} not present")
    lengths = {p.name[:3]: len(p.read_text(encoding="utf-8").splitlines())
               for p in SEEDS_DIR.glob("[0-9][0-9][0-9]_*.txt")}
    checked = 0
    for rule in load_rule_set().rules:
        for seed, refs in re.findall(r"\b(00\d) ((?:L\d+(?:-\d+)?(?:, )?)+)", rule.source):
            for first, last in re.findall(r"L(\d+)(?:-(\d+))?", refs):
                assert int(last or first) <= lengths[seed], (rule.id, seed, first, last)
                checked += 1
    assert checked >= 30


def test_seed_citations_contain_the_term_they_are_cited_for():
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"seed folder {SEEDS_DIR} not present")
    seeds = {p.name[:3]: p.read_text(encoding="utf-8").splitlines() for p in SEEDS_DIR.glob("[0-9][0-9][0-9]_*.txt")}
    spot_checks = {"004 L799-800": "sexually active", "000 L429-433": "did not attend",
                   "002 L406-410": "putting", "003 L9-14": "active participants", "001 L45-48": "troublemakers",
                   "004 L682-684": "out of control", "002 L146-150": "uncooperative"}
    by_source = " ".join(r.source for r in load_rules())
    for ref, word in spot_checks.items():
        assert ref.split()[1] in by_source
        seed, first, last = re.fullmatch(r"(\d{3}) L(\d+)-(\d+)", ref).groups()
        text = " ".join(seeds[seed][int(first) - 1:int(last)])
        assert word in " ".join(text.split()), ref


def test_every_rule_has_a_must_flag_example_in_the_labelled_set():
    flagged = {rid for item in load_labelled() for rid in item.expect}
    missing = [r.id for r in load_rules() if r.id not in flagged]
    assert missing == []


def test_the_labelled_set_is_large_enough_and_only_names_known_rules():
    labelled = load_labelled()
    ids = {r.id for r in load_rules()}
    assert len(labelled) >= 400
    assert sum(1 for x in labelled if x.expect) >= 150
    assert sum(1 for x in labelled if not x.expect) >= 250
    assert all(x.expect <= ids for x in labelled)
    kinds = {x.kind for x in labelled if not x.expect}
    assert {"neutral", "quote", "mention", "adult", "near", "condition"} <= kinds
    assert len({(x.text, x.context) for x in labelled}) == len(labelled), "duplicate sentences"


def test_committed_doc_equals_the_render():
    committed = (REPO_ROOT / "docs" / "language-rules.md").read_text(encoding="utf-8")
    assert committed == render_markdown(), (
        "docs/language-rules.md is stale: run .venv/bin/python -m engine.language > docs/language-rules.md")


def test_the_doc_lists_every_rule_with_its_source():
    doc = render_markdown()
    for rule in load_rules():
        assert f"| {rule.id} | " in doc
        assert rule.source.split(";")[0].replace("|", "\\|") in doc


@pytest.mark.parametrize("mutate, message", [
    (lambda r: r.pop("why"), "missing why"),
    (lambda r: r.update(conditions={"child_age_over": 3}), "unknown conditions"),
    (lambda r: r.update(subject="adult"), "subject must be"),
    (lambda r: r.update(patterns=[{"q": "x"}]), "mapping with 'p'"),
])
def test_malformed_rules_are_refused(mutate, message):
    doc = yaml.safe_load(RULES_PATH.read_text(encoding="utf-8"))
    mutate(doc["rules"][0])
    with pytest.raises(RuleError, match=message):
        parse_rules(doc)


def test_duplicate_ids_are_refused():
    doc = yaml.safe_load(RULES_PATH.read_text(encoding="utf-8"))
    doc["rules"][1]["id"] = doc["rules"][0]["id"]
    with pytest.raises(RuleError, match="duplicate id"):
        parse_rules(doc)
