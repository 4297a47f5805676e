"""Safe clustering: no chain of edges fuses records with different NHS numbers; constraints hold."""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.linkage.clusters import cluster, cluster_table

STRICT = math.inf  # one agency's keyless records never merge automatically (the exception of issue 17 off)


def _records(nhs):
    return {f"a{i}:r{i}": {"unique_id": f"a{i}:r{i}", "agency": f"a{i}", "record_id": f"r{i}", "nhs_number": n}
            for i, n in enumerate(nhs)}


def test_a_chain_of_strong_edges_does_not_fuse_two_nhs_numbers():
    records = _records(["111", None, None, "222"])
    ids = list(records)
    pairs = [(ids[0], ids[1], 30.0), (ids[1], ids[2], 30.0), (ids[2], ids[3], 30.0)]
    result = cluster(pairs, auto_threshold=10, review_threshold=4, records=records)
    assert result.cluster_of[ids[0]] != result.cluster_of[ids[3]]
    assert [r.reason for r in result.review] == ["conflict: different NHS numbers"]


def test_same_agency_records_with_different_ids_go_to_review():
    records = {"police:1": {"agency": "police", "record_id": "1"}, "police:2": {"agency": "police", "record_id": "2"}}
    result = cluster([("police:1", "police:2", 12.0)], 10, 4, records=records, same_agency_threshold=15.0)
    assert len(result.clusters()) == 2 and result.review[0].reason == "conflict: two police records"
    relaxed = cluster([("police:1", "police:2", 12.0)], 10, 4, records=records, same_agency_conflict=False)
    assert len(relaxed.clusters()) == 1


def test_one_agencys_duplicates_without_its_identifier_merge_at_the_stricter_threshold():
    """Issue 17, item 3: two records of one agency, neither with the agency's identifier, merge automatically
    at or above `same_agency_threshold`; a keyed record is still that agency's other person (review)."""
    records = {"youth:1": {"agency": "youth", "record_id": "1"}, "youth:2": {"agency": "youth", "record_id": "2"},
               "police:3": {"agency": "police", "record_id": "3", "agency_key": "WY1"},
               "police:4": {"agency": "police", "record_id": "4", "agency_key": "WY2"},
               "police:5": {"agency": "police", "record_id": "5"}}
    pairs = [("youth:1", "youth:2", 16.0), ("police:3", "police:4", 16.0), ("police:4", "police:5", 16.0)]
    for result in (cluster(pairs, 4, -2, records=records, same_agency_threshold=15.0),
                   cluster_table(_pairs_table(pairs), _records_table(records), 4, -2, same_agency_threshold=15.0)):
        clusters = result.cluster_of
        assert clusters["youth:1"] == clusters["youth:2"]
        assert len({clusters["police:3"], clusters["police:4"], clusters["police:5"]}) == 3
        assert {(r.uid_l, r.uid_r) for r in result.review} == {("police:3", "police:4"), ("police:4", "police:5")}
    below = cluster([("youth:1", "youth:2", 14.0)], 4, -2, records=records, same_agency_threshold=15.0)
    assert below.cluster_of["youth:1"] != below.cluster_of["youth:2"]
    assert below.review[0].reason == "conflict: two youth records"


def _pairs_table(pairs):
    import pyarrow as pa

    return pa.table({"uid_l": [p[0] for p in pairs], "uid_r": [p[1] for p in pairs],
                     "match_weight": [p[2] for p in pairs]})


def _records_table(records):
    import pyarrow as pa

    return pa.table({"unique_id": list(records), **{c: [r.get(c) for r in records.values()] for c in
                     ("agency", "nhs_number", "upn", "agency_key")}}, schema=pa.schema(
        [(c, pa.string()) for c in ("unique_id", "agency", "nhs_number", "upn", "agency_key")]))


def test_same_agency_records_merge_only_under_one_agency_identifier():
    # a hospital that registered a child twice under one NHS number holds one patient; records of one agency
    # without a shared agency identifier (here: none, or two different ones) are two people to that agency
    records = {
        "health:1": {"agency": "health", "record_id": "1", "agency_key": "4010232137"},
        "health:2": {"agency": "health", "record_id": "2", "agency_key": "4010232137"},
        "health:3": {"agency": "health", "record_id": "3"},
        "police:4": {"agency": "police", "record_id": "4", "agency_key": "NS1A"},
        "police:5": {"agency": "police", "record_id": "5", "agency_key": "NS2B"},
    }
    edges = [("health:1", "health:2", 30.0), ("health:2", "health:3", 29.0), ("police:4", "police:5", 28.0),
             ("health:1", "police:4", 27.0)]
    for result in (cluster(edges, 10, 4, records=records),
                   cluster_table(_arrow({u: {**r, "unique_id": u} for u, r in records.items()}, edges)[1],
                                 _arrow(records, edges)[0], 10, 4)):
        assert sorted(map(sorted, result.clusters().values())) == [
            ["health:1", "health:2", "police:4"], ["health:3"], ["police:5"]]
        assert sorted(r.reason for r in result.review) == ["conflict: two health records",
                                                          "conflict: two police records"]


def test_review_band_and_below():
    records = _records([None, None, None, None])
    a, b, c, d = records
    result = cluster([(a, b, 12.0), (b, c, 6.0), (c, d, 1.0)], 10, 4, records=records)
    assert result.cluster_of[a] == result.cluster_of[b] != result.cluster_of[c] != result.cluster_of[d]
    assert [(r.uid_l, r.uid_r, r.reason) for r in result.review] == [(b, c, "review band")]


def test_must_link_joins_and_cannot_link_wins_over_it():
    records = _records([None, None, None])
    a, b, c = records
    result = cluster([], 10, 4, must_link=[(a, b)], records=records)
    assert result.cluster_of[a] == result.cluster_of[b]
    result = cluster([(a, c, 40.0)], 10, 4, cannot_link=[(a, c)], must_link=[(a, b), (b, c)], records=records)
    assert result.cluster_of[a] == result.cluster_of[b] != result.cluster_of[c]
    assert result.refused_must_links == [(b, c, "cannot-link")]


def test_must_link_across_nhs_conflict_is_refused_unless_overridden():
    records = _records(["111", "222"])
    a, b = records
    assert cluster([], 10, 4, must_link=[(a, b)], records=records).refused_must_links
    merged = cluster([], 10, 4, must_link=[(a, b)], records=records, must_link_overrides_conflicts=True)
    assert merged.cluster_of[a] == merged.cluster_of[b]


@st.composite
def graphs(draw):
    n = draw(st.integers(2, 25))
    nhs = draw(st.lists(st.sampled_from([None, None, "1", "2", "3"]), min_size=n, max_size=n))
    upn = draw(st.lists(st.sampled_from([None, None, "U1", "U2"]), min_size=n, max_size=n))
    keys = draw(st.lists(st.sampled_from([None, None, "K1", "K2"]), min_size=n, max_size=n))
    edge = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1), st.floats(-5, 50, allow_nan=False))
    edges = [(a, b, w) for a, b, w in draw(st.lists(edge, max_size=80)) if a != b]
    cannot = [(a, b) for a, b in draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=6))
              if a != b]
    return nhs, upn, keys, edges, cannot


def _graph_records(nhs, upn, keys):
    ids = [f"ag{i % 3}:r{i}" for i in range(len(nhs))]
    return ids, {u: {"unique_id": u, "agency": u.split(":")[0], "record_id": u.split(":")[1], "nhs_number": n,
                     "upn": p, "agency_key": k} for u, n, p, k in zip(ids, nhs, upn, keys, strict=True)}


def _one_identity_per_agency(records, members) -> bool:
    """Within a cluster each agency holds one record, or only records with the same agency key."""
    by_agency: dict = {}
    for m in members:
        by_agency.setdefault(records[m]["agency"], []).append(records[m].get("agency_key"))
    return all(len(keys) == 1 or (None not in keys and len(set(keys)) == 1) for keys in by_agency.values())


@settings(max_examples=150, deadline=None)
@given(graphs())
def test_clusters_never_hold_two_nhs_numbers_or_a_cannot_link_pair(graph):
    nhs, upn, keys, edges, cannot = graph
    ids, records = _graph_records(nhs, upn, keys)
    result = cluster([(ids[a], ids[b], w) for a, b, w in edges], 10, 4,
                     cannot_link=[(ids[a], ids[b]) for a, b in cannot], records=records, same_agency_threshold=STRICT)
    for members in result.clusters().values():
        assert len({records[m]["nhs_number"] for m in members} - {None}) <= 1
        assert len({records[m]["upn"] for m in members} - {None}) <= 1
        assert _one_identity_per_agency(records, members)  # same-agency conflict
    for a, b in cannot:
        assert result.cluster_of[ids[a]] != result.cluster_of[ids[b]]
    # every strong edge is either inside a cluster or explained in the review list
    reviewed = {(r.uid_l, r.uid_r) for r in result.review}
    for a, b, w in edges:
        if w >= 4 and result.cluster_of[ids[a]] != result.cluster_of[ids[b]]:
            assert (ids[a], ids[b]) in reviewed


def _arrow(records, edges):
    import pyarrow as pa

    columns = ("unique_id", "agency", "nhs_number", "upn", "agency_key")
    table = pa.Table.from_pylist([{"unique_id": u, "agency": r["agency"], "nhs_number": r.get("nhs_number"),
                                   "upn": r.get("upn"), "agency_key": r.get("agency_key")} for u, r in records.items()],
                                 schema=pa.schema([(c, pa.string()) for c in columns]))
    pairs = pa.table({"uid_l": pa.array([a for a, _, _ in edges], pa.string()),
                      "uid_r": pa.array([b for _, b, _ in edges], pa.string()),
                      "match_weight": pa.array([w for _, _, w in edges], pa.float64())})
    return table, pairs


@settings(max_examples=150, deadline=None)
@given(graphs())
def test_table_clustering_keeps_the_same_safety(graph):
    nhs, upn, keys, edges, cannot = graph
    ids, records = _graph_records(nhs, upn, keys)
    named = [(ids[a], ids[b], w) for a, b, w in edges]
    table, pairs = _arrow(records, named)
    result = cluster_table(pairs, table, 10, 4, cannot_link=[(ids[a], ids[b]) for a, b in cannot],
                           same_agency_threshold=STRICT)
    for members in result.clusters().values():
        assert len({records[m]["nhs_number"] for m in members} - {None}) <= 1
        assert len({records[m]["upn"] for m in members} - {None}) <= 1
        assert _one_identity_per_agency(records, members)
    for a, b in cannot:
        assert result.cluster_of[ids[a]] != result.cluster_of[ids[b]]
    # the same partition as the dict-based `cluster`, conflicts and all
    slow = cluster(named, 10, 4, records=records, cannot_link=[(ids[a], ids[b]) for a, b in cannot],
                   same_agency_threshold=STRICT)
    assert sorted(map(tuple, result.clusters().values())) == sorted(map(tuple, slow.clusters().values()))
    # every strong edge is inside a cluster, or its two persons have one review item, or a reviewer has
    # already said they are different people
    of = result.cluster_of
    reviewed = {frozenset((of[r.uid_l], of[r.uid_r])) for r in result.review}
    assert len(reviewed) == len(result.review)
    forbidden = {frozenset((of[ids[a]], of[ids[b]])) for a, b in cannot}
    for a, b, w in named:
        if w >= 4 and of[a] != of[b]:
            assert frozenset((of[a], of[b])) in reviewed | forbidden
    # with no conflicts possible, the partition is the one `cluster` gives
    if not cannot:
        plain = {u: {**r, "nhs_number": None, "upn": None} for u, r in records.items()}
        table, _ = _arrow(plain, named)
        fast = cluster_table(pairs, table, 10, 4, same_agency_conflict=False)
        slow = cluster(named, 10, 4, records=plain, same_agency_conflict=False)
        assert sorted(map(tuple, fast.clusters().values())) == sorted(map(tuple, slow.clusters().values()))


def test_table_clustering_raises_one_item_for_a_same_agency_duplicate():
    records = {u: {"agency": u.split(":")[0], "nhs_number": "111"} for u in
               ("health:1", "health:2", "police:3", "school:4")}
    edges = [("health:1", "police:3", 30.0), ("health:1", "school:4", 30.0), ("police:3", "school:4", 30.0),
             ("health:2", "police:3", 29.0), ("health:2", "school:4", 28.0), ("health:1", "health:2", 40.0)]
    table, pairs = _arrow(records, edges)
    result = cluster_table(pairs, table, 10, 4, same_agency_threshold=STRICT)
    assert result.persons == 2
    assert [(r.uid_l, r.uid_r, r.reason) for r in result.review] == [("health:1", "health:2", "conflict: two health records")]
    assert result.persons_in_review() == 2
