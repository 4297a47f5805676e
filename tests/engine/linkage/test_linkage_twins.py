"""Twins and siblings never merge (issue 17, item 2): engine.linkage.twins and the clustering that asks it."""

import random
from itertools import combinations

import pyarrow as pa
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from engine.ingest.values import nhs_number_is_valid
from engine.linkage.clusters import cluster, cluster_table
from engine.linkage.incremental import assign
from engine.linkage.nicknames import equivalent_forenames
from engine.linkage.records import linkage_record
from engine.linkage.splink_adapter import _table
from engine.linkage.twins import DIFFERENT, different_children, forenames_may_be_one, upn_is_valid
from engine.synth.ids import new_nhs_number

HOME = {"address": "12 Oak Road, Leeds", "postcode": "LS8 2TF"}
DOB = "2015-04-09"


def _child(agency: str, record_id: str, forename: str | None, **values) -> dict:
    row = {"record_id": record_id, "forename": forename, "surname": "Walsh", "date_of_birth": DOB, **HOME, **values}
    return linkage_record(agency, row)


def test_same_birth_surname_and_home_with_unrelated_forenames_are_two_children():
    why = different_children(_child("police", "1", "Oliver"), _child("health", "2", "Amelia"))
    assert why and why.startswith(DIFFERENT) and "oliver" in why and "amelia" in why
    # the home compared across agencies' formats: same postcode, same house number
    shouted = _child("health", "2", "Amelia", address="12 OAK RD, LEEDS, LS8 2TF")
    assert different_children(_child("police", "1", "Oliver"), shouted)


def test_names_that_may_be_one_child_are_left_to_the_model():
    pairs = [("Elizabeth", "Libby"), ("Mohammed", "Muhammad"), ("Lily", "Lilly"), ("Chris", "Christopher")]
    for a, b in pairs:
        assert forenames_may_be_one(_child("x", "1", a), _child("y", "2", b)), (a, b)
        assert different_children(_child("x", "1", a), _child("y", "2", b)) is None, (a, b)
    # a middle name used as the first name
    full = _child("x", "1", "Sarah", middle_names="Louise")
    assert different_children(full, _child("y", "2", "Louise")) is None


def test_other_births_surnames_or_homes_are_not_decided_here():
    oliver = _child("police", "1", "Oliver")
    assert different_children(oliver, _child("health", "2", "Amelia", date_of_birth="2016-04-09")) is None
    assert different_children(oliver, _child("health", "2", "Amelia", surname="Ward")) is None
    assert different_children(oliver, _child("health", "2", "Amelia", address="40 Elm Street", postcode="LS9 7QD")) is None
    assert different_children(oliver, _child("health", "2", "Amelia", address="14 Oak Road, Leeds")) is None
    assert different_children(oliver, _child("health", "2", None)) is None


def _upn(body: str) -> str:
    """A permanent UPN with the DfE check letter: characters 2-13 weighted 2..13, sum mod 23."""
    return "ABCDEFGHJKLMNPQRTUVWXYZ"[sum(int(c) * w for c, w in zip(body, range(2, 14), strict=True)) % 23] + body


def test_upn_check_letter():
    good = _upn("380202623149")
    assert upn_is_valid(good)
    assert not upn_is_valid(good[:-1] + str((int(good[-1]) + 1) % 10))  # one digit mistyped
    assert not upn_is_valid(good[:-1] + "A")  # a temporary UPN proves nothing
    assert not upn_is_valid(None)


def test_twins_are_kept_apart_without_review_by_both_clusterings():
    records = [_child("police", "1", "Oliver"), _child("health", "2", "Amelia"), _child("school", "3", "Amelia"),
               _child("youth", "4", None)]  # a youth record with no forename may be either child
    ids = [r["unique_id"] for r in records]
    pairs = [(a, b, 30.0) for a, b in combinations(ids, 2)]
    result = cluster(pairs, 10, -2, records=records)
    persons = result.clusters().values()
    assert not any({ids[0], ids[1]} <= set(m) or {ids[0], ids[2]} <= set(m) for m in persons)
    assert result.cluster_of[ids[1]] == result.cluster_of[ids[2]]
    assert not result.review
    assert result.kept_apart and all(why.startswith(DIFFERENT) for *_, why in result.kept_apart)
    table = cluster_table(pa.table({"uid_l": [p[0] for p in pairs], "uid_r": [p[1] for p in pairs],
                                    "match_weight": [p[2] for p in pairs]}), _table(records), 10, -2)
    assert table.cluster_of[ids[0]] != table.cluster_of[ids[1]]
    assert table.cluster_of[ids[1]] == table.cluster_of[ids[2]]
    assert not table.review and table.kept_apart


def test_a_reviewers_same_decision_outweighs_the_rule():
    records = [_child("police", "1", "Oliver"), _child("health", "2", "Amelia")]
    ids = [r["unique_id"] for r in records]
    result = cluster([(ids[0], ids[1], 30.0)], 10, -2, records=records, must_link=[(ids[0], ids[1])])
    assert result.cluster_of[ids[0]] == result.cluster_of[ids[1]] and not result.refused_must_links


def test_a_shared_nhs_number_is_one_child_whatever_the_forenames():
    nhs = new_nhs_number(random.Random(3))
    records = [_child("health", "1", "Oluwaseun", nhs_number=nhs), _child("csc", "2", "Seun", nhs_number=nhs)]
    ids = [r["unique_id"] for r in records]
    result = cluster([(ids[0], ids[1], 30.0)], 10, -2, records=records)
    assert result.cluster_of[ids[0]] == result.cluster_of[ids[1]]


def test_two_valid_nhs_numbers_are_two_children_and_a_failing_one_goes_to_review():
    rng = random.Random(5)
    first, second = new_nhs_number(rng), new_nhs_number(rng)
    records = [_child("health", "1", "Oliver", nhs_number=first), _child("csc", "2", "Oliver", nhs_number=second)]
    ids = [r["unique_id"] for r in records]
    result = cluster([(ids[0], ids[1], 30.0)], 10, -2, records=records)
    assert not result.review and result.kept_apart[0][2] == f"{DIFFERENT}: different NHS numbers, both valid"
    typo = next(first[:i] + first[i + 1] + first[i] + first[i + 2:] for i in range(9) if first[i] != first[i + 1])
    assert not nhs_number_is_valid(typo)  # adjacent digits transposed: modulus 11 catches it
    records[1] = _child("csc", "2", "Oliver", nhs_number=typo)
    result = cluster([(ids[0], ids[1], 30.0)], 10, -2, records=records)
    assert [r.reason for r in result.review] == ["conflict: different NHS numbers"]


# ---------------------------------------------------------------- property: any imports, any relinks

NAMES = ["Oliver", "Amelia", "George", "Isla", "Noah", "Freya", "Jack", "Poppy", "Arthur", "Ava", "Leo", "Grace",
         "Kacper", "Zofia", "Yusuf", "Aisha", "Chidi", "Ngozi", "Ionut", "Ioana"]
ADDRESSES = ["12 Oak Road, Leeds", "12 OAK RD, LEEDS, LS8 2TF", "12 Oak Road", "12 oak road leeds"]
AGENCIES = ["police", "health", "school", "csc", "youth"]


def _spellings(name: str) -> list[str]:
    return sorted(equivalent_forenames(name))


@st.composite
def twin_imports(draw):
    """Two twins' records (and nameless records that may be either) arriving in batches, with any scores."""
    a, b = draw(st.sampled_from(NAMES)), draw(st.sampled_from(NAMES))
    ra, rb = linkage_record("x", {"record_id": "a", "forename": a}), linkage_record("x", {"record_id": "b", "forename": b})
    # the rule's precondition: names that are not one name, and share no nickname (see twins.Apart.reason)
    assume(not forenames_may_be_one(ra, rb) and not equivalent_forenames(a) & equivalent_forenames(b))
    rng = random.Random(draw(st.integers(0, 2**16)))
    nhs = {"A": new_nhs_number(rng), "B": new_nhs_number(rng)}
    records, twin_of = [], {}
    for who, name in (("A", a), ("B", b)):
        for i in range(draw(st.integers(1, 4))):
            forename = draw(st.sampled_from(_spellings(name)))
            record = _child(draw(st.sampled_from(AGENCIES)), f"{who}{i}", forename.title(),
                            address=draw(st.sampled_from(ADDRESSES)),
                            nhs_number=nhs[who] if draw(st.booleans()) else None,
                            sex=draw(st.sampled_from(["M", "F", None])))
            records.append(record)
            twin_of[record["unique_id"]] = who
    for i in range(draw(st.integers(0, 2))):  # a record with no forename, or no home
        records.append(_child(draw(st.sampled_from(AGENCIES)), f"Q{i}",
                              None if draw(st.booleans()) else draw(st.sampled_from([a, b])),
                              address=None, postcode=None))
    ids = [r["unique_id"] for r in records]
    weights = {pair: draw(st.floats(-5, 40)) for pair in combinations(ids, 2)}
    order = draw(st.permutations(list(range(len(records)))))
    cuts = sorted(draw(st.sets(st.integers(1, max(1, len(records) - 1)), max_size=3)))
    batches = [[records[i] for i in order[s:e]] for s, e in zip([0, *cuts], [*cuts, len(records)], strict=True) if order[s:e]]
    relinks = draw(st.lists(st.booleans(), min_size=len(batches), max_size=len(batches)))
    return batches, relinks, weights, twin_of


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(twin_imports())
def test_a_twin_pair_never_shares_a_person_after_any_imports_and_relinks(case):
    batches, relinks, weights, twin_of = case
    held: dict[str, dict] = {}
    persons: dict[str, list[str]] = {}
    for batch, relink in zip(batches, relinks, strict=True):
        new_ids = {r["unique_id"] for r in batch}
        pairs = [(a, b, w) for (a, b), w in weights.items()
                 if (a in new_ids or b in new_ids) and {a, b} <= new_ids | set(held)]
        placed = assign(pairs, batch, held, persons, 10.0, -2.0)
        held |= {r["unique_id"]: r for r in batch}
        persons = placed.result.clusters()
        if relink:  # a full relink of everything held, with every pair's score
            pairs = [(a, b, w) for (a, b), w in weights.items() if a in held and b in held]
            persons = cluster(pairs, 10.0, -2.0, records=held).clusters()
        for members in persons.values():
            assert len({twin_of[m] for m in members if m in twin_of}) <= 1, members
