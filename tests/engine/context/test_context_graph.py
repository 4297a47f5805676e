"""The context graph: links from each kind of event and record, provenance, period filter, two hops, communities."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.context import build_graph


def kinds_between(graph, a, b, **kw):
    return sorted(lk.kind for lk in graph.links(a, **kw) if {lk.source, lk.target} == {a, b})


@pytest.fixture
def small(rows):
    r = rows
    persons = [r.child("C1"), r.child("C2"), r.child("C3"), r.child("C4", 15), r.adult("A1", 34), r.adult("P1", 40)]
    events = [
        r.ev("E1", "police.found_with_adult", 10, ["C1", "A1"], place="FLAT"),        # adult with child, at place
        r.ev("E2", "school.safeguarding_concern", 10, ["C2"], place="FLAT", agency="school"),  # same place+day
        r.ev("E3", "police.arrest", 20, ["C2", "C3"]),                                # arrested together
        r.ev("E4", "police.missing_report", 30, ["C3"], end=32),                     # missing ...
        r.ev("E5", "csc.missing_episode", 31, ["C4"], end=31, agency="csc"),          # ... at the same time
        r.ev("E6", "police.missing_report", 40, ["C1"], end=40),                      # alone
        r.ev("E7", "safeguarding.concern", 50, ["C1", "C4"], agency="youth"),         # named together
    ]
    associations = [
        {"association_id": "A-1", "agency": "police", "person_key": "C3", "association_type": "reported_boyfriend",
         "other_person_key": "A1", "valid_from": r.d(25), "how_known": "reported_by_third_party",
         "reliability": "unverified", "note": "named by a friend"},
        {"association_id": "A-2", "agency": "police", "person_key": "A1", "association_type": "lives_at",
         "place": "FLAT", "how_known": "record", "reliability": "verified"},
        {"association_id": "A-3", "agency": "youth", "person_key": "C4", "association_type": "member_of",
         "group": "G:park-group", "valid_from": r.d(5)},
    ]
    households = [{"household_id": "H1", "person_key": "C1", "start": r.d(1), "place": "HOME1"},
                  {"household_id": "H1", "person_key": "P1", "start": r.d(1), "place": "HOME1"}]
    rolls = [{"place": "school-hilltop", "person_key": "C2", "agency": "school-hilltop"}]
    graph, events_by_id = build_graph(persons, [{"key": "FLAT", "kind": "address"}], [], events, associations,
                                      households, rolls)
    return graph, events_by_id


def test_links_from_each_kind_of_event(small):
    g, _ = small
    assert kinds_between(g, "C1", "A1") == ["adult_with_child"]
    assert kinds_between(g, "C1", "FLAT") == ["at_place"]
    assert kinds_between(g, "C1", "C2") == ["co_present"]           # different records, same place and day
    assert kinds_between(g, "C2", "C3") == ["arrested_together"]
    assert kinds_between(g, "C3", "C4") == ["missing_together"]     # overlapping episodes, two agencies
    assert kinds_between(g, "C1", "C4") == ["co_subject"]
    assert "missing_together" not in {lk.kind for lk in g.links("C1")}  # C1 went missing alone
    assert kinds_between(g, "C1", "P1") == ["household"]
    assert kinds_between(g, "C1", "HOME1") == ["lives_at"]
    assert kinds_between(g, "C2", "school-hilltop") == ["school"]
    assert kinds_between(g, "C3", "A1") == ["reported_boyfriend"]
    assert kinds_between(g, "C4", "G:park-group") == ["member_of"]
    assert g.kind_of("G:park-group") == "group" and g.kind_of("FLAT") == "place"


def test_every_link_keeps_its_provenance(small):
    g, _ = small
    [missing] = [lk for lk in g.links("C3") if lk.kind == "missing_together"]
    assert missing.provenance.event_ids == ("E4", "E5") and missing.provenance.agency == "csc;police"
    assert (missing.start.day, missing.end.day) == (31, 31)  # the day both were missing
    [boyfriend] = [lk for lk in g.links("C3") if lk.kind == "reported_boyfriend"]
    p = boyfriend.provenance
    assert (p.association_id, p.agency, p.how_known, p.reliability, p.verified) == (
        "A-1", "police", "reported_by_third_party", "unverified", False)
    assert p.note == "named by a friend"
    [co] = [lk for lk in g.links("C1") if lk.kind == "co_present"]
    assert co.provenance.event_ids == ("E1", "E2") and co.provenance.agency == "police;school"


def test_period_filter(small, rows):
    g, _ = small
    kinds = {lk.kind for lk in g.links("C1", start=rows.d(45), end=rows.d(60))}
    assert kinds == {"co_subject", "household", "lives_at"}  # undated/open links hold throughout
    net = g.network("C3", start=rows.d(1), end=rows.d(24))
    assert {lk["kind"] for lk in net["links"]} >= {"arrested_together"}
    assert "reported_boyfriend" not in {lk["kind"] for lk in net["links"]}  # observed from day 25
    assert "missing_together" not in {lk["kind"] for lk in net["links"]}


def test_two_hops_on_a_hand_built_graph(rows):
    r = rows
    persons = [r.child(k) for k in ("A", "B", "C", "D", "E")]
    events = [r.ev("1", "safeguarding.concern", 5, ["A", "B"]), r.ev("2", "safeguarding.concern", 6, ["B", "C"]),
              r.ev("3", "safeguarding.concern", 7, ["C", "D"]), r.ev("4", "safeguarding.concern", 8, ["A", "E"]),
              r.ev("5", "safeguarding.concern", 9, ["B", "E"])]
    g, _ = build_graph(persons, events=events)
    net = g.network("A", hops=2)
    hops = {n["id"]: n["hop"] for n in net["nodes"]}
    assert hops == {"A": 0, "B": 1, "E": 1, "C": 2}
    pairs = sorted(tuple(sorted((lk["source"], lk["target"]))) for lk in net["links"])
    assert pairs == [("A", "B"), ("A", "E"), ("B", "C"), ("B", "E")]
    assert all(lk["provenance"]["event_ids"] for lk in net["links"])
    json.dumps(net)  # ready for the browser
    assert {n["id"] for n in g.network("A", hops=1)["nodes"]} == {"A", "B", "E"}


def test_a_hub_is_shown_but_not_expanded(rows):
    r = rows
    persons = [r.child("X")] + [r.child(f"V{i}") for i in range(30)]
    events = [r.ev(f"E{i}", "youth.session_attended", 1 + i, [f"V{i}" if i else "X"], place="CLUB") for i in range(30)]
    g, _ = build_graph(persons, events=events)
    net = g.network("X", hops=2, hub_degree=10)
    club = next(n for n in net["nodes"] if n["id"] == "CLUB")
    assert club["expanded"] is False and club["degree"] == 30 and len(net["nodes"]) == 2


def test_communities_find_planted_groups(rows):
    r = rows
    groups = [[f"G{g}M{i}" for i in range(6)] for g in range(3)]
    persons = [r.child(k) for grp in groups for k in grp]
    events, n = [], 0
    for grp in groups:
        for i in range(len(grp)):
            for j in range(i + 1, len(grp)):
                n += 1
                events.append(r.ev(f"E{n}", "safeguarding.concern", 10, [grp[i], grp[j]]))
    events += [r.ev("B1", "safeguarding.concern", 11, ["G0M0", "G1M0"]), r.ev("B2", "safeguarding.concern", 11,
                                                                              ["G1M1", "G2M1"])]
    g, _ = build_graph(persons, events=events)
    found = sorted(sorted(x) for x in g.communities(seed=3).groups())
    assert found == sorted(sorted(grp) for grp in groups)
    assert len(g.components()) == 1
    assert sorted(sorted(x) for x in g.communities(method="multilevel").groups()) == found


def test_separate_groups_without_an_adult(rows):
    r = rows
    persons = [r.child("K1"), r.child("K2"), r.child("K3"), r.adult("M")]
    events = [r.ev("1", "police.found_with_adult", 1, ["K1", "M"]), r.ev("2", "police.found_with_adult", 2, ["K2", "M"]),
              r.ev("3", "police.found_with_adult", 3, ["K3", "M"]), r.ev("4", "safeguarding.concern", 4, ["K1", "K2"])]
    g, _ = build_graph(persons, events=events)
    assert g.separate_groups(["K1", "K2", "K3"], without="M") == [["K1", "K2"], ["K3"]]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11), st.integers(1, 60)), min_size=1, max_size=40),
       st.integers(0, 11), st.integers(1, 60), st.integers(0, 30))
def test_two_hops_match_a_plain_breadth_first_search(links, centre, lo, span):
    """Property: network() finds exactly the nodes within two links that hold in the period, and every
    link it returns holds in the period and touches an expanded node."""
    persons = [{"key": f"K{i}", "person_type": "child"} for i in range(12)]
    events = [{"event_id": f"E{n}", "event_type": "safeguarding.concern", "day": date(2025, 1, 1) + timedelta(days=day),
               "person_keys": [f"K{a}", f"K{b}"]} for n, (a, b, day) in enumerate(links) if a != b]
    g, _ = build_graph(persons, events=events)
    start = date(2025, 1, 1) + timedelta(days=lo)
    end = start + timedelta(days=span)
    adj = {f"K{i}": set() for i in range(12)}
    for a, b, day in links:
        when = date(2025, 1, 1) + timedelta(days=day)
        if a != b and start <= when <= end:
            adj[f"K{a}"].add(f"K{b}")
            adj[f"K{b}"].add(f"K{a}")
    c = f"K{centre}"
    one = adj[c]
    expected = {c} | one | {y for x in one for y in adj[x]}
    net = g.network(c, hops=2, start=start, end=end, hub_degree=10_000)
    assert {n["id"] for n in net["nodes"]} == expected
    for lk in net["links"]:
        assert start.isoformat() <= lk["start"] <= end.isoformat()
        assert lk["source"] in {c} | one or lk["target"] in {c} | one
