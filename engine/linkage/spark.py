"""Splink's Spark backend: the same stored model (trained on DuckDB) scored on Spark, local or on a cluster.

The model's comparison levels and blocking rules are written in DuckDB SQL. `spark_settings` translates
every one of them to Spark SQL with sqlglot (DuckDB → Spark), plus what sqlglot cannot know:

* DuckDB's string similarities (`jaro_winkler_similarity`, `jaro_similarity`, `levenshtein`,
  `damerau_levenshtein`) run as Spark functions of the same names prefixed `duckdb_`
  (`duckdb_similarity`: jellyfish on the UTF-8 bytes, which gives DuckDB's values bit for bit; the
  tests compare them with DuckDB itself). Splink's Scala jar registers a `jaro_winkler` too, but it is
  a different Jaro-Winkler (on this project's synthetic names and addresses it disagrees with DuckDB on
  about one pair in nine, and gives 0 rather than NULL for a missing value), so a level near its
  threshold could fall differently and change a cluster.
* `len(...)` of a list is Spark's `size(...)` (Spark's `length` is for strings only); `list_intersect`
  is `array_intersect`, `list_has_any` is `arrays_overlap`.
* `date_diff` is translated for days only: for months, weeks or years DuckDB counts calendar
  boundaries and Spark whole periods, so those raise rather than silently differ.

Nothing here lists today's levels, so a level added or changed in `splink_adapter` is translated the
same way; one that cannot be raises `UntranslatableSQL` naming it, and `check_on_spark` has Spark itself
analyse every translated level and blocking rule.

The session is local (`local[2]`, no UI, bound to 127.0.0.1) unless `JOINEDUP_SPARK_MASTER` names a
cluster. Its scratch space (checkpoints, spilled blocks, the SQL warehouse) is one temporary directory,
removed at exit. Start-up downloads nothing: the only jar is Splink's own, read from its package.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import sys
import tempfile
import threading
import uuid
from collections.abc import Mapping, Sequence
from copy import deepcopy
from fractions import Fraction
from typing import Any

from engine.linkage.config import DEFAULT_CONFIG, LinkageConfig
from engine.linkage.splink_adapter import Pair, TrainedModel, _labels, _table

__all__ = ["CHECKPOINT_ENV", "MASTER_ENV", "UntranslatableSQL", "check_on_spark", "duckdb_similarity", "predict", "session",
           "spark_settings", "stop", "to_spark_sql"]

MASTER_ENV = "JOINEDUP_SPARK_MASTER"
CHECKPOINT_ENV = "JOINEDUP_SPARK_CHECKPOINT_DIR"
LOCAL_MASTER = "local[2]"

# DuckDB string functions computed by a Spark function registered in `session()` under this prefix.
UDF_PREFIX = "duckdb_"
_SIMILARITIES = {  # DuckDB name → (jellyfish function, Spark return type)
    "jaro_winkler_similarity": ("jaro_winkler_similarity", "double"),
    "jaro_similarity": ("jaro_similarity", "double"),
    "levenshtein": ("levenshtein_distance", "bigint"),
    "damerau_levenshtein": ("damerau_levenshtein_distance", "bigint"),
}
# Other DuckDB function → the Spark SQL function with the same meaning.
FUNCTIONS: dict[str, str] = {
    **{name: UDF_PREFIX + name for name in _SIMILARITIES},
    "editdist3": UDF_PREFIX + "levenshtein",
    "list_intersect": "array_intersect",
    "array_intersect": "array_intersect",
    "list_has_any": "arrays_overlap",
    "array_has_any": "arrays_overlap",
    "list_distinct": "array_distinct",
    "array_distinct": "array_distinct",
}
# DuckDB functions returning a list: `len(...)` of one of these is Spark's `size(...)`.
_LIST_FUNCTIONS = frozenset({"list_intersect", "array_intersect", "list_distinct", "array_distinct",
                             "list_filter", "array_filter", "list_concat", "array_concat", "list_value",
                             "string_split", "str_split", "list_sort", "array_sort", "list_transform"})
# Names Splink's jar registers in Spark with meanings of its own: DuckDB SQL reaching Spark with one of
# these names unmapped would silently run a different function.
_JAR_NAMES = frozenset({"jaro_sim", "jaro_winkler", "jaccard", "cosine_distance", "dmetaphone", "dmetaphonealt",
                        "qgramtokeniser", "damerau_levenshtein"})


class UntranslatableSQL(ValueError):
    """A comparison level or blocking rule that has no Spark SQL translation (the message names it)."""


def _list_columns() -> frozenset[str]:
    """Linkage-table columns holding lists (from the same Arrow schema the DuckDB backend registers)."""
    import pyarrow as pa

    return frozenset(f.name for f in _table([]).schema if pa.types.is_list(f.type))


def _base_name(column) -> str:
    name = column.name
    if column.table in ("l", "r"):
        return name
    for suffix in ("_l", "_r"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _is_list(node, list_columns: frozenset[str]) -> bool:
    from sqlglot import exp

    if isinstance(node, exp.Paren):
        return _is_list(node.this, list_columns)
    if isinstance(node, exp.Column):
        return _base_name(node) in list_columns
    if isinstance(node, exp.Anonymous):
        return node.name.lower() in _LIST_FUNCTIONS
    list_nodes = (exp.Array, exp.ArrayIntersect, exp.ArrayConcat, exp.ArrayFilter, exp.ArraySort,
                  exp.ArrayDistinct, exp.Split, exp.Transform)
    return isinstance(node, list_nodes)


def _duckdb_name(node) -> str | None:
    """The name a function call has in DuckDB SQL (sqlglot parses some into classes of their own)."""
    from sqlglot import exp

    if isinstance(node, exp.Anonymous):
        return node.name.lower()
    if isinstance(node, exp.Func):
        return node.sql(dialect="duckdb").split("(", 1)[0].strip().lower()
    return None


def to_spark_sql(sql: str, what: str = "SQL", list_columns: frozenset[str] | None = None) -> str:
    """One DuckDB SQL condition as Spark SQL. `what` names it in the error if it cannot be translated."""
    import sqlglot
    from sqlglot import exp

    if sql.strip().upper() == "ELSE":
        return sql
    list_columns = _list_columns() if list_columns is None else list_columns
    try:
        tree = sqlglot.parse_one(sql, read="duckdb")
    except sqlglot.errors.ParseError as error:
        raise UntranslatableSQL(f"{what}: DuckDB SQL does not parse: {sql!r}: {error}") from error

    def refuse(reason: str):
        raise UntranslatableSQL(f"{what}: {sql!r}: {reason}")

    def rename(node):
        if isinstance(node, exp.DateDiff):
            unit = (node.unit.name if node.unit is not None else "day").lower()
            if unit not in ("day", "days", "d"):
                refuse(f"date_diff in {unit!r} counts calendar boundaries in DuckDB but whole periods in Spark")
            return node
        if isinstance(node, exp.ArrayOverlaps):  # sqlglot writes `a && b`, which Spark does not read
            return exp.Anonymous(this="arrays_overlap", expressions=[node.this, node.expression])
        name = _duckdb_name(node)
        if name in FUNCTIONS:
            if isinstance(node, exp.Anonymous):
                args = list(node.expressions)
            else:
                extra = [k for k, v in node.args.items() if v is not None and k not in ("this", "expression")]
                if extra:
                    refuse(f"{name} with arguments {extra} has no Spark equivalent here")
                args = [node.this, node.expression]
            return exp.Anonymous(this=FUNCTIONS[name], expressions=args)
        if name in _JAR_NAMES:
            refuse(f"{name}() in Spark is Splink's Scala function, not DuckDB's; add a mapping in FUNCTIONS")
        return node

    def sizes(node):
        # len()/length() of a list is its number of elements (Spark's LENGTH is for strings only).
        if isinstance(node, exp.Length) and _is_list(node.this, list_columns):
            return exp.ArraySize(this=node.this)
        return node

    try:
        tree = tree.transform(sizes).transform(rename)
        return tree.sql(dialect="spark")
    except UntranslatableSQL:
        raise
    except (sqlglot.errors.SqlglotError, ValueError) as error:
        raise UntranslatableSQL(f"{what}: cannot write {sql!r} as Spark SQL: {error}") from error


def _level_name(comparison: Mapping[str, Any], index: int, level: Mapping[str, Any]) -> str:
    label = level.get("label_for_charts") or level["sql_condition"]
    return f"comparison {comparison.get('output_column_name')!r}, level {index} ({label})"


def spark_settings(settings: Mapping[str, Any]) -> dict[str, Any]:
    """A Splink settings dict or saved model (DuckDB SQL) with every condition and blocking rule in Spark SQL.

    m and u probabilities, labels and every other key are kept as they are, so Spark scores with the very
    parameters DuckDB trained.
    """
    list_columns = _list_columns()
    out = deepcopy(dict(settings))
    out["sql_dialect"] = "spark"
    for comparison in out.get("comparisons", []):
        for index, level in enumerate(comparison["comparison_levels"]):
            level["sql_condition"] = to_spark_sql(level["sql_condition"], _level_name(comparison, index, level),
                                                  list_columns)
    rules = []
    for index, rule in enumerate(out.get("blocking_rules_to_generate_predictions", [])):
        rule = dict(rule) if isinstance(rule, Mapping) else {"blocking_rule": rule}
        rule["blocking_rule"] = to_spark_sql(rule["blocking_rule"], f"blocking rule {index} "
                                             f"({rule['blocking_rule']})", list_columns)
        rule["sql_dialect"] = "spark"
        rules.append(rule)
    if "blocking_rules_to_generate_predictions" in out:
        out["blocking_rules_to_generate_predictions"] = rules
    return out


# --- the session --------------------------------------------------------------------------------------

_lock = threading.RLock()
_session = None
_scratch: str | None = None


def _jar() -> str:
    from splink.backends.spark import similarity_jar_location

    return similarity_jar_location()


_LOG4J = """rootLogger.level = error
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
"""


def _utf8(text: str) -> str:
    """One character per UTF-8 byte: DuckDB's string similarities compare bytes, not characters."""
    return text.encode("utf-8").decode("latin-1")


def _jaro_winkler(a: str, b: str) -> float:
    import jellyfish

    sim = jellyfish.jaro_similarity(a, b)
    if sim > 0.7:
        prefix = 0
        for x, y in zip(a[:4], b[:4], strict=False):
            if x != y:
                break
            prefix += 1
        # DuckDB's build computes sim + prefix * 0.1 * (1 - sim) as one fused multiply-add (one rounding).
        sim = min(float(Fraction(prefix * 0.1) * Fraction(1.0 - sim) + Fraction(sim)), 1.0)
    return sim


def duckdb_similarity(name: str, a: str | None, b: str | None) -> float | int | None:
    """DuckDB's `name(a, b)` (a key of `_SIMILARITIES`), bit for bit; NULL in gives NULL out."""
    import jellyfish

    if a is None or b is None:
        return None
    a, b = _utf8(a), _utf8(b)
    if name == "jaro_winkler_similarity":
        return _jaro_winkler(a, b)
    return getattr(jellyfish, _SIMILARITIES[name][0])(a, b)


def _register_duckdb_functions(spark) -> None:
    """DuckDB's string similarities as Spark functions (`duckdb_<name>`), as Arrow UDFs over `duckdb_similarity`.

    Executors import this module, so they need this project's Python environment (jellyfish, pyarrow).
    """
    import pyarrow as pa
    from pyspark.sql.functions import arrow_udf

    def make(name: str, kind: str):
        arrow_type = pa.float64() if kind == "double" else pa.int64()

        def apply(left, right):
            values = zip(left.to_pylist(), right.to_pylist(), strict=True)
            return pa.array([duckdb_similarity(name, a, b) for a, b in values], type=arrow_type)

        apply.__annotations__ = {"left": pa.Array, "right": pa.Array, "return": pa.Array}  # an Arrow scalar UDF
        return arrow_udf(apply, kind)

    for name, (_, kind) in _SIMILARITIES.items():
        spark.udf.register(UDF_PREFIX + name, make(name, kind))


def session():
    """The process's SparkSession, started on first use with Splink's jar and DuckDB's similarity functions.

    Local mode (`local[2]`, 2 shuffle partitions, no UI, bound to 127.0.0.1) unless `JOINEDUP_SPARK_MASTER`
    gives a cluster URL (`spark://host:7077`, `yarn`, `k8s://...`). `JOINEDUP_SPARK_CHECKPOINT_DIR` puts
    Splink's checkpoints on storage every executor can reach (a cluster needs one); locally they go to the
    session's temporary directory.
    """
    global _session, _scratch
    with _lock:
        if _session is not None:
            return _session
        from pyspark.sql import SparkSession
        from splink import SparkAPI

        if not os.environ.get("JAVA_HOME") and not shutil.which("java"):
            raise RuntimeError("the Spark engine needs Java 17: put `java` on PATH or set JAVA_HOME")
        master = os.environ.get(MASTER_ENV, "").strip() or LOCAL_MASTER
        local = master.startswith("local")
        _scratch = tempfile.mkdtemp(prefix="joinedup-spark-")
        log4j = os.path.join(_scratch, "log4j2.properties")
        with open(log4j, "w", encoding="utf-8") as handle:
            handle.write(_LOG4J)
        builder = (
            SparkSession.builder.master(master)
            .appName("joinedup-linkage")
            .config("spark.jars", _jar())  # a file in Splink's package; nothing is downloaded
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.warehouse.dir", os.path.join(_scratch, "warehouse"))
            .config("spark.driver.extraJavaOptions",
                    f"-Dderby.system.home={_scratch} -Dlog4j2.configurationFile=file:{log4j}")
        )
        if local:
            os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # no look-up of this machine's name
            os.environ.setdefault("SPARK_LOCAL_DIRS", os.path.join(_scratch, "local"))
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # workers run this virtualenv's Python
            builder = (  # small data on two cores: fewer partitions, no adaptive re-planning or stage codegen
                builder.config("spark.sql.shuffle.partitions", "2")
                .config("spark.sql.adaptive.enabled", "false")
                .config("spark.sql.codegen.wholeStage", "false")
                .config("spark.default.parallelism", "2")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
            )
        spark = builder.getOrCreate()
        spark.sparkContext.setLogLevel("ERROR")
        spark.sparkContext.setCheckpointDir(os.environ.get(CHECKPOINT_ENV) or os.path.join(_scratch, "checkpoints"))
        SparkAPI(spark_session=spark)  # registers the jar's functions, as Splink expects them to be
        _register_duckdb_functions(spark)
        _session = spark
        atexit.register(stop)
        return spark


def stop() -> None:
    """Stop the session and remove its scratch directory (also run at exit)."""
    global _session, _scratch
    with _lock:
        if _session is not None:
            _session.stop()
            _session = None
        if _scratch:
            shutil.rmtree(_scratch, ignore_errors=True)
            _scratch = None


# --- scoring ------------------------------------------------------------------------------------------


def check_on_spark(settings: Mapping[str, Any], spark=None) -> None:
    """Have Spark analyse every translated level and blocking rule; raise `UntranslatableSQL` naming the first
    one Spark cannot run (an unknown function, a type mismatch)."""
    from pyspark.errors import AnalysisException, ParseException

    spark = spark or session()
    schema = _table([]).schema
    columns = ", ".join(f"{side}.`{f.name}` AS `{f.name}_{side}`" for f in schema for side in ("l", "r"))
    empty = spark.createDataFrame(_table([]))
    empty.createOrReplaceTempView("__joinedup_check_l")
    empty.createOrReplaceTempView("__joinedup_check_r")
    pairs = spark.sql(f"SELECT {columns} FROM __joinedup_check_l AS l CROSS JOIN __joinedup_check_r AS r")
    pairs.createOrReplaceTempView("__joinedup_check_pairs")
    translated = spark_settings(settings)
    conditions, rules = [], []
    for comparison in translated.get("comparisons", []):
        for index, level in enumerate(comparison["comparison_levels"]):
            if level["sql_condition"].strip().upper() != "ELSE":
                conditions.append((_level_name(comparison, index, level), level["sql_condition"]))
    for index, rule in enumerate(translated.get("blocking_rules_to_generate_predictions", [])):
        rules.append((f"blocking rule {index} ({rule['blocking_rule']})", rule["blocking_rule"]))

    def levels_sql(items):
        cases = ", ".join(f"CASE WHEN {sql} THEN 1 END AS c{i}" for i, (_, sql) in enumerate(items))
        return f"SELECT {cases} FROM __joinedup_check_pairs"

    def rules_sql(items):
        on = " OR ".join(f"({sql})" for _, sql in items)
        return f"SELECT 1 FROM __joinedup_check_l AS l JOIN __joinedup_check_r AS r ON {on}"

    quiet = logging.getLogger("SQLQueryContextLogger")  # pyspark logs each failure; ours names the level
    was_disabled, quiet.disabled = quiet.disabled, True
    try:
        for items, to_sql in ((conditions, levels_sql), (rules, rules_sql)):
            if not items:
                continue
            try:
                spark.sql(to_sql(items)).schema  # noqa: B018 — analysing the query is the check
                continue
            except (AnalysisException, ParseException):
                pass  # one of them fails: find which
            for item in items:
                try:
                    spark.sql(to_sql([item])).schema  # noqa: B018
                except (AnalysisException, ParseException) as error:
                    raise UntranslatableSQL(f"{item[0]}: Spark cannot run the translated SQL {item[1]!r}: "
                                            f"{str(error).splitlines()[0]}") from error
            raise UntranslatableSQL(f"Spark refuses the translated levels together but none alone: "
                                    f"{to_sql(items)!r}")
    finally:
        quiet.disabled = was_disabled
        for view in ("__joinedup_check_pairs", "__joinedup_check_l", "__joinedup_check_r"):
            spark.catalog.dropTempView(view)


def _pairs(rows, labels: Mapping[str, Mapping[int, str]]) -> list[Pair]:
    """Scored rows as `Pair`s, built exactly as the DuckDB backend builds them."""
    pairs = []
    for row in rows:
        breakdown = {}
        for name, mapping in labels.items():
            gamma = row[f"gamma_{name}"]
            weight = row[f"mw_{name}"]
            breakdown[name] = (mapping.get(gamma, str(gamma)), round(float(weight or 0.0), 3))
        pairs.append(Pair(row["uid_l"], row["uid_r"], float(row["match_weight"]), float(row["match_probability"]),
                          breakdown))
    return pairs


def _break_lineage() -> str:
    """How Splink cuts Spark's lineage between its steps: written as Parquet under the shared checkpoint
    directory when `JOINEDUP_SPARK_CHECKPOINT_DIR` names one (Splink's default; the sturdy choice for big
    runs on a cluster), otherwise cached in memory."""
    return "parquet" if os.environ.get(CHECKPOINT_ENV) else "persist"


def _clean_up(spark) -> None:
    """Drop the tables a predict left in the session, their cached data and their checkpoint files.

    Predicts run one at a time (under `_lock`), so every `__splink__` table and file is the last one's.
    """
    for table in spark.catalog.listTables():
        if table.isTemporary and table.name.startswith("__splink__"):
            spark.catalog.dropTempView(table.name)
    spark.catalog.clearCache()  # the session is this module's own: nothing else caches in it
    context = spark.sparkContext
    directory = context._jsc.sc().getCheckpointDir()
    if directory.isDefined():  # Splink writes each step to <checkpoint dir>/<table name> (Hadoop paths)
        path = context._jvm.org.apache.hadoop.fs.Path(directory.get())
        filesystem = path.getFileSystem(context._jsc.hadoopConfiguration())
        if filesystem.exists(path):
            for status in filesystem.listStatus(path):
                if status.getPath().getName().startswith("__splink__"):
                    filesystem.delete(status.getPath(), True)


def predict(model: TrainedModel, records: Sequence[Mapping[str, Any]], threshold: float = 0.0,
            config: LinkageConfig = DEFAULT_CONFIG) -> list[Pair]:
    """Score every blocked pair on Spark; the same pairs, weights and breakdowns as the DuckDB backend.

    `records` are linkage records or a pyarrow table of them; `config` is accepted for the common
    signature (its DuckDB thread count does not apply: Spark's parallelism is the session's).
    """
    from splink import Linker, SparkAPI

    settings = spark_settings(model.model)
    settings["retain_intermediate_calculation_columns"] = True  # gamma_ and mw_ columns, for the breakdown
    labels = _labels(model.model)
    spark = session()
    run = uuid.uuid4().hex[:12]
    with _lock:
        try:
            db_api = SparkAPI(spark_session=spark, break_lineage_method=_break_lineage(),
                              register_udfs_automatically=False)
            sdf = db_api.register(_table(records), table_name=f"__splink__joinedup_people_{run}",
                                  dataset_display_name="people")
            linker = Linker(sdf, settings, log_level=logging.ERROR)
            result = linker.inference.predict(threshold_match_weight=threshold, warning_mode="never")
            columns = "".join(f", gamma_{name}, mw_{name}" for name in labels)
            rows = spark.sql(
                f"SELECT least(unique_id_l, unique_id_r) AS uid_l, greatest(unique_id_l, unique_id_r) AS uid_r, "
                f"match_weight, match_probability{columns} FROM {result.physical_name}").collect()
            return _pairs(rows, labels)
        finally:
            _clean_up(spark)
