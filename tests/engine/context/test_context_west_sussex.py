"""Acceptance (issue 5): the West Sussex scenario raises a place prompt naming the address and every girl
at the event that brings the count to k; ordinary synthetic places are not prompted."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import pytest

from engine.context import context_prompts, load_rules, partnership_graph


@pytest.fixture(scope="module")
def evaluated(west_sussex_partnership):
    g, events, rows = partnership_graph(west_sussex_partnership)
    return g, events, rows, context_prompts(g, events)


def west_sussex_instances(out, rows_fixture):
    return [r for r in rows_fixture.csv(out / "truth" / "scenarios.csv") if r["scenario"].startswith("west_sussex")]


def test_the_address_and_every_girl_at_the_kth_event(west_sussex_partnership, evaluated, rows):
    g, events, _rows, prompts = evaluated
    k = load_rules().rule("C01").children_at_least
    instances = west_sussex_instances(west_sussex_partnership, rows)
    assert len(instances) == 2
    for inst in instances:
        people = inst["person_keys"].split(";")
        found = [e for e in events.values() if e.event_type == "police.found_with_adult" and set(e.subjects) & set(people)]
        flat = {e.place for e in found}
        assert len(flat) == 1
        flat = flat.pop()
        girls_found = defaultdict(list)
        for e in found:
            for p in e.subjects:
                if g.is_child(p, e.day):
                    girls_found[p].append(e)
        assert 3 <= len(girls_found) <= 5
        first_visit = sorted((min(x.day for x in es), min(es, key=lambda x: x.day).event_id, girl)
                             for girl, es in girls_found.items())
        kth_day, kth_event, _ = first_visit[k - 1]
        expected = tuple(sorted(girl for day, _, girl in first_visit if day <= kth_day))
        mine = sorted(p for p in prompts if p.rule_id == "C01" and p.context_key == flat)
        assert mine, f"no place prompt for {flat}"
        first = mine[0]
        assert first.moment == kth_day
        assert first.child_keys == expected and len(expected) >= k
        assert first.trigger_event_id in {eid for day, eid, _ in first_visit if day == kth_day}
        assert kth_event in first.event_ids
        assert g.node(flat)["label"].split(",")[0] in first.explanation  # the address, in words
        # later girls in the episode raise it again, naming every girl so far
        assert set(mine[-1].child_keys) == set(girls_found)


def test_ordinary_places_are_not_prompted(west_sussex_partnership, evaluated, rows):
    g, events, data, prompts = evaluated
    scenario_people = {k for r in rows.csv(west_sussex_partnership / "truth" / "scenarios.csv")
                       for k in r["person_keys"].split(";")}
    scenario_places = {e.place for e in events.values() if e.place and set(e.subjects) & scenario_people}
    places = {p["key"] for p in data["places"]}
    ordinary = places - scenario_places
    prompted = {p.context_key for p in prompts if p.rule_id == "C01"}
    share = len(prompted & ordinary) / len(ordinary)
    print(f"ordinary places prompted: {len(prompted & ordinary)}/{len(ordinary)} = {share:.2%}")
    assert len(ordinary) > 100 and share < 0.01
    west_sussex_flats = {e.place for e in events.values() if e.event_type == "police.found_with_adult"}
    assert prompted & west_sussex_flats == west_sussex_flats


def test_the_network_around_a_girl_shows_the_address_and_the_men(west_sussex_partnership, evaluated, rows):
    g, events, _data, prompts = evaluated
    first = next(p for p in prompts if p.rule_id == "C01")
    girl = first.child_keys[0]
    net = g.network(girl, start=date(2019, 1, 1), end=date(2026, 10, 31))
    ids = {n["id"] for n in net["nodes"]}
    assert first.context_key in ids and set(first.child_keys) <= ids
    assert any(n["kind"] == "adult" and n["hop"] == 1 for n in net["nodes"])
    assert all(lk["provenance"]["event_ids"] or lk["provenance"]["association_id"] or lk["kind"] in
               ("household", "lives_at", "school") for lk in net["links"])
