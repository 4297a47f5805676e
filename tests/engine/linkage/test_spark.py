"""Splink's Spark backend (local mode) runs the DuckDB-trained model and gives the very same pairs and clusters.

One Spark session serves the whole test session (`engine.linkage.spark.session()` is a process-wide
singleton); the partnership is trained once, on DuckDB, and scored on both backends.
"""

import time
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from engine.linkage import LinkageConfig, build_settings, cluster, partnership_records, predict, train
from engine.linkage import spark as spark_backend
from engine.linkage.spark import (
    UntranslatableSQL,
    check_on_spark,
    duckdb_similarity,
    spark_settings,
    to_spark_sql,
)
from engine.synth import SynthConfig, generate

# One JVM for every Spark test: xdist sends the group to one worker (`--dist loadgroup`).
pytestmark = pytest.mark.xdist_group("spark")

CONFIG = LinkageConfig()


def _levels():
    out = []
    for comparison in build_settings(CONFIG)["comparisons"]:
        for index, level in enumerate(comparison["comparison_levels"]):
            what = f"{comparison['output_column_name']}[{index}] {level.get('label_for_charts', '')}"
            out.append(pytest.param(what, level["sql_condition"], id=what))
    for index, rule in enumerate(build_settings(CONFIG)["blocking_rules_to_generate_predictions"]):
        sql = rule["blocking_rule"] if isinstance(rule, dict) else rule
        out.append(pytest.param(f"blocking rule {index}", sql, id=f"blocking rule {index}: {sql}"))
    return out


@pytest.fixture(scope="session")
def spark():
    started = time.perf_counter()
    session = spark_backend.session()
    print(f"\nspark session started in {time.perf_counter() - started:.1f}s")
    return session


@pytest.fixture(scope="module")
def scored(tmp_path_factory, spark):
    root = tmp_path_factory.mktemp("spark_partnership")
    generate(SynthConfig(children=150, seed=7), out_dir=Path(root))
    records = partnership_records(root)
    model = train(records, seed=CONFIG.seed, config=CONFIG)
    started = time.perf_counter()
    on_duckdb = predict(model, records, threshold=CONFIG.predict_threshold, config=CONFIG)
    duckdb_s = time.perf_counter() - started
    started = time.perf_counter()
    on_spark = spark_backend.predict(model, records, threshold=CONFIG.predict_threshold, config=CONFIG)
    spark_s = time.perf_counter() - started
    print(f"\npredict on {len(records)} records: DuckDB {duckdb_s:.2f}s, Spark local {spark_s:.2f}s")
    return records, model, on_duckdb, on_spark


# --- translation -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("what", "sql"), _levels())
def test_every_comparison_level_and_blocking_rule_translates_to_spark_sql(what, sql):
    translated = to_spark_sql(sql, what)
    assert translated
    lowered = translated.lower()
    assert "jaro_winkler_similarity(" not in lowered.replace("duckdb_jaro_winkler_similarity(", ""), translated
    assert "list_" not in lowered and '"' not in translated, f"{what}: DuckDB-only SQL left in {translated!r}"


def test_spark_itself_accepts_every_translated_level_and_blocking_rule(spark):
    check_on_spark(build_settings(CONFIG), spark)  # raises UntranslatableSQL naming the first level Spark refuses


def test_duckdb_list_and_similarity_functions_get_their_spark_equivalents():
    assert to_spark_sql("len(list_intersect(forename_groups_l, forename_groups_r)) > 0") == (
        "SIZE(ARRAY_INTERSECT(forename_groups_l, forename_groups_r)) > 0")
    assert to_spark_sql("len(forename_l) > 3") == "LENGTH(forename_l) > 3"  # a string keeps LENGTH
    assert to_spark_sql("jaro_winkler_similarity(forename_l, forename_r) >= 0.92") == (
        "DUCKDB_JARO_WINKLER_SIMILARITY(forename_l, forename_r) >= 0.92")
    assert to_spark_sql("abs(date_diff('day', dob_l, dob_r)) <= 1") == "ABS(DATEDIFF(DAY, dob_l, dob_r)) <= 1"
    assert to_spark_sql("list_has_any(surname_all_l, surname_all_r)") == "ARRAYS_OVERLAP(surname_all_l, surname_all_r)"


def _settings_with(sql: str) -> dict:
    settings = build_settings(CONFIG)
    settings["comparisons"] = [*settings["comparisons"], {
        "output_column_name": "made_up", "comparison_levels": [
            {"sql_condition": "forename_l IS NULL", "label_for_charts": "null", "is_null_level": True},
            {"sql_condition": sql, "label_for_charts": "the new level"},
            {"sql_condition": "ELSE", "label_for_charts": "all other"}]}]
    return settings


@pytest.mark.parametrize("sql", ["date_diff('month', dob_l, dob_r) <= 1", "jaccard(forename_l, forename_r) > 0.5",
                                 "len(list_intersect(forename_groups_l"])
def test_a_level_with_no_faithful_translation_is_refused_by_name(sql):
    with pytest.raises(UntranslatableSQL, match=r"comparison 'made_up', level 1 \(the new level\)"):
        spark_settings(_settings_with(sql))


def test_a_level_spark_cannot_run_is_refused_by_name(spark):
    with pytest.raises(UntranslatableSQL, match=r"comparison 'made_up', level 1 \(the new level\).*HAMMING"):
        check_on_spark(_settings_with("hamming(forename_l, forename_r) <= 1"), spark)


def test_translation_keeps_the_trained_parameters(scored):
    _, model, _, _ = scored
    translated = spark_settings(model.model)
    assert translated["sql_dialect"] == "spark"
    for before, after in zip(model.model["comparisons"], translated["comparisons"], strict=True):
        for a, b in zip(before["comparison_levels"], after["comparison_levels"], strict=True):
            assert (a.get("m_probability"), a.get("u_probability"), a.get("label_for_charts")) == (
                b.get("m_probability"), b.get("u_probability"), b.get("label_for_charts"))
    assert model.model["sql_dialect"] == "duckdb"  # the stored model is not modified


# --- DuckDB's string functions, bit for bit -----------------------------------------------------------

_TEXT = st.one_of(st.none(), st.text(alphabet="aabcdeilmnorst -'éñ", max_size=14))


@pytest.fixture(scope="module")
def duck():
    return duckdb.connect()


@settings(max_examples=150, deadline=None)
@given(pairs=st.lists(st.tuples(_TEXT, _TEXT), min_size=1, max_size=40))
@example(pairs=[("aisha", "aria"), ("gabe", "gabrile"), ("zoë", "zoe"), ("", ""), ("", "a"), (None, "a")])
def test_the_similarity_functions_give_duckdbs_values_exactly(duck, pairs):
    names = list(spark_backend._SIMILARITIES)
    texts = pa.table({"a": [a for a, _ in pairs], "b": [b for _, b in pairs]})  # noqa: F841 — read by DuckDB
    rows = duck.sql(f"SELECT a, b, {', '.join(f'{n}(a, b)' for n in names)} FROM texts").fetchall()
    for a, b, *expected in rows:
        assert [duckdb_similarity(n, a, b) for n in names] == expected, (a, b)


def test_spark_computes_the_similarities_as_duckdb_does_on_the_partnerships_names(scored, spark):
    records, _, _, _ = scored
    names = sorted({r[c] for r in records for c in ("forename", "surname_std", "address") if r.get(c)})[:120]
    con = duckdb.connect()
    con.register("n", pa.table({"x": names}))
    functions = list(spark_backend._SIMILARITIES)
    expected = con.sql(f"SELECT l.x AS a, r.x AS b, {', '.join(f'{f}(l.x, r.x) AS {f}' for f in functions)} "
                       f"FROM n AS l, n AS r WHERE l.x < r.x").to_arrow_table()
    spark.createDataFrame(expected).createOrReplaceTempView("joinedup_expected_similarities")
    try:
        differ = spark.sql(
            "SELECT count(*) AS n, " + ", ".join(
                f"sum(CASE WHEN {f} IS DISTINCT FROM duckdb_{f}(a, b) THEN 1 ELSE 0 END) AS {f}" for f in functions)
            + " FROM joinedup_expected_similarities").collect()[0].asDict()
    finally:
        spark.catalog.dropTempView("joinedup_expected_similarities")
    assert differ.pop("n") == len(names) * (len(names) - 1) // 2
    assert differ == dict.fromkeys(functions, 0)


# --- the same pairs, weights and clusters ----------------------------------------------------------


def test_spark_scores_the_same_pairs_with_the_same_weights(scored):
    _, _, on_duckdb, on_spark = scored
    assert len(on_duckdb) > 100
    duck = {(p.uid_l, p.uid_r): p for p in on_duckdb}
    sprk = {(p.uid_l, p.uid_r): p for p in on_spark}
    assert len(sprk) == len(on_spark)  # no pair twice
    assert set(sprk) == set(duck)
    for key, pair in duck.items():
        other = sprk[key]
        assert other.match_weight == pytest.approx(pair.match_weight, abs=1e-6), key
        assert other.match_probability == pytest.approx(pair.match_probability, abs=1e-9), key
        assert other.breakdown == pair.breakdown, key


def test_spark_gives_identical_clusters_and_review_queue(scored):
    records, _, on_duckdb, on_spark = scored
    duck = cluster(on_duckdb, CONFIG.auto_threshold, CONFIG.review_threshold, records=records)
    sprk = cluster(on_spark, CONFIG.auto_threshold, CONFIG.review_threshold, records=records)
    assert sprk.cluster_of == duck.cluster_of
    assert len(set(duck.cluster_of.values())) < len(records)  # some records were linked
    assert [(r.uid_l, r.uid_r, r.reason) for r in sprk.review] == [(r.uid_l, r.uid_r, r.reason) for r in duck.review]


def test_a_threshold_keeps_the_same_pairs_and_predict_leaves_nothing_behind(scored, spark, monkeypatch):
    records, model, on_duckdb, _ = scored
    monkeypatch.setenv(spark_backend.CHECKPOINT_ENV, "set")  # Splink's Parquet checkpoints, as on a cluster
    assert spark_backend._break_lineage() == "parquet"
    high = spark_backend.predict(model, records, threshold=CONFIG.auto_threshold, config=CONFIG)
    assert {(p.uid_l, p.uid_r) for p in high} == {(p.uid_l, p.uid_r) for p in on_duckdb
                                                  if p.match_weight >= CONFIG.auto_threshold}
    assert not [t.name for t in spark.catalog.listTables() if t.name.startswith("__splink__")]
    assert spark._jsparkSession.sharedState().cacheManager().isEmpty()
    checkpoints = Path(spark.sparkContext._jsc.sc().getCheckpointDir().get().removeprefix("file:"))
    assert not [p for p in checkpoints.iterdir() if p.name.startswith("__splink__")]


# --- the session -----------------------------------------------------------------------------------


def test_the_session_is_local_quiet_and_downloads_nothing(spark):
    conf = spark.sparkContext.getConf()
    assert spark.sparkContext.master == "local[2]"
    assert conf.get("spark.ui.enabled") == "false"
    assert conf.get("spark.jars.packages", None) is None
    jars = conf.get("spark.jars").split(",")
    assert len(jars) == 1 and jars[0].endswith("_spark4.x.jar") and "site-packages/splink" in jars[0]
    assert spark.conf.get("spark.sql.shuffle.partitions") == "2"
    scratch = spark_backend._scratch
    assert scratch and Path(scratch).is_dir()
    assert spark.sparkContext._jsc.sc().getCheckpointDir().get().removeprefix("file:").startswith(scratch)
