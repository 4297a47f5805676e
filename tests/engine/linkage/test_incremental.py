"""Incremental linking: new records matched against existing persons (Splink 5 predict_between / predict_within)."""

import random
from collections import defaultdict
from pathlib import Path

import pytest

from engine.linkage import LinkageConfig, partnership_records, predict, train
from engine.linkage.evaluate import read_truth
from engine.linkage.incremental import assign, match
from engine.synth import SynthConfig, generate

CONFIG = LinkageConfig()


@pytest.fixture(scope="module")
def split(tmp_path_factory):
    """A small partnership: the model is trained on 90% of the records; the other 10% arrive later."""
    root = tmp_path_factory.mktemp("incremental")
    generate(SynthConfig(children=250, seed=11), out_dir=Path(root))
    records = partnership_records(root)
    truth = read_truth(root)
    rng = random.Random(2)
    new_ids = set(rng.sample([r["unique_id"] for r in records], len(records) // 10))
    existing = [r for r in records if r["unique_id"] not in new_ids]
    new = [r for r in records if r["unique_id"] in new_ids]
    model = train(existing, seed=CONFIG.seed, config=CONFIG)
    persons = defaultdict(list)  # existing persons as a perfect linkage would have left them
    for r in existing:
        persons[truth[r["unique_id"]]].append(r["unique_id"])
    return records, existing, new, model, truth, dict(persons)


def test_pairs_are_new_to_existing_or_new_to_new_with_their_breakdown(split):
    _, existing, new, model, _, _ = split
    pairs = match(model, existing, new, threshold=CONFIG.review_threshold)
    new_ids = {r["unique_id"] for r in new}
    assert pairs
    assert all(p.uid_l in new_ids or p.uid_r in new_ids for p in pairs)
    assert any(p.uid_l in new_ids and p.uid_r in new_ids for p in pairs) or len(new) < 20
    assert all(set(p.breakdown) >= {"forename", "surname", "dob", "nhs_number"} for p in pairs)


def test_incremental_pairs_are_the_full_predict_pairs_that_touch_a_new_record(split):
    records, existing, new, model, _, _ = split
    new_ids = {r["unique_id"] for r in new}
    full = {(p.uid_l, p.uid_r): p.match_weight for p in predict(model, records, threshold=CONFIG.review_threshold)
            if p.uid_l in new_ids or p.uid_r in new_ids}
    incremental = {(p.uid_l, p.uid_r): p.match_weight for p in match(model, existing, new, threshold=CONFIG.review_threshold)}
    assert incremental.keys() == full.keys()
    assert all(incremental[k] == pytest.approx(full[k], abs=1e-6) for k in full)


def test_new_records_join_their_own_person_and_never_a_wrong_one(split):
    _, existing, new, model, truth, persons = split
    pairs = match(model, existing, new, threshold=CONFIG.review_threshold)
    placed = assign(pairs, new, existing, persons, CONFIG.auto_threshold, CONFIG.review_threshold)
    wrong = [uid for uid, key in placed.joined.items() if truth[uid] != key]
    assert not wrong
    should_join = [r["unique_id"] for r in new if truth[r["unique_id"]] in persons]
    assert len(placed.joined) >= 0.8 * len(should_join)
    counts = placed.counts()
    assert counts["linked_automatically"] == len(placed.joined)
    assert counts["new_persons"] == len(placed.new_persons)


def test_a_second_record_of_one_agency_goes_to_review_not_into_the_person(split):
    _, existing, _, model, _, persons = split
    base = next(r for r in existing if r["dob"] and r["surname"] and r["forename"] and r["postcode"])
    # same agency, another record with an agency identifier of its own (as a second police or social care id)
    twin = {**base, "unique_id": f"{base['agency']}:NEW-TWIN", "record_id": "NEW-TWIN", "agency_key": "NEWTWIN"}
    pairs = match(model, existing, [twin], threshold=CONFIG.review_threshold)
    assert any(base["unique_id"] in (p.uid_l, p.uid_r) and p.match_weight >= CONFIG.auto_threshold for p in pairs)
    placed = assign(pairs, [twin], existing, persons, CONFIG.auto_threshold, CONFIG.review_threshold)
    assert twin["unique_id"] not in placed.joined
    assert any(item.reason.startswith("conflict") and twin["unique_id"] in (item.uid_l, item.uid_r)
               for item in placed.review)
    assert placed.counts()["sent_to_review"] == 1
    # the same second record carrying the agency's own identifier for the child (as a hospital's duplicate
    # registration under one NHS number) is that agency's same person, and joins automatically
    alike = {**twin, "agency_key": "SHARED"}
    keyed = {r["unique_id"]: {**r, "agency_key": "SHARED"} if r["unique_id"] == base["unique_id"] else r
             for r in existing}
    placed = assign(pairs, [alike], keyed, persons, CONFIG.auto_threshold, CONFIG.review_threshold)
    assert placed.joined.get(alike["unique_id"]) == next(k for k, m in persons.items() if base["unique_id"] in m)


def test_a_conflict_with_any_record_of_the_person_keeps_the_new_record_out(split):
    """The new record matches a record without an NHS number, but the person holds another NHS number."""
    _, existing, _, model, _, persons = split
    by_uid = {r["unique_id"]: r for r in existing}
    key, members = next((k, m) for k, m in persons.items()
                        if len(m) > 1 and any(by_uid[u]["nhs_number"] for u in m)
                        and any(not by_uid[u]["nhs_number"] and by_uid[u]["dob"] and by_uid[u]["surname"] for u in m))
    base = next(by_uid[u] for u in members if not by_uid[u]["nhs_number"] and by_uid[u]["dob"] and by_uid[u]["surname"])
    twin = {**base, "unique_id": "other:NEW-TWIN", "agency": "other", "record_id": "NEW-TWIN", "nhs_number": "9999999999"}
    pairs = [p for p in match(model, existing, [twin], threshold=CONFIG.review_threshold)
             if base["unique_id"] in (p.uid_l, p.uid_r)]
    assert pairs and pairs[0].match_weight >= CONFIG.auto_threshold
    placed = assign(pairs, [twin], existing, persons, CONFIG.auto_threshold, CONFIG.review_threshold)
    assert twin["unique_id"] not in placed.joined
    # both NHS numbers pass modulus 11: two children, decided without a person (engine.linkage.twins)
    assert not placed.review
    assert [why for *_, why in placed.result.kept_apart] == ["different children: different NHS numbers, both valid"]
    # a number failing its check digit may be a typing error of the other: a person decides
    typo = {**twin, "nhs_number": "9999999990"}
    placed = assign(pairs, [typo], existing, persons, CONFIG.auto_threshold, CONFIG.review_threshold)
    assert typo["unique_id"] not in placed.joined
    assert placed.review[0].reason == "conflict: different NHS numbers"


def test_a_cannot_link_keeps_a_new_record_out_of_the_person(split):
    _, existing, _, model, _, persons = split
    base = next(r for r in existing if r["dob"] and r["surname"] and r["forename"] and r["postcode"])
    copy = {**base, "unique_id": "youth:NEW-COPY", "agency": "youth", "record_id": "NEW-COPY"}
    pairs = match(model, existing, [copy], threshold=CONFIG.review_threshold)
    free = assign(pairs, [copy], existing, persons, CONFIG.auto_threshold, CONFIG.review_threshold)
    assert "youth:NEW-COPY" in free.joined
    kept_apart = assign(pairs, [copy], existing, persons, CONFIG.auto_threshold, CONFIG.review_threshold,
                        cannot_link=[("youth:NEW-COPY", base["unique_id"])])
    assert "youth:NEW-COPY" not in kept_apart.joined


def test_no_new_records_means_no_pairs(split):
    _, existing, _, model, _, _ = split
    assert match(model, existing, []) == []
