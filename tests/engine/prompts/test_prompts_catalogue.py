"""The catalogue: at least 30 rules, every rule the issue names, citations that exist, no scores."""

from __future__ import annotations

import pytest

from engine.prompts import EVIDENCE_CLASSES, CatalogueError
from engine.prompts.catalogue import build_catalogue


def test_at_least_thirty_rules_with_unique_ids(cat):
    ids = [r.id for r in cat.rules]
    assert len(ids) >= 30 and len(ids) == len(set(ids))


# Each pattern the issue lists -> the practice rules (seeds-requirements §2) a catalogue rule must serve,
# and words its title must contain.
REQUIRED = {
    "repeated missing episodes": ("P01", "missing"),
    "self-harm, overdose, suicidal ideation (R65)": ("P02", "self-harm"),
    "was-not-brought or cancel-and-rebook (R36)": ("P04", "was-not-brought"),
    "closure after non-engagement without risk review (R35)": ("P05", "closure"),
    "retraction after allegation (R20)": ("P06", "retraction"),
    "disclosure without strategy discussion (R44, R58)": ("P07", "strategy discussion"),
    "disclosure without CP medical decision (R45)": ("P08", "medical"),
    "sexual activity under 13": ("P09", "under 13"),
    "13-15 with an older person": ("P10", "older person"),
    "exploitation signs across agencies": ("P12", "across agencies"),
    "pattern of DA incidents (R26)": ("P14", "domestic abuse incidents"),
    "new adult partner (R25)": ("P15", "partner"),
    "separation with threats (R60, R61)": ("P16", "threats"),
    "infant under one with parental risk factors": ("P18", "under one"),
    "exclusion / part-time / EHE of a known child (R66)": ("P20", "home education"),
    "information not acted on (R02)": ("P21", "not acted on"),
    "concerns from two agencies, no referral (R04)": ("P22", "no referral"),
    "intra- and extra-familial harm (R27)": ("P23", "inside and outside"),
    "16-17 handled only as DA (R56)": ("P24", "only as domestic abuse"),
    "exploitation prompts and recorded as suspect (R48)": ("P25", "suspect"),
    "approaching 18 (R68)": ("P26", "18"),
    "discharge with vulnerabilities open": ("P27", "vulnerabilities"),
    "referral decision within 1 working day": ("P34", "one working day"),
    "assessment within 45 working days": ("P35", "45 working days"),
    "ICPC within 15 working days": ("P36", "15 working days"),
}


@pytest.mark.parametrize("what", sorted(REQUIRED))
def test_every_rule_the_issue_names_is_in_the_catalogue(cat, what):
    rule_id, words = REQUIRED[what]
    assert words.lower() in cat.rule(rule_id).title.lower(), (what, cat.rule(rule_id).title)


def test_statutory_timescales_count_working_days(cat):
    assert cat.rule("P34").pattern.within_working_days == 1
    assert cat.rule("P35").pattern.within_working_days == 45
    assert cat.rule("P36").pattern.within_working_days == 15 and cat.rule("P36").pattern.from_first


def test_every_rule_has_evidence_class_recipient_questions_and_learning(cat):
    for r in cat.rules:
        assert r.evidence in EVIDENCE_CLASSES
        assert r.recipient.strip() and r.questions and r.learning and r.practice_rules
        assert all(q.rstrip().endswith("?") for q in r.questions), r.id
    assert not cat.rule("P02").dismissable  # R65: never closed without a recorded response
    assert not cat.rule("P09").dismissable  # under 13: always refer


def test_cited_lines_exist_and_are_not_blank(cat, cited_lines):
    for r in cat.rules:
        for c in r.learning:
            lines = cited_lines[c.file]
            first, last = c.line_range
            assert 1 <= first <= last <= len(lines), f"{r.id}: {c}"
            assert " ".join(lines[first - 1:last]).strip(), f"{r.id}: {c} is blank"


@pytest.mark.parametrize("rule_id, index, words", [
    ("P01", 0, "going missing"), ("P02", 0, "suicidal ideation"), ("P04", 0, "cancelling"),
    ("P05", 1, "stepped down"), ("P06", 0, "retracted allegations"), ("P07", 1, "strategy meetings"),
    ("P08", 0, "child protection"), ("P09", 0, "less"), ("P14", 0, "incident"), ("P15", 0, "new partner"),
    ("P16", 0, "separation"), ("P18", 0, "babies and infants"), ("P20", 0, "exclusion"),
    ("P21", 0, "for information only"), ("P22", 0, "another agency will make a referral"),
    ("P23", 0, "inside"), ("P24", 0, "domestic abuse and cse"), ("P25", 0, "criminalised"),
    ("P26", 0, "adulthood"), ("P27", 0, "discharged from camhs"), ("P28", 0, "dvpo"),
    ("P34", 0, "1 working day"), ("P35", 0, "45 working days"), ("P36", 0, "15 working days"),
])
def test_key_citations_point_at_the_words_they_summarise(cat, cited_lines, rule_id, index, words):
    c = cat.rule(rule_id).learning[index]
    first, last = c.line_range
    text = " ".join(" ".join(cited_lines[c.file][first - 1:last]).lower().replace("’", "'").split())
    assert words in text, f"{rule_id}: {c} does not say {words!r}"


@pytest.mark.parametrize("mutate, problem", [
    (lambda d: d["rules"][0].__setitem__("risk_score", 3), "looks like a score"),
    (lambda d: d["rules"][0].__setitem__("priority", "urgent"), "looks like a score"),
    (lambda d: d["rules"][0].__setitem__("title", "High risk of exploitation"), "looks like a score"),
    (lambda d: d["rules"][0]["questions"].append("Is the risk level medium?"), "looks like a score"),
    (lambda d: d["rules"][1].__setitem__("evidence", "high"), "looks like a score"),
    (lambda d: d["signs"]["missing"].__setitem__("rating", "red"), "looks like a score"),
    (lambda d: d["rules"][0]["questions"].append("The child is at risk."), "is not a question"),
    (lambda d: d["rules"][0]["pattern"].__setitem__("kind", "score_sum"), "looks like a score"),
    (lambda d: d["rules"][0]["pattern"]["all_of"][0].__setitem__("sign", "nope"), "unknown sign"),
    (lambda d: d["signs"]["missing"]["types"].append("csc.nothing"), "unknown event type"),
    (lambda d: d["signs"]["separation_threats"]["where"].__setitem__("threats", "maybe"), "separation_threats"),
    (lambda d: d["rules"][0]["learning"][0].__setitem__("file", "005"), "is not one of"),
    (lambda d: d["rules"][0]["learning"][0].__setitem__("lines", ""), "cite the lines"),
    (lambda d: d["rules"][1].__setitem__("id", "P01"), "duplicate rule id"),
    (lambda d: d["rules"][0].__setitem__("because", "Went missing {often}"), "unknown placeholder"),
    (lambda d: d["rules"][0]["pattern"].__setitem__(True, "missing"), "unknown key 'True'"),
    (lambda d: d["rules"][0].__setitem__("title", "Putting herself at risk"), "uses the term"),
    (lambda d: d["rules"][4]["pattern"].__setitem__("trigger", "self_harm"), "trigger sign must also be"),
])
def test_invalid_catalogues_are_refused_with_the_reason(raw_rules, mutate, problem):
    mutate(raw_rules)
    with pytest.raises(CatalogueError) as err:
        build_catalogue(raw_rules)
    assert any(problem in p for p in err.value.problems), err.value.problems


def test_the_committed_catalogue_builds(raw_rules):
    assert len(build_catalogue(raw_rules).rules) >= 30
