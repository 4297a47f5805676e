"""The only module that touches Splink (5.x) and DuckDB. Both are imported lazily, inside functions.

Splink 5 registers data with a database API first (`DuckDBAPI().register(table)`), then builds a
`Linker` over the registered `SplinkDataFrame` and a settings dict (or a saved model JSON).
"""

from __future__ import annotations

import logging
import math
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from engine.linkage.config import DEFAULT_CONFIG, LinkageConfig

__all__ = [
    "BLOCKING_RULES",
    "EM_BLOCKING_RULES",
    "Pair",
    "TrainedModel",
    "build_settings",
    "predict",
    "train",
]

# Every key is an equality, so NULL (and every sentinel, nulled in records.py) never forms a block.
BLOCKING_RULES: tuple[str, ...] = (
    "l.surname_std = r.surname_std AND l.dob = r.dob",
    "l.forename_canonical = r.forename_canonical AND l.dob = r.dob",
    "l.postcode = r.postcode AND l.dob_year = r.dob_year",
    "l.nhs_number = r.nhs_number",
    "l.upn = r.upn",
    "l.dob = r.dob AND l.sex = r.sex AND l.surname_metaphone = r.surname_metaphone",
    "l.forename_canonical = r.forename_canonical AND l.surname_std = r.surname_std AND l.dob_year = r.dob_year",
    "l.forename_canonical = r.forename_canonical AND l.postcode = r.postcode",
)
# m by EM: each rule leaves most comparisons free to be estimated.
EM_BLOCKING_RULES: tuple[str, ...] = (
    "l.dob = r.dob",
    "l.forename = r.forename AND l.surname_std = r.surname_std",
    "l.postcode = r.postcode AND l.dob_year = r.dob_year",
)
PRIOR_RULES: tuple[str, ...] = (
    "l.nhs_number = r.nhs_number",
    "l.forename = r.forename AND l.surname_std = r.surname_std AND l.dob = r.dob",
)

_SCHEMA_LISTS = ("forename_groups", "surname_all", "former_surnames")
_SCHEMA_INTS = ("dob_year", "dob_month", "dob_day")


def _level(sql: str, label: str, null: bool = False) -> dict[str, Any]:
    level: dict[str, Any] = {"sql_condition": sql, "label_for_charts": label}
    if null:
        level["is_null_level"] = True
    return level


def _null(*cols: str) -> dict[str, Any]:
    return _level(" OR ".join(f'"{c}_l" IS NULL OR "{c}_r" IS NULL' for c in cols), "null", null=True)


_ELSE = {"sql_condition": "ELSE", "label_for_charts": "all other"}


def _exact_comparison(col: str, description: str) -> dict[str, Any]:
    return {
        "output_column_name": col,
        "comparison_description": description,
        "comparison_levels": [_null(col), _level(f'"{col}_l" = "{col}_r"', "exact"), _ELSE],
    }


def comparisons() -> list[dict[str, Any]]:
    jw = "jaro_winkler_similarity"
    return [
        {
            "output_column_name": "forename",
            "comparison_description": "forename: exact, nickname group, Jaro-Winkler",
            "comparison_levels": [
                _null("forename"),
                _level('"forename_l" = "forename_r"', "exact"),
                _level("len(list_intersect(forename_groups_l, forename_groups_r)) > 0", "nickname group"),
                _level(f"{jw}(forename_l, forename_r) >= 0.92", "Jaro-Winkler >= 0.92"),
                _level(f"{jw}(forename_l, forename_r) >= 0.85", "Jaro-Winkler >= 0.85"),
                _ELSE,
            ],
        },
        {
            "output_column_name": "surname",
            "comparison_description": "surname: exact, any part or former surname, Jaro-Winkler",
            "comparison_levels": [
                _null("surname_std"),
                _level('"surname_std_l" = "surname_std_r"', "exact"),
                _level("len(list_intersect(surname_all_l, surname_all_r)) > 0", "any part / former surname"),
                _level(f"{jw}(surname_std_l, surname_std_r) >= 0.92", "Jaro-Winkler >= 0.92"),
                _ELSE,
            ],
        },
        {
            "output_column_name": "dob",
            "comparison_description": "date of birth: exact, day/month swap, near misses",
            "comparison_levels": [
                _null("dob"),
                _level('"dob_l" = "dob_r"', "exact"),
                _level("dob_year_l = dob_year_r AND dob_month_l = dob_day_r AND dob_day_l = dob_month_r",
                       "day/month swapped"),
                _level("abs(date_diff('day', dob_l, dob_r)) <= 1", "within 1 day"),
                _level("dob_year_l = dob_year_r AND dob_month_l = dob_month_r", "same year and month"),
                _level("dob_month_l = dob_month_r AND dob_day_l = dob_day_r AND abs(dob_year_l - dob_year_r) = 1",
                       "year off by one"),
                _level("abs(date_diff('day', dob_l, dob_r)) <= 366", "within 1 year"),
                _ELSE,
            ],
        },
        _exact_comparison("sex", "sex"),
        {
            "output_column_name": "postcode",
            "comparison_description": "postcode: unit, sector, district",
            "comparison_levels": [
                _null("postcode"),
                _level('"postcode_l" = "postcode_r"', "full postcode"),
                _level('"postcode_sector_l" = "postcode_sector_r"', "sector"),
                _level('"postcode_district_l" = "postcode_district_r"', "district"),
                _ELSE,
            ],
        },
        {
            "output_column_name": "address",
            "comparison_description": "address: exact, Jaro-Winkler",
            "comparison_levels": [
                _null("address"),
                _level('"address_l" = "address_r"', "exact"),
                _level(f"{jw}(address_l, address_r) >= 0.9", "Jaro-Winkler >= 0.9"),
                _ELSE,
            ],
        },
        _exact_comparison("nhs_number", "NHS number"),
        _exact_comparison("upn", "unique pupil number"),
    ]


def build_settings(config: LinkageConfig = DEFAULT_CONFIG) -> dict[str, Any]:
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "probability_two_random_records_match": 1e-4,
        "comparisons": comparisons(),
        "blocking_rules_to_generate_predictions": list(BLOCKING_RULES),
        "retain_matching_columns": True,
        "retain_intermediate_calculation_columns": True,
        "additional_columns_to_retain": ["agency", "record_id"],
        "max_iterations": config.em_max_iterations,
        "em_convergence": 0.0001,
    }


@dataclass(frozen=True)
class TrainedModel:
    """A Splink model (its JSON) with the versions and statistics of the run that trained it."""

    model: dict[str, Any]
    splink_version: str
    duckdb_version: str
    seed: int
    statistics: dict[str, Any] = field(default_factory=dict)

    def level_weights(self) -> dict[str, list[tuple[str, float | None]]]:
        """Match weight (log2 m/u) of every non-null comparison level, for the model page."""
        out = {}
        for comparison in self.model["comparisons"]:
            levels = []
            for level in comparison["comparison_levels"]:
                if level.get("is_null_level"):
                    continue
                m, u = level.get("m_probability"), level.get("u_probability")
                weight = math.log2(m / u) if m and u else None
                levels.append((level.get("label_for_charts", level["sql_condition"]), weight))
            out[comparison["output_column_name"]] = levels
        return out


@dataclass(frozen=True)
class Pair:
    uid_l: str
    uid_r: str
    match_weight: float
    match_probability: float
    breakdown: dict[str, tuple[str, float]]  # comparison → (level label, match weight of that level)


def _table(records: Sequence[Mapping[str, Any]]):
    import pyarrow as pa

    from engine.linkage.records import COLUMNS

    fields = []
    for name in COLUMNS:
        if name in _SCHEMA_LISTS:
            kind = pa.list_(pa.string())
        elif name in _SCHEMA_INTS:
            kind = pa.int32()
        elif name == "dob":
            kind = pa.date32()
        else:
            kind = pa.string()
        fields.append(pa.field(name, kind))
    schema = pa.schema(fields)
    return pa.Table.from_pylist([{c: r.get(c) for c in COLUMNS} for r in records], schema=schema)


def _db(config: LinkageConfig):
    import duckdb
    from splink import DuckDBAPI

    con = duckdb.connect(":memory:")
    con.execute(f"SET threads = {int(config.duckdb_threads)}")
    return DuckDBAPI(connection=con)


def _linker(records, settings, config):
    from splink import Linker

    db_api = _db(config)
    sdf = db_api.register(_table(records), dataset_display_name="people")
    return Linker(sdf, settings, log_level=logging.ERROR)


def train(records: Sequence[Mapping[str, Any]], seed: int = 42,
          config: LinkageConfig = DEFAULT_CONFIG) -> TrainedModel:
    """u by random sampling (fixed seed), the prior by deterministic rules, m by EM on three blocking rules."""
    import duckdb
    import splink

    started = time.perf_counter()
    linker = _linker(records, build_settings(config), config)
    timings = {}
    t = time.perf_counter()
    linker.training.estimate_probability_two_random_records_match(list(PRIOR_RULES), recall=config.prior_recall)
    timings["prior_s"] = time.perf_counter() - t
    t = time.perf_counter()
    linker.training.estimate_u_using_random_sampling(max_pairs=config.u_max_pairs, seed=seed)
    timings["u_s"] = time.perf_counter() - t
    t = time.perf_counter()
    for rule in EM_BLOCKING_RULES:
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    timings["em_s"] = time.perf_counter() - t
    model = linker.misc.save_model_to_json()
    timings["total_s"] = time.perf_counter() - started
    statistics = {
        "records": len(records),
        "records_by_agency": dict(Counter(r["agency"] for r in records)),
        "probability_two_random_records_match": model.get("probability_two_random_records_match"),
        "u_max_pairs": config.u_max_pairs,
        "em_blocking_rules": list(EM_BLOCKING_RULES),
        "timings": timings,
        "untrained_levels": _untrained(model),
    }
    return TrainedModel(model=model, splink_version=splink.__version__, duckdb_version=duckdb.__version__,
                        seed=seed, statistics=statistics)


def _untrained(model: Mapping[str, Any]) -> list[str]:
    """Levels whose m or u could not be estimated (too rare in this data); Splink uses defaults for them."""
    out = []
    for comparison in model["comparisons"]:
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            missing = [p for p in ("m_probability", "u_probability") if level.get(p) is None]
            if missing:
                out.append(f"{comparison['output_column_name']}: {level.get('label_for_charts')} ({', '.join(missing)})")
    return out


def _labels(model: Mapping[str, Any]) -> dict[str, dict[int, str]]:
    out = {}
    for comparison in model["comparisons"]:
        levels = [lv for lv in comparison["comparison_levels"]]
        non_null = [lv for lv in levels if not lv.get("is_null_level")]
        mapping = {-1: "null"}
        for i, level in enumerate(non_null):
            mapping[len(non_null) - 1 - i] = level.get("label_for_charts", level["sql_condition"])
        out[comparison["output_column_name"]] = mapping
    return out


def predict(model: TrainedModel, records: Sequence[Mapping[str, Any]], threshold: float = 0.0,
            config: LinkageConfig = DEFAULT_CONFIG) -> list[Pair]:
    """Score every blocked pair; return those with match weight ≥ threshold, with a per-comparison breakdown."""
    linker = _linker(records, dict(model.model), config)
    result = linker.inference.predict(threshold_match_weight=threshold, warning_mode="never")
    labels = _labels(model.model)
    pairs = []
    for row in result.as_record_list():
        breakdown = {}
        for name, mapping in labels.items():
            gamma = row.get(f"gamma_{name}")
            weight = row.get(f"mw_{name}")
            breakdown[name] = (mapping.get(gamma, str(gamma)), round(float(weight or 0.0), 3))
        left, right = sorted((row["unique_id_l"], row["unique_id_r"]))
        pairs.append(Pair(left, right, float(row["match_weight"]), float(row["match_probability"]), breakdown))
    return pairs
