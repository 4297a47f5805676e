"""Context prompts on hand-built rows: the k-th child, families, pivotal adults, missing together, peer groups."""

from __future__ import annotations

import dataclasses

from engine.context import build_graph, context_prompts
from engine.context.prompts import ContextPrompts

SCORE_WORDS = ("score", "rating", "band", "risk_level", "weight")


def place_rows(rows, days, siblings=False):
    """Children Ki each visit PLACE on days[i] (an at_place event) after a school concern 3 days before."""
    r = rows
    persons, events, households = [], [], []
    for i, day in enumerate(days):
        k = f"K{i + 1}"
        persons.append(r.child(k, 14))
        events.append(r.ev(f"SC{i + 1}", "school.safeguarding_concern", day - 3, [k], agency="school"))
        events.append(r.ev(f"AT{i + 1}", "police.found_with_adult", day, [k, "MAN"], place="PLACE"))
        households.append({"household_id": "H" if siblings else f"H{i}", "person_key": k})
    persons.append(r.adult("MAN", 35))
    return persons, events, households


def test_a_place_prompt_fires_at_the_kth_child_with_that_event(rows):
    persons, events, households = place_rows(rows, [10, 20, 30, 40])
    g, evs = build_graph(persons, events=events, households=households)
    c01 = [p for p in context_prompts(g, evs) if p.rule_id == "C01"]
    first = c01[0]
    assert first.context_key == "PLACE" and first.moment == rows.d(30)
    assert first.child_keys == ("K1", "K2", "K3")
    assert first.trigger_event_id == "AT3"
    assert {"AT1", "AT2", "AT3", "SC1", "SC2", "SC3"} <= set(first.event_ids) and "AT4" not in first.event_ids
    assert "PLACE" in first.explanation and "K3" in first.explanation and "AT3" in first.explanation
    assert all(q.endswith("?") for q in first.questions)
    # a fourth child in the same episode raises it again, naming every child
    assert [(p.moment, p.child_keys, p.trigger_event_id) for p in c01[1:]] == [
        (rows.d(40), ("K1", "K2", "K3", "K4"), "AT4")]


def test_not_before_k_children_and_not_outside_the_window(rows):
    persons, events, households = place_rows(rows, [10, 20])
    g, evs = build_graph(persons, events=events, households=households)
    assert not [p for p in context_prompts(g, evs) if p.rule_id == "C01"]
    persons, events, households = place_rows(rows, [10, 80, 170])  # window is 90 days
    g, evs = build_graph(persons, events=events, households=households)
    assert not [p for p in context_prompts(g, evs) if p.rule_id == "C01"]


def test_children_without_concerns_are_not_counted(rows):
    persons, events, households = place_rows(rows, [10, 20, 30])
    events = [e if not e["event_id"].startswith("AT") else {**e, "event_type": "youth.session_attended",
                                                              "person_keys": e["person_keys"][:1]}
              for e in events if e["event_id"] != "SC2"]
    g, evs = build_graph(persons, events=events, households=households)
    assert not [p for p in context_prompts(g, evs) if p.rule_id == "C01"]


def test_brothers_and_sisters_are_one_family_and_a_home_is_not_a_context(rows):
    persons, events, households = place_rows(rows, [10, 20, 30], siblings=True)
    g, evs = build_graph(persons, events=events, households=households)
    assert not [p for p in context_prompts(g, evs) if p.rule_id == "C01"]
    persons, events, households = place_rows(rows, [10, 20, 30])
    households = [{**h, "place": "PLACE"} for h in households]  # they all live there
    g, evs = build_graph(persons, events=events, households=households)
    assert not [p for p in context_prompts(g, evs) if p.rule_id == "C01"]


def test_an_adult_linked_to_k_children_and_pivotal(rows):
    persons, events, households = place_rows(rows, [10, 20, 30])
    g, evs = build_graph(persons, events=events, households=households)
    prompts = context_prompts(g, evs)
    c02 = [p for p in prompts if p.rule_id == "C02"]
    assert c02[0].context_key == "MAN" and c02[0].moment == rows.d(30) and len(c02[0].child_keys) == 3
    c03 = [p for p in prompts if p.rule_id == "C03"]
    # all three were found at PLACE, so the place links them too: the adult is not the only connection
    assert not c03
    events = [{**e, "place": None} for e in events]
    g, evs = build_graph(persons, events=events, households=households)
    c03 = [p for p in context_prompts(g, evs) if p.rule_id == "C03"]
    assert c03[0].context_key == "MAN" and c03[0].moment == rows.d(20) and c03[0].child_keys == ("K1", "K2")
    assert "2 separate groups" in c03[0].explanation


def test_children_missing_together(rows):
    r = rows
    persons = [r.child("A"), r.child("B"), r.child("C")]
    events = [r.ev("M1", "police.missing_report", 10, ["A"], end=11), r.ev("M2", "police.missing_report", 10, ["B"],
                                                                          end=12),
              r.ev("M3", "csc.missing_episode", 50, ["A"], end=50, agency="csc"),
              r.ev("M4", "police.missing_report", 50, ["B"], end=51),
              r.ev("M5", "police.missing_report", 70, ["C"], end=71)]
    g, evs = build_graph(persons, events=events)
    [c05] = [p for p in context_prompts(g, evs) if p.rule_id == "C05"]
    assert c05.child_keys == ("A", "B") and c05.moment == rows.d(50) and c05.event_ids == ("M1", "M2", "M3", "M4")
    assert "2 occasions" in c05.explanation and not c05.dismissable


def test_peer_groups_by_community_detection(rows):
    r = rows
    group = [f"P{i}" for i in range(4)]
    persons = [r.child(k) for k in group] + [r.child(f"Q{i}") for i in range(4)]
    events = [r.ev(f"E{i}{j}", "police.arrest" if i % 2 else "safeguarding.concern", 20 + i + j, [group[i], group[j]])
              for i in range(4) for j in range(i + 1, 4)]
    events += [r.ev(f"F{i}", "youth.session_attended", 20, [f"Q{i}", f"Q{i + 1}"]) for i in range(3)]  # no concerns
    g, evs = build_graph(persons, events=events)
    c04 = ContextPrompts(g, evs).peer_groups(ContextPrompts(g, evs).rules.rule("C04"), [rows.d(60), rows.d(90)])
    assert [(p.child_keys, p.moment) for p in c04] == [(tuple(group), rows.d(60))]  # once per episode
    assert c04[0].context_key == "peer-group:P0" and "not a gang" in c04[0].explanation
    # the same links between brothers and sisters are a family, not a peer group
    households = [{"household_id": "H", "person_key": k} for k in group]
    g, evs = build_graph(persons, events=events, households=households)
    assert not ContextPrompts(g, evs).peer_groups(ContextPrompts(g, evs).rules.rule("C04"), [rows.d(60)])


def test_no_score_or_band_in_any_prompt(rows):
    persons, events, households = place_rows(rows, [10, 20, 30])
    g, evs = build_graph(persons, events=events, households=households)
    prompts = context_prompts(g, evs)
    assert prompts
    names = {f.name for f in dataclasses.fields(prompts[0])} | set(prompts[0].as_dict())
    assert not [n for n in names if any(w in n for w in SCORE_WORDS)]
    for p in prompts:
        text = (p.explanation + " ".join(p.questions)).lower()
        assert not any(w in text for w in ("score", "high risk", "medium risk", "low risk"))
        assert p.evidence_class in ("harm_occurring", "evidenced_vulnerability", "assumed_indicator")
