"""The default model: shipped with the engine, in step with its comparisons, used where a partnership's own
records cannot train a model (issue 14, item 5)."""

import math
from pathlib import Path

import pytest

from engine.linkage import LinkageConfig, cluster, partnership_records, predict, train
from engine.linkage.default_model import (
    MIN_TRAINING_RECORDS,
    adapted,
    cannot_train,
    default_model,
    estimate_prior,
)
from engine.linkage.evaluate import evaluate, read_truth
from engine.linkage.splink_adapter import TrainingFailed, build_settings
from engine.synth import SynthConfig, generate

CONFIG = LinkageConfig()


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    root = tmp_path_factory.mktemp("small")
    generate(SynthConfig(children=100, seed=1), out_dir=Path(root))
    return partnership_records(root), read_truth(root)


def _structure(comparisons):
    return [(c["output_column_name"], [(lv["sql_condition"], bool(lv.get("is_null_level")))
                                       for lv in c["comparison_levels"]]) for c in comparisons]


def test_the_shipped_model_matches_the_engine_s_comparisons_and_blocking():
    shipped = default_model().model
    current = build_settings(CONFIG)
    assert _structure(shipped["comparisons"]) == _structure(current["comparisons"]), \
        "comparisons changed: regenerate with `python -m engine.linkage.default_model`"
    shipped_rules = [r["blocking_rule"] for r in shipped["blocking_rules_to_generate_predictions"]]
    assert shipped_rules == current["blocking_rules_to_generate_predictions"]


def test_every_level_of_the_shipped_model_is_estimated_and_says_where_from():
    model = default_model()
    assert model.statistics["source"] == "default"
    assert model.statistics["estimated_on"]["generator"] == "engine.synth"
    assert not model.statistics["untrained_levels"]
    weights = model.level_weights()
    assert weights["nhs_number"][0][1] > 5 and weights["forename"][0][1] > weights["forename"][-1][1]


def test_the_prior_is_estimated_on_the_partnership_s_own_records(small):
    records, _ = small
    prior, found = estimate_prior(records)
    expected_pairs = len(records) * (len(records) - 1) / 2
    assert found > 10 and prior == pytest.approx(found / CONFIG.prior_recall / expected_pairs)
    model = adapted(default_model(), records)
    assert model.model["probability_two_random_records_match"] == prior
    assert model.statistics["prior"]["deterministic_pairs"] == found
    # m and u are the shipped ones
    assert model.model["comparisons"] == default_model().model["comparisons"]
    # one record of each of two agencies and no pair the rules find: a small, finite prior all the same
    lone = [records[0], next(r for r in records if r["agency"] != records[0]["agency"] and r["dob"] != records[0]["dob"])]
    prior, found = estimate_prior(lone)
    assert found == 0 and 0 < prior <= 0.5 and math.isfinite(prior)


def test_a_first_file_that_cannot_train_a_model_links_with_the_default(small):
    records, truth = small
    police = [r for r in records if r["agency"] == "police"]
    with pytest.raises(TrainingFailed):
        train(police, seed=1, config=CONFIG)  # EM has nothing to estimate from
    model = adapted(default_model(), records)
    pairs = predict(model, records, threshold=CONFIG.review_threshold, config=CONFIG)
    result = cluster(pairs, CONFIG.auto_threshold, CONFIG.review_threshold, records=records)
    metrics = evaluate(result.cluster_of, truth)
    assert metrics["precision"] >= 0.99 and metrics["f1"] >= 0.97


def test_a_partnership_trains_its_own_model_from_the_measured_size():
    assert cannot_train(MIN_TRAINING_RECORDS - 1)
    assert cannot_train(MIN_TRAINING_RECORDS) is None
