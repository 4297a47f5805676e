"""The bulk SQL runs on Spark too (engine.prompts.spark) and gives DuckDB's answer.

Starting Spark and running its jobs takes minutes on a shared 2-core machine (about 4 minutes for the
rules below, after 80 s of start-up, under load), so this test runs only when JOINEDUP_TEST_SPARK=1. It
covers every feature of the pattern language once: counts in a window (P01), a trigger with an absence
(P05), signs that are unions with attribute conditions (P18), a calendar deadline from the first event
across agencies (P22), a birthday (P26) and working-day deadlines (P34, P36). JOINEDUP_TEST_SPARK_ALL=1
runs every rule.
"""

from __future__ import annotations

import os
import sys

import pytest

from engine.prompts import Catalogue, evaluate_rows, load_catalogue

SAMPLE = ("P01", "P05", "P18", "P22", "P26", "P34", "P36")

pytestmark = pytest.mark.skipif(os.environ.get("JOINEDUP_TEST_SPARK") != "1",
                                reason="set JOINEDUP_TEST_SPARK=1 to run the bulk SQL on a local Spark")


@pytest.fixture(scope="module")
def spark():
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    session = (SparkSession.builder.master("local[2]").appName("joinedup-prompts-test")
               .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.shuffle.partitions", "2").config("spark.default.parallelism", "2")
               .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    return session


def test_spark_gives_the_same_prompts_as_duckdb_on_every_rule_case(spark):
    from test_prompts_rules import CASES

    from engine.prompts.spark import evaluate_spark, rows_to_frames

    children, rows = [], []
    for rule_id, (dob, good, _, bad) in sorted(CASES.items()):
        for variant, events in (("good", good), ("bad", bad)):
            key = f"{rule_id}-{variant}"
            children.append({"key": key, "date_of_birth": dob})
            rows += [{**e, "child_key": key} for e in events()]
    cat = load_catalogue()
    if os.environ.get("JOINEDUP_TEST_SPARK_ALL") != "1":
        cat = Catalogue(cat.signs, tuple(r for r in cat.rules if r.id in SAMPLE))
    on_spark = evaluate_spark(spark, *rows_to_frames(spark, children, rows), catalogue=cat)
    on_duckdb = evaluate_rows(children, rows, catalogue=cat)
    assert on_duckdb and [p.key for p in on_spark] == [p.key for p in on_duckdb]
    assert [p.explanation for p in on_spark] == [p.explanation for p in on_duckdb]
