"""Linkage configuration: frozen dataclasses with safe defaults."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DEFAULT_CONFIG", "LinkageConfig"]


@dataclass(frozen=True)
class LinkageConfig:
    """Thresholds are Splink match weights (log2 Bayes factors including the prior)."""

    seed: int = 42
    auto_threshold: float = 10.0      # at or above: linked automatically (unless a conflict)
    review_threshold: float = 4.0     # [review, auto): sent to the review queue
    predict_threshold: float = 0.0    # pairs below this are not returned by predict
    u_max_pairs: float = 2e6          # random-sampling budget for u
    em_max_iterations: int = 25
    prior_recall: float = 0.7         # assumed recall of the deterministic rules used for the prior
    same_agency_conflict: bool = True  # two records of one agency with different record ids conflict
    duckdb_threads: int = 2


DEFAULT_CONFIG = LinkageConfig()
