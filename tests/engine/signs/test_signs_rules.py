"""The signs rule file is data: complete, cited, consistent with the vocabulary, with examples, and documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from engine.signs import load_sign_rules, render_markdown
from engine.signs.evaluate import load_passages
from engine.signs.reader import get_reader
from engine.signs.rules import SignRuleError, parse_rules
from engine.vocabulary import load_vocabulary

REPO_ROOT = Path(__file__).resolve().parents[3]
SHARED = REPO_ROOT.parent / "shared"
# The signs the issue names (narrative-text signs: 001 L74-76, 004 L1748-1785) and those i14's rules read.
NAMED = {"older_associates", "intoxication", "unexplained_money", "phone", "gifts", "car", "hotel",
         "new_peer_group", "missing_with_others", "sexual_health", "sexual_activity", "injury",
         "domestic_abuse", "consent_framing", "lifestyle_framing", "victim_not_supporting"}


def test_every_named_sign_is_a_category_with_label_patterns_and_citations():
    rules = load_sign_rules()
    ids = [c.id for c in rules.categories]
    assert len(ids) == len(set(ids)) and set(ids) == NAMED
    for c in rules.categories:
        assert c.label and c.patterns and c.learning


def test_the_vocabulary_declares_one_derived_type_per_category_and_the_importer_cannot_use_them():
    voc = load_vocabulary()
    assert set(voc.derived_types) == {c.event_type for c in load_sign_rules().categories}
    for code in voc.derived_types:
        assert voc.resolve_event_type(code) is None and voc.any_type(code).derived


def test_citations_point_at_lines_that_exist():
    if not (SHARED / "seeds").is_dir():
        pytest.skip("shared seeds not present")
    lengths = {p.name[:3]: len(p.read_text(encoding="utf-8").splitlines()) for p in (SHARED / "seeds").glob("00*.txt")}
    lengths["guidance"] = len((SHARED / "docs" / "practice-guidance.md").read_text(encoding="utf-8").splitlines())
    for c in load_sign_rules().categories:
        for cite in c.learning:
            first, _, last = cite.lines.partition("-")
            assert int(last or first) <= lengths[cite.file], (c.id, cite)


def test_every_pattern_compiles_and_every_category_the_issue_names_has_a_labelled_example():
    get_reader()  # raises if a pattern matches nothing
    labelled = {s.category for p in load_passages() for s in p.signs}
    issue = NAMED - {"domestic_abuse", "consent_framing", "lifestyle_framing",
                     "victim_not_supporting"}
    assert issue <= labelled, issue - labelled


def test_committed_doc_equals_the_render():
    committed = (REPO_ROOT / "docs" / "signs.md").read_text(encoding="utf-8")
    assert committed == render_markdown(), "docs/signs.md is stale: run .venv/bin/python -m engine.signs > docs/signs.md"


@pytest.mark.parametrize("mutate, message", [
    (lambda d: d["categories"][0].pop("learning"), "learning"),
    (lambda d: d["categories"][0]["patterns"].append({"p": "x", "nearby": ["y"]}), "unknown pattern keys"),
    (lambda d: d["categories"][0].update(about_fixed="teacher"), "about_fixed"),
    (lambda d: d["categories"][0]["learning"].append({"file": "999", "section": "s", "lines": "1", "note": "n"}),
     "not one of"),
    (lambda d: d["categories"].append(dict(d["categories"][0])), "duplicate"),
    (lambda d: d["lexicon"]["negation_cues"].append(False), "list of words"),  # YAML's `no` unquoted
])
def test_malformed_rules_are_refused(mutate, message):
    import copy

    import yaml

    from engine.signs.rules import RULES_PATH

    doc = copy.deepcopy(yaml.safe_load(RULES_PATH.read_text(encoding="utf-8")))
    mutate(doc)
    with pytest.raises(SignRuleError, match=re.escape(message)):
        parse_rules(doc)
