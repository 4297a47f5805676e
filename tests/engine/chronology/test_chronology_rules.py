"""chronology.yaml: significance in words for every event type, who bears on the child, and honest citations."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from engine.chronology import load_chronology_rules, parse_rules
from engine.chronology.rules import RULES_PATH
from engine.vocabulary import VocabularyError, load_vocabulary
from engine.vocabulary.rules import SCORE_LIKE

SEEDS_DIR = Path(__file__).resolve().parents[3].parent / "shared" / "seeds"


@pytest.fixture
def raw():
    with RULES_PATH.open(encoding="utf-8") as handle:
        return copy.deepcopy(yaml.safe_load(handle))


def _problems(raw) -> list[str]:
    with pytest.raises(VocabularyError) as caught:
        parse_rules(raw, load_vocabulary())
    return caught.value.problems


def test_every_event_type_in_the_vocabulary_has_a_significance_in_words():
    rules, voc = load_chronology_rules(), load_vocabulary()
    assert set(rules.by_type) == set(voc.event_types)
    for code in voc.event_types:
        label = rules.significance_of(code, {}).label
        assert label and not any(ch.isdigit() for ch in label), code


def test_no_significance_is_a_score_rating_or_band():
    for kind in load_chronology_rules().significance.values():
        words = f"{kind.code} {kind.label} {kind.description}".lower()
        for banned in ("low", "medium", "high", "score", "rating", "band", "level", "tier"):
            assert banned not in words.split(), (kind.code, banned)
        assert not SCORE_LIKE.search(kind.code)


def test_attributes_change_the_significance_where_the_rules_say():
    rules = load_chronology_rules()
    assert rules.significance_of("police.domestic_abuse_incident", {"children_present": True}).code == "harm"
    assert rules.significance_of("police.domestic_abuse_incident", {"children_present": False}).code == "adults"
    assert rules.significance_of("police.domestic_abuse_incident", None).code == "adults"
    assert rules.significance_of("appointment.cancelled", {"cancelled_by": "family"}).code == "not_brought"
    assert rules.significance_of("appointment.cancelled", {"cancelled_by": "service"}).code == "routine"
    assert rules.significance_of("school.part_time_timetable_end", {"full_time": True}).code == "positive"
    assert rules.significance_of("csc.no_further_action", {}).code == "decision"  # as significant as escalation (R14)


def test_which_events_about_others_bear_on_the_child():
    rules = load_chronology_rules()
    assert rules.bearing_rule("household_adult", "police.domestic_abuse_incident").before_relationship
    assert rules.bearing_rule("parent", "health.substance_misuse_treatment").id == (
        "parental_substance_misuse_and_mental_health")
    assert rules.bearing_rule("associated_adult", "police.arrest") is not None
    assert rules.bearing_rule("parent", "appointment.attended") is None
    assert rules.bearing_rule("sibling", "police.arrest") is None


def test_the_groups_bearing_rules_name_are_the_groups_relationships_are_named_in():
    """Relationship naming lives in engine/households/data/households.yaml; the rules here refer to its groups."""
    from engine.households.naming import GROUPS, childs_naming

    rules = load_chronology_rules()
    assert {g for rule in rules.bearing for g in rule.groups} <= set(GROUPS)
    named = {n.group for n in childs_naming().relationships.values()} | {
        n.group for n in childs_naming().associated_adults.values()}
    assert {g for rule in rules.bearing for g in rule.groups} <= named
    assert not hasattr(rules, "household_roles") and not hasattr(rules, "associations")  # one place only


def test_chronology_yaml_no_longer_names_relationships(raw):
    assert "household_roles" not in raw and "associations" not in raw
    raw["associations"] = {"parent_of": {"group": "parent", "F": "mother", "M": "father", "U": "parent"}}
    assert any("unknown key 'associations'" in p for p in _problems(raw))


@pytest.mark.parametrize("breakage, expected", [
    (lambda r: r["event_types"].pop("police.arrest"), "police.arrest has no significance"),
    (lambda r: r["event_types"].__setitem__("police.nonsense", {"significance": "harm"}), "not an event type"),
    (lambda r: r["event_types"]["police.arrest"].__setitem__("significance", "high"), "unknown significance"),
    (lambda r: r["event_types"]["appointment.cancelled"]["when"][0].__setitem__("attribute", "colour"),
     "has no attribute 'colour'"),
    (lambda r: r["event_types"]["appointment.cancelled"]["when"][0].__setitem__("equals", "neighbour"),
     "is not a value of cancelled_by"),
    (lambda r: r["significance"].__setitem__("risk_score", r["significance"]["harm"]), "looks like a score"),
    (lambda r: r["bears_on_child"][0]["event_types"].append("police.made_up"), "'police.made_up' is not an event type"),
    (lambda r: r["bears_on_child"][0]["groups"].append("neighbour"), "unknown group 'neighbour'"),
    (lambda r: r["bears_on_child"][0]["learning"][0].__setitem__("file", "999"), "is not one of"),
    (lambda r: r["outcome_attributes"].append("referred"), "overlap"),
    (lambda r: r["significance"]["harm"].__setitem__("label", "child putting herself at risk"), "uses the term"),
])
def test_broken_rules_are_refused_naming_the_problem(raw, breakage, expected):
    breakage(raw)
    problems = _problems(raw)
    assert any(expected in p for p in problems), problems


def test_every_citation_points_at_real_lines_of_a_seed():
    if not SEEDS_DIR.is_dir():
        pytest.skip("seed texts not present")
    seeds = {p.name[:3]: p.read_text(encoding="utf-8").splitlines() for p in SEEDS_DIR.glob("[0-9][0-9][0-9]_*.txt")}
    rules = load_chronology_rules()
    citations = [c for k in rules.significance.values() for c in k.learning]
    citations += [c for r in rules.bearing for c in r.learning]
    assert citations
    for cite in citations:
        first, last = cite.line_range
        lines = seeds[cite.file]
        assert 1 <= first <= last <= len(lines), cite
        assert " ".join(lines[first - 1:last]).strip(), cite


def test_key_citations_say_what_they_are_cited_for():
    if not SEEDS_DIR.is_dir():
        pytest.skip("seed texts not present")
    seeds = {p.name[:3]: p.read_text(encoding="utf-8").splitlines() for p in SEEDS_DIR.glob("[0-9][0-9][0-9]_*.txt")}
    rules = load_chronology_rules()

    def text(cite):
        first, last = cite.line_range
        return " ".join(seeds[cite.file][first - 1:last]).lower()

    assert "new partner" in text(rules.bearing[2].learning[0])
    assert "violent crime" in text(rules.bearing[0].learning[0])
    assert "retracted allegations" in text(rules.significance["child_voice"].learning[1])
    assert "no further action" in text(rules.significance["decision"].learning[0])


def _attribute_values(spec):
    from hypothesis import strategies as st

    if spec.type == "bool":
        return st.booleans()
    if spec.type == "enum":
        return st.sampled_from(spec.values)
    if spec.type == "list_enum":
        return st.lists(st.sampled_from(spec.values), max_size=3)
    if spec.type == "int":
        return st.integers(0, 500)
    return st.text(max_size=20)


def test_any_valid_event_has_exactly_one_kind_of_significance_from_the_rules():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    voc, rules = load_vocabulary(), load_chronology_rules()

    @st.composite
    def events(draw):
        code = draw(st.sampled_from(sorted(voc.event_types)))
        specs = voc.event_types[code].attributes
        names = draw(st.lists(st.sampled_from(sorted(specs)), unique=True)) if specs else []
        return code, {name: draw(_attribute_values(specs[name])) for name in names}

    @settings(max_examples=300, deadline=None)
    @given(events())
    def check(event):
        code, attributes = event
        kind = rules.significance_of(code, attributes)
        assert kind.code in rules.significance
        default, conditions = rules.by_type[code]
        matched = [c for c in conditions if attributes.get(c.attribute) == c.equals]
        assert kind.code == (matched[0].significance if matched else default)

    check()
