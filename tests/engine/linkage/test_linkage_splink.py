"""Splink 5 on DuckDB: train, predict and cluster a small synthetic partnership, scored against its truth."""

import json
import math
import time
from pathlib import Path

import pytest

from engine.linkage import LinkageConfig, cluster, partnership_records, predict, train
from engine.linkage.clusters import cluster_table
from engine.linkage.evaluate import evaluate, read_truth
from engine.linkage.records import partnership_table
from engine.linkage.splink_adapter import _table, breakdown, predict_table
from engine.synth import SynthConfig, generate

CONFIG = LinkageConfig()


@pytest.fixture(scope="module")
def linked(tmp_path_factory):
    root = tmp_path_factory.mktemp("partnership")
    generate(SynthConfig(children=250, seed=3), out_dir=Path(root))
    records = partnership_records(root)
    started = time.perf_counter()
    model = train(records, seed=CONFIG.seed, config=CONFIG)
    pairs = predict(model, records, threshold=CONFIG.predict_threshold, config=CONFIG)
    result = cluster(pairs, CONFIG.auto_threshold, CONFIG.review_threshold, records=records)
    elapsed = time.perf_counter() - started
    metrics = evaluate(result.cluster_of, read_truth(root), [(p.uid_l, p.uid_r) for p in pairs])
    print(f"\nlinkage: {len(records)} records, {elapsed:.2f}s, review {len(result.review)}, {metrics}")
    return records, model, pairs, result, metrics, root


def test_model_is_trained_and_saved_with_versions(linked):
    _, model, _, _, _, _ = linked
    assert model.splink_version.startswith("5.")
    assert model.statistics["records"] > 500
    json.dumps(model.model)  # serialisable
    weights = model.level_weights()
    assert weights["nhs_number"][0][1] > 5  # an NHS number match is strong evidence
    assert weights["forename"][0][1] > weights["forename"][-1][1]


def test_pairs_carry_a_breakdown_that_sums_to_the_weight(linked):
    _, model, pairs, _, _, _ = linked
    prior = model.model["probability_two_random_records_match"]
    prior_weight = math.log2(prior / (1 - prior))
    for pair in pairs[:50]:
        assert set(pair.breakdown) == {"forename", "middle_names", "surname", "dob", "sex", "address", "nhs_number",
                                       "upn"}
        total = prior_weight + sum(weight for _, weight in pair.breakdown.values())
        assert total == pytest.approx(pair.match_weight, abs=0.05)


def test_automatic_links_are_precise_and_recall_is_high(linked):
    _, _, _, _, metrics, _ = linked
    assert metrics["precision"] >= 0.95
    assert metrics["recall"] >= 0.8
    assert metrics["false_merge_rate"] <= 0.01


def test_no_cluster_holds_two_nhs_numbers(linked):
    records, _, _, result, _, _ = linked
    by_id = {r["unique_id"]: r for r in records}
    for members in result.clusters().values():
        assert len({by_id[m]["nhs_number"] for m in members} - {None}) <= 1


def test_training_is_reproducible_with_a_seed(linked):
    records, model, _, _, _, _ = linked
    again = train(records, seed=CONFIG.seed, config=CONFIG)
    assert again.model["comparisons"] == model.model["comparisons"]


def test_the_column_wise_table_holds_exactly_what_the_per_record_path_gives(linked):
    records, _, _, _, _, root = linked
    fast = sorted(partnership_table(root).to_pylist(), key=lambda r: r["unique_id"])
    slow = sorted(_table(records).to_pylist(), key=lambda r: r["unique_id"])
    assert fast == slow


def test_lean_predict_table_scores_the_same_pairs_and_explains_them(linked):
    records, model, pairs, _, _, _ = linked
    table = predict_table(model, partnership_table(linked[5]), threshold=CONFIG.predict_threshold, config=CONFIG)
    lean = {(r["uid_l"], r["uid_r"]): r for r in table.to_pylist()}
    full = {(p.uid_l, p.uid_r): p for p in pairs}
    assert set(lean) == set(full)
    for key, pair in list(full.items())[:200]:
        assert lean[key]["match_weight"] == pytest.approx(pair.match_weight, abs=1e-6)
        assert {k: v[0] for k, v in breakdown(model, lean[key]).items()} == {k: v[0] for k, v in pair.breakdown.items()}


def test_table_clustering_links_as_well_and_never_across_a_conflict(linked):
    records, model, _, result, metrics, root = linked
    table = partnership_table(root)
    scored = predict_table(model, table, threshold=CONFIG.review_threshold, config=CONFIG)
    fast = cluster_table(scored, table, CONFIG.auto_threshold, CONFIG.review_threshold)
    fast_metrics = evaluate(fast.cluster_of, read_truth(root))
    assert fast_metrics["precision"] == pytest.approx(metrics["precision"], abs=0.002)
    assert fast_metrics["recall"] == pytest.approx(metrics["recall"], abs=0.002)
    by_id = {r["unique_id"]: r for r in records}
    for members in fast.clusters().values():
        assert len({by_id[m]["nhs_number"] for m in members} - {None}) <= 1
        held: dict = {}  # per agency: who its records are to it (the agency key, or the record itself)
        for m in members:
            held.setdefault(by_id[m]["agency"], set()).add(by_id[m]["agency_key"] or m)
        assert all(len(ids) == 1 for ids in held.values())
    pairs_of_persons = [tuple(sorted((fast.cluster_of[r.uid_l], fast.cluster_of[r.uid_r]))) for r in fast.review]
    assert len(pairs_of_persons) == len(set(pairs_of_persons))  # one review item per pair of persons
    assert len(fast.review) <= len(result.review)


def test_training_samples_em_pairs_and_records_the_budget(linked):
    _, model, _, _, _, _ = linked
    assert model.statistics["em_max_pairs"] == CONFIG.em_max_pairs
    assert set(model.statistics["timings"]) >= {"prior_s", "u_s", "em_s", "total_s"}


def test_a_blocking_rule_on_a_field_most_records_lack_falls_back_to_the_fields_held():
    """Issue 17, item 1: agencies that record no sex still block on date of birth and surname sound."""
    import pyarrow as pa

    from engine.linkage.splink_adapter import BLOCKING_RULES, FALLBACK_RULES, blocking_rules

    sex_rule = next(r for r in BLOCKING_RULES if "l.sex" in r)
    held = pa.table({"sex": ["F", "M", None], "dob": [1, 2, 3]})
    assert blocking_rules(held) == list(BLOCKING_RULES)
    none = pa.table({"sex": pa.array([None, None, "F"], pa.string()), "dob": [1, 2, 3]})
    chosen = blocking_rules(none)
    assert sex_rule not in chosen and FALLBACK_RULES[sex_rule] in chosen
    assert len(chosen) == len(BLOCKING_RULES)
