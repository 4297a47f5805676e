"""The only module that touches Splink (5.x) and DuckDB. Both are imported lazily, inside functions.

Splink 5 registers data with a database API first (`DuckDBAPI().register(table)`), then builds a
`Linker` over the registered `SplinkDataFrame` and a settings dict (or a saved model JSON).
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from engine.linkage.config import DEFAULT_CONFIG, LinkageConfig

__all__ = [
    "BLOCKING_RULES",
    "EM_BLOCKING_RULES",
    "FALLBACK_RULES",
    "Pair",
    "TrainedModel",
    "TrainingFailed",
    "blocking_rules",
    "breakdown",
    "build_settings",
    "level_weights",
    "predict",
    "predict_table",
    "prediction_settings",
    "train",
]

# Every key is an equality, so NULL (and every sentinel, nulled in records.py) never forms a block.
# Largest blocks and pairs per rule are measured by `bench/linkage.py` (`blocking_report`).
BLOCKING_RULES: tuple[str, ...] = (
    "l.forename_canonical = r.forename_canonical AND l.dob = r.dob",
    "l.dob = r.dob AND l.sex = r.sex AND l.surname_metaphone = r.surname_metaphone",
    "l.postcode = r.postcode AND l.dob_year = r.dob_year",
    "l.nhs_number = r.nhs_number",
    "l.upn = r.upn",
    "l.forename_canonical = r.forename_canonical AND l.surname_std = r.surname_std AND l.dob_year = r.dob_year",
    "l.forename_canonical = r.forename_canonical AND l.postcode = r.postcode",
)
# Measured at 1M records (bench/linkage.py): surname + dob found only 59 true pairs that no other rule
# finds (the metaphone rule covers it) and names + postcode district only 82 for 2.7M extra pairs, so
# neither is used. Records with neither a date of birth nor an address (some youth-service records)
# cannot be told apart from namesakes at this scale and are left for a person to find.

# A rule needing a field most records lack blocks almost nothing (a partnership whose agencies record no
# sex): at prediction it is replaced by its fallback, chosen from the fields the records hold.
FALLBACK_RULES: dict[str, str] = {
    "l.dob = r.dob AND l.sex = r.sex AND l.surname_metaphone = r.surname_metaphone":
        "l.dob = r.dob AND l.surname_metaphone = r.surname_metaphone",
}
MIN_FIELD_SHARE = 0.5  # a rule's fields must be held by at least this share of records


def blocking_rules(table, rules=BLOCKING_RULES) -> list[str]:
    """The prediction blocking rules for these records (a pyarrow linkage table): each rule whose fields
    fewer than `MIN_FIELD_SHARE` of the records hold is replaced by its fallback (`FALLBACK_RULES`)."""
    import re

    n = max(table.num_rows, 1)
    out = []
    for rule in rules:
        fields = set(re.findall(r"l\.(\w+)", rule))
        thin = any(f in table.column_names and 1 - table.column(f).null_count / n < MIN_FIELD_SHARE for f in fields)
        out.append(FALLBACK_RULES.get(rule, rule) if thin else rule)
    return out


def prediction_settings(model: Mapping[str, Any], table) -> dict[str, Any]:
    """A copy of a stored model's settings with its blocking rules chosen for `table` (`blocking_rules`)."""
    settings = dict(model)
    stored = [r["blocking_rule"] if isinstance(r, dict) else r for r in settings["blocking_rules_to_generate_predictions"]]
    settings["blocking_rules_to_generate_predictions"] = blocking_rules(table, stored)
    return settings


# m by EM: each rule leaves most comparisons free to be estimated. EM runs on a fixed, hash-based
# sample of each rule's pairs (`LinkageConfig.em_max_pairs`), so training cost does not grow with the data.
EM_BLOCKING_RULES: tuple[str, ...] = (
    "l.dob = r.dob",                                              # estimates every comparison but dob
    "l.forename = r.forename AND l.surname_std = r.surname_std",  # estimates dob (and the rest again)
)
PRIOR_RULES: tuple[str, ...] = (
    "l.nhs_number = r.nhs_number",
    "l.forename = r.forename AND l.surname_std = r.surname_std AND l.dob = r.dob",
)

_SCHEMA_LISTS = ("forename_groups", "surname_all", "former_surnames")
_SCHEMA_INTS = ("dob_year", "dob_month", "dob_day")
# DuckDB functions used in comparison levels (all transpiled by sqlglot for the Spark backend):
# jaro_winkler_similarity, list_intersect + len, date_diff('day', …), abs.
SQL_FUNCTIONS = ("jaro_winkler_similarity", "list_intersect", "len", "date_diff", "abs")


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
        _exact_comparison("middle_names", "middle names: exact or not"),
        {
            "output_column_name": "surname",
            "comparison_description": "surname: exact, any part or former surname, Jaro-Winkler",
            "comparison_levels": [
                _null("surname_std"),
                _level('"surname_std_l" = "surname_std_r"', "exact"),
                _level("len(list_intersect(surname_all_l, surname_all_r)) > 0", "any part / former surname"),
                _level(f"{jw}(surname_std_l, surname_std_r) >= 0.92", "Jaro-Winkler >= 0.92"),
                _level(f"{jw}(surname_std_l, surname_std_r) >= 0.85", "Jaro-Winkler >= 0.85"),
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
                _level("dob_month_l = dob_month_r AND dob_day_l = dob_day_r AND abs(dob_year_l - dob_year_r) = 1",
                       "year off by one"),
                _level("abs(date_diff('day', dob_l, dob_r)) <= 31", "within a month"),
                _level("abs(date_diff('day', dob_l, dob_r)) <= 366", "within 1 year"),
                _ELSE,
            ],
        },
        _exact_comparison("sex", "sex"),
        {
            # One comparison for where the child lives: the address line and its postcode say much the
            # same thing, and counting them separately would punish a move twice.
            "output_column_name": "address",
            "comparison_description": "address and postcode: same address, postcode unit, sector, district",
            "comparison_levels": [
                _level('("postcode_l" IS NULL OR "postcode_r" IS NULL) AND ("address_l" IS NULL OR "address_r" IS NULL)',
                       "null", null=True),
                _level('"address_l" = "address_r"', "same address"),
                _level('"postcode_l" = "postcode_r"', "same postcode"),
                _level('"postcode_sector_l" = "postcode_sector_r"', "same postcode sector"),
                _level('"postcode_district_l" = "postcode_district_r"', "same postcode district"),
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


class TrainingFailed(Exception):
    """The records could not train a model (too few pairs for EM to estimate from, or none at all)."""


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


def _schema():
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
    return pa.schema(fields)


def _table(records):
    """The linkage table as pyarrow: from linkage records (dicts), or a pyarrow table passed through (cast)."""
    import pyarrow as pa

    schema = _schema()
    if isinstance(records, pa.Table):
        return records.select(schema.names).cast(schema)
    return pa.Table.from_pylist([{c: r.get(c) for c in schema.names} for r in records], schema=schema)


def _count(records) -> int:
    return records.num_rows if hasattr(records, "num_rows") else len(records)


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


def train(records, seed: int = 42, config: LinkageConfig = DEFAULT_CONFIG) -> TrainedModel:
    """u by random sampling (fixed seed), the prior by deterministic rules, m by EM on three blocking rules.

    `records` are linkage records or a pyarrow table of them. EM sees at most `config.em_max_pairs` pairs
    per rule (Splink's deterministic, hash-based sample of the rule's pairs), so a million records train in
    about the time a hundred thousand do; u sees `config.u_max_pairs` random pairs drawn with `seed`.
    Raises `TrainingFailed` when the records hold too little to estimate from (e.g. one agency's first file).
    """
    from splink.internals.exceptions import SplinkException

    try:
        return _train(records, seed, config)
    except (SplinkException, ValueError, ZeroDivisionError) as error:
        raise TrainingFailed(str(error).splitlines()[0] if str(error) else type(error).__name__) from error


def _train(records, seed: int, config: LinkageConfig) -> TrainedModel:
    import duckdb
    import splink

    started = time.perf_counter()
    table = _table(records)
    sample = _training_sample(table, seed, config.train_max_records)
    linker = _linker(sample, build_settings(config), config)
    timings = {}
    t = time.perf_counter()
    linker.training.estimate_probability_two_random_records_match(list(PRIOR_RULES), recall=config.prior_recall)
    timings["prior_s"] = time.perf_counter() - t
    t = time.perf_counter()
    linker.training.estimate_u_using_random_sampling(max_pairs=config.u_max_pairs, seed=seed)
    timings["u_s"] = time.perf_counter() - t
    t = time.perf_counter()
    for rule in EM_BLOCKING_RULES:
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, max_pairs=config.em_max_pairs, record_sample_proportion=config.em_probe_proportion)
    timings["em_s"] = time.perf_counter() - t
    model = _floor_m(linker.misc.save_model_to_json(), config.min_m_probability)
    _fill_identifier_u(model, sample)
    timings["total_s"] = time.perf_counter() - started
    agencies = table.column("agency").value_counts().to_pylist()
    statistics = {
        "records": table.num_rows,
        "training_records": sample.num_rows,
        "records_by_agency": {a["values"]: a["counts"] for a in agencies},
        "probability_two_random_records_match": model.get("probability_two_random_records_match"),
        "u_max_pairs": config.u_max_pairs,
        "em_max_pairs": config.em_max_pairs,
        "em_blocking_rules": list(EM_BLOCKING_RULES),
        "timings": timings,
        "untrained_levels": _untrained(model),
    }
    return TrainedModel(model=model, splink_version=splink.__version__, duckdb_version=duckdb.__version__,
                        seed=seed, statistics=statistics)


def _training_sample(table, seed: int, limit: int):
    """At most about `limit` records, chosen by a hash of unique_id and the seed (the same every run).

    Sampling records uniformly keeps the share of matching pairs among all pairs (the prior), the
    agreement rates of random pairs (u) and of matching pairs (m), so a sample trains the same model.
    """
    if table.num_rows <= limit:
        return table
    import duckdb

    con = duckdb.connect(":memory:")
    con.register("people", table)
    cut = int(limit / table.num_rows * 1_000_000)
    return con.execute(f"SELECT * FROM people WHERE hash(unique_id || ?) % 1000000 < {cut} ORDER BY unique_id",
                       [str(seed)]).to_arrow_table()


def _fill_identifier_u(model: dict[str, Any], table) -> None:
    """u of an exact match that random sampling never saw (NHS numbers, UPNs and full addresses almost
    never coincide by chance): the chance two records holding one share it, sum of (count / holders)^2,
    taken from the 'all other' level so the level probabilities still sum to one."""
    import pyarrow.compute as pc

    for comparison in model["comparisons"]:
        name = comparison["output_column_name"]
        if name not in ("nhs_number", "upn", "address"):
            continue
        exact = next(lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level"))
        if exact.get("u_probability") is None:
            counts = pc.value_counts(pc.drop_null(table.column(name))).field("counts").to_numpy().astype("float64")
            holders = counts.sum()
            if holders:
                exact["u_probability"] = float(((counts / holders) ** 2).sum())
                rest = next(lv for lv in comparison["comparison_levels"] if lv.get("sql_condition") == "ELSE")
                rest["u_probability"] = max(float(rest.get("u_probability") or 1.0) - exact["u_probability"], 1e-9)


def _floor_m(model: dict[str, Any], floor: float) -> dict[str, Any]:
    """No level is impossible for a true match: an m estimated as ~0 (never seen among matches in this data,
    e.g. differing middle names when no agency mistypes them) is raised to `floor`, so one disagreement
    weighs heavily against a link but cannot veto it outright."""
    for comparison in model["comparisons"]:
        for level in comparison["comparison_levels"]:
            m = level.get("m_probability")
            if not level.get("is_null_level") and m is not None and m < floor:
                level["m_probability"] = floor
    return model


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


def _scored(model: TrainedModel, records, threshold: float, config: LinkageConfig, columns: str, lean: bool):
    """Run Splink's predict and return uid_l < uid_r, match_weight, match_probability and `columns` as pyarrow.

    `lean` drops the matching (input) columns from Splink's output, which leaves the per-comparison match
    weights (mw_<comparison>) but not the gamma levels.
    """
    records = _table(records)
    settings = prediction_settings(model.model, records)
    settings["retain_intermediate_calculation_columns"] = True
    if lean:
        settings["retain_matching_columns"] = False
        settings["additional_columns_to_retain"] = []
    linker = _linker(records, settings, config)
    result = linker.inference.predict(threshold_match_weight=threshold, warning_mode="never")
    sql = (f"SELECT least(unique_id_l, unique_id_r) AS uid_l, greatest(unique_id_l, unique_id_r) AS uid_r, "
           f"match_weight, match_probability{columns} FROM {result.physical_name}")
    table = linker._db_api.duckdb_con.sql(sql).to_arrow_table()
    result.drop_table_from_database_and_remove_from_cache()
    return table


def predict_table(model: TrainedModel, records, threshold: float = 0.0,
                  config: LinkageConfig = DEFAULT_CONFIG):
    """Scored pairs as a pyarrow table: uid_l < uid_r, match_weight, match_probability, mw_<comparison>.

    The lean form for large runs: no input columns and no per-pair dicts; `breakdown(model, row)`
    explains any one pair (e.g. only those sent to review) from its per-comparison weights.
    """
    names = [c["output_column_name"] for c in model.model["comparisons"]]
    return _scored(model, records, threshold, config, "".join(f", CAST(mw_{n} AS FLOAT) AS mw_{n}" for n in names),
                   lean=True)


def breakdown(model: TrainedModel, row: Mapping[str, Any], labels=None) -> dict[str, tuple[str, float]]:
    """The per-comparison (level label, match weight) of one `predict_table` row.

    The level is the one whose weight log2(m/u) is nearest the row's mw_<comparison> (null weighs 0).
    """
    labels = labels or level_weights(model)
    out = {}
    for name, levels in labels.items():
        weight = float(row.get(f"mw_{name}") or 0.0)
        label = min(levels, key=lambda lw: abs(lw[1] - weight))[0] if levels else "?"
        out[name] = (label, round(weight, 3))
    return out


def level_weights(model: TrainedModel) -> dict[str, list[tuple[str, float]]]:
    """comparison → [(level label, match weight log2(m/u))], the null level first at weight 0."""
    out = {}
    for comparison in model.model["comparisons"]:
        levels = [("null", 0.0)]
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            m, u = level.get("m_probability"), level.get("u_probability")
            if m and u:
                levels.append((level.get("label_for_charts", level["sql_condition"]), math.log2(m / u)))
        out[comparison["output_column_name"]] = levels
    return out


def predict(model: TrainedModel, records, threshold: float = 0.0,
            config: LinkageConfig = DEFAULT_CONFIG) -> list[Pair]:
    """Score every blocked pair; return those with match weight ≥ threshold, with a per-comparison breakdown."""
    labels = _labels(model.model)
    columns = "".join(f", gamma_{n}, mw_{n}" for n in labels)
    table = _scored(model, records, threshold, config, columns, lean=False)
    pairs = []
    for row in table.to_pylist():
        parts = {}
        for name, mapping in labels.items():
            gamma = row.get(f"gamma_{name}")
            weight = row.get(f"mw_{name}")
            parts[name] = (mapping.get(gamma, str(gamma)), round(float(weight or 0.0), 3))
        pairs.append(Pair(row["uid_l"], row["uid_r"], float(row["match_weight"]), float(row["match_probability"]),
                          parts))
    return pairs
