"""Splink 5 on DuckDB: train, predict and cluster a small synthetic partnership, scored against its truth."""

import json
import math
import time
from pathlib import Path

import pytest

from engine.linkage import LinkageConfig, cluster, partnership_records, predict, train
from engine.linkage.evaluate import evaluate, read_truth
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
    return records, model, pairs, result, metrics


def test_model_is_trained_and_saved_with_versions(linked):
    _, model, _, _, _ = linked
    assert model.splink_version.startswith("5.")
    assert model.statistics["records"] > 500
    json.dumps(model.model)  # serialisable
    weights = model.level_weights()
    assert weights["nhs_number"][0][1] > 5  # an NHS number match is strong evidence
    assert weights["forename"][0][1] > weights["forename"][-1][1]


def test_pairs_carry_a_breakdown_that_sums_to_the_weight(linked):
    _, model, pairs, _, _ = linked
    prior = model.model["probability_two_random_records_match"]
    prior_weight = math.log2(prior / (1 - prior))
    for pair in pairs[:50]:
        assert set(pair.breakdown) == {"forename", "surname", "dob", "sex", "postcode", "address", "nhs_number", "upn"}
        total = prior_weight + sum(weight for _, weight in pair.breakdown.values())
        assert total == pytest.approx(pair.match_weight, abs=0.05)


def test_automatic_links_are_precise_and_recall_is_high(linked):
    _, _, _, _, metrics = linked
    assert metrics["precision"] >= 0.95
    assert metrics["recall"] >= 0.8
    assert metrics["false_merge_rate"] <= 0.01


def test_no_cluster_holds_two_nhs_numbers(linked):
    records, _, _, result, _ = linked
    by_id = {r["unique_id"]: r for r in records}
    for members in result.clusters().values():
        assert len({by_id[m]["nhs_number"] for m in members} - {None}) <= 1


def test_training_is_reproducible_with_a_seed(linked):
    records, model, _, _, _ = linked
    again = train(records, seed=CONFIG.seed, config=CONFIG)
    assert again.model["comparisons"] == model.model["comparisons"]
