"""A plain Splink 5 model, the measuring stick for `bench/linkage.py` (not product code).

What a first Splink model of this data would look like, following Splink's own tutorials:
blocking on surname + date of birth, forename + date of birth, postcode + birth year; Jaro-Winkler
forename and surname (0.9 / 0.7), date of birth exact or not, postcode exact or not; the prior from one
deterministic rule, u by random sampling, m by expectation maximisation on two blocking rules (every pair
they block, no sampling), and Splink's `cluster_pairwise_predictions_at_threshold` at match probability
0.95. It reads the same prepared linkage table as the engine (so name cleaning is shared).
"""

from __future__ import annotations

import logging
import time

SETTINGS_THRESHOLD_PROBABILITY = 0.95
PRIOR_RULE = "l.forename = r.forename AND l.surname_std = r.surname_std AND l.dob = r.dob"
EM_RULES = ("l.forename = r.forename AND l.surname_std = r.surname_std", "l.dob = r.dob")


def settings() -> dict:
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[
            cl.JaroWinklerAtThresholds("forename", [0.9, 0.7]),
            cl.JaroWinklerAtThresholds("surname_std", [0.9, 0.7]),
            cl.ExactMatch("dob"),
            cl.ExactMatch("postcode"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("surname_std", "dob"),
            block_on("forename", "dob"),
            block_on("postcode", "dob_year"),
        ],
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
    )


def link(table, threads: int = 2, seed: int = 1, u_max_pairs: float = 2e6) -> dict:
    """Train, predict and cluster `table` (pyarrow linkage table); timings and a unique_id → cluster table."""
    import duckdb
    from splink import DuckDBAPI, Linker

    columns = ["unique_id", "forename", "surname_std", "dob", "dob_year", "postcode"]
    con = duckdb.connect(":memory:")
    con.execute(f"SET threads = {int(threads)}")
    db_api = DuckDBAPI(connection=con)
    sdf = db_api.register(table.select(columns), dataset_display_name="people")
    linker = Linker(sdf, settings(), log_level=logging.ERROR)
    timings = {}
    started = time.perf_counter()
    linker.training.estimate_probability_two_random_records_match([PRIOR_RULE], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=u_max_pairs, seed=seed)
    for rule in EM_RULES:
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    timings["train_s"] = time.perf_counter() - started
    t = time.perf_counter()
    predictions = linker.inference.predict()
    timings["predict_s"] = time.perf_counter() - t
    t = time.perf_counter()
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=SETTINGS_THRESHOLD_PROBABILITY)
    result = con.sql(f"SELECT unique_id, cluster_id FROM {clusters.physical_name}").fetch_arrow_table()
    timings["cluster_s"] = time.perf_counter() - t
    timings["total_s"] = timings["train_s"] + timings["predict_s"] + timings["cluster_s"]
    pairs = con.execute(f"SELECT count(*) FROM {predictions.physical_name}").fetchone()[0]
    return {"timings": timings, "clusters": result, "pairs": pairs}
