"""Probabilistic record linkage across agencies (issue 3): one child, one record.

Pure Python; Splink and DuckDB are imported lazily, only by `splink_adapter`.

    records = partnership_records("/tmp/p")                  # flat linkage table (list of dicts)
    model = train(records, seed=1)                           # u by random sampling, m by EM
    pairs = predict(model, records, threshold=0.0)           # scored pairs with per-comparison weights
    result = cluster(pairs, auto_threshold=12, review_threshold=4, records=records)
"""

from engine.linkage.clusters import ClusterResult, ReviewItem, cluster
from engine.linkage.config import LinkageConfig
from engine.linkage.nicknames import canonical_forenames, equivalent_forenames, nickname_groups
from engine.linkage.records import linkage_record, partnership_records
from engine.linkage.splink_adapter import Pair, TrainedModel, build_settings, predict, train

__all__ = [
    "ClusterResult",
    "LinkageConfig",
    "Pair",
    "ReviewItem",
    "TrainedModel",
    "build_settings",
    "canonical_forenames",
    "cluster",
    "equivalent_forenames",
    "linkage_record",
    "nickname_groups",
    "partnership_records",
    "predict",
    "train",
]
