"""Precision and recall on the labelled sentences, computed (targets: both >= 0.95)."""

from __future__ import annotations

import pytest

from engine.language.evaluate import evaluate


@pytest.fixture(scope="module")
def scores():
    return evaluate()


def test_sentence_level_precision_is_at_least_095(scores):
    assert scores.precision >= 0.95, scores.false_positives


def test_sentence_level_recall_is_at_least_095(scores):
    assert scores.recall >= 0.95, scores.false_negatives


def test_rule_level_precision_and_recall_are_at_least_095(scores):
    assert scores.rule_precision >= 0.95, scores.rule_errors
    assert scores.rule_recall >= 0.95, scores.rule_errors


def test_the_scores_count_every_labelled_sentence(scores):
    assert scores.tp + scores.fn == scores.must_flag
    assert scores.fp <= scores.must_not_flag
    assert scores.must_flag + scores.must_not_flag == scores.sentences
