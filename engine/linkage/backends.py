"""Where scoring runs: Splink on DuckDB (the default, in process) or on Spark (local mode or a cluster).

Both take the same stored model and records and return the same `Pair`s, so clustering, review and every
reviewer's decision work the same whichever backend scored the pairs.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["ENGINES", "predictor"]

ENGINES = ("duckdb", "spark")


def predictor(engine: str = "duckdb") -> Callable:
    """The `predict(model, records, threshold=, config=)` function of a backend."""
    if engine == "duckdb":
        from engine.linkage.splink_adapter import predict

        return predict
    if engine == "spark":
        from engine.linkage.spark import predict

        return predict
    raise ValueError(f"unknown linkage engine {engine!r}: choose one of {', '.join(ENGINES)}")
