"""Linkage configuration: frozen dataclasses with safe defaults."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DEFAULT_CONFIG", "LinkageConfig"]


@dataclass(frozen=True)
class LinkageConfig:
    """Thresholds are Splink match weights (log2 Bayes factors including the prior)."""

    seed: int = 42
    auto_threshold: float = 4.0       # at or above: linked automatically (unless a conflict); p >= 0.94
    review_threshold: float = -2.0    # [review, auto): sent to the review queue; p >= 0.2
    predict_threshold: float = 0.0    # pairs below this are not returned by predict
    train_max_records: int = 250_000  # larger partnerships train on a fixed-seed sample of records
    u_max_pairs: float = 5e5          # random-sampling budget for u (identifier u is filled from frequencies)
    min_m_probability: float = 1e-3   # floor for m of a level never seen among matches in training
    em_max_pairs: float = 5e5         # EM sees at most this many pairs per training rule (hash-based sample)
    em_probe_proportion: float = 0.05  # share of records Splink probes to size that sample
    em_max_iterations: int = 10
    prior_recall: float = 0.7         # assumed recall of the deterministic rules used for the prior
    same_agency_conflict: bool = True  # two records of one agency with different record ids conflict
    # ... unless neither carries the agency's own identifier and their match weight reaches this (issue 17,
    # item 3: one agency's own duplicates). Measured on `bench/linkage.py --set one-source --people 10000`
    # (docs/benchmarks.md): at 10 precision 0.994 and 6 twin pairs merged, at 16 precision 0.999 and 1, at
    # 18 no fewer false merges and a fifth less recall.
    same_agency_threshold: float = 16.0
    duckdb_threads: int = 2


DEFAULT_CONFIG = LinkageConfig()
