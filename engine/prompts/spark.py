"""Run the bulk evaluator's SQL on Spark: the same statements as DuckDB's, generated in the SPARK dialect.

    from engine.prompts.spark import evaluate_spark
    prompts = evaluate_spark(spark, children_df, events_df, as_of=date(2026, 10, 31))

`children_df` and `events_df` are Spark DataFrames with the bulk evaluator's columns (children:
child_key, date_of_birth DATE; child_events: child_key, event_id, event_type, day DATE, agency, about,
attributes JSON text); `rows_to_frames` builds them from the plain dicts the other evaluators take.
Prompts are collected to the driver (they are few; the events never are).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from .bulk import SPARK, _in, rule_sql, signs_sql
from .calendar import day_number, working_day_table
from .catalogue import load_catalogue
from .events import to_date
from .explain import make_prompt
from .model import Catalogue, Prompt


def rows_to_frames(spark, children: Iterable[Mapping], events: Iterable[Mapping]):
    """(children_df, events_df) from plain dicts (events carry child_key)."""
    import json

    from pyspark.sql.types import DateType, StringType, StructField, StructType

    kids = [(str(c["key"]), to_date(c["date_of_birth"])) for c in children]
    evs = []
    for e in events:
        a = e.get("attributes")
        attrs = None if a in (None, "", {}) else (a if isinstance(a, str) else json.dumps(a))
        evs.append((str(e["child_key"]), str(e.get("event_id", e.get("id"))), str(e.get("event_type", e.get("type"))),
                    to_date(e["day"] if "day" in e else e["occurred_at"]), str(e.get("agency") or ""),
                    e.get("about") or "child", attrs))
    s = StringType()
    cs = StructType([StructField("child_key", s), StructField("date_of_birth", DateType())])
    es = StructType([StructField("child_key", s), StructField("event_id", s), StructField("event_type", s),
                     StructField("day", DateType()), StructField("agency", s), StructField("about", s),
                     StructField("attributes", s)])
    return spark.createDataFrame(kids, cs), spark.createDataFrame(evs, es)


def evaluate_spark(spark, children_df, events_df, *, as_of: date | None = None,
                   catalogue: Catalogue | None = None) -> list[Prompt]:
    """Every prompt for every child, computed by Spark SQL; the same list the other evaluators return."""
    cat = catalogue or load_catalogue()
    children_df.createOrReplaceTempView("children")
    events_df.createOrReplaceTempView("child_events")
    cal = working_day_table()
    spark.createDataFrame(cal, "dn INT, wd_count INT").createOrReplaceTempView("pr_calendar")
    spark.sql("SELECT wd_count AS wd_no, MIN(dn) AS dn FROM pr_calendar GROUP BY wd_count").cache() \
        .createOrReplaceTempView("pr_working_day")
    spark.sql(f"""SELECT child_key, event_id, event_type, agency, about, attributes,
                  {SPARK.day_number.format(x='day')} AS dn FROM child_events
                  WHERE event_type IN {_in(sorted(cat.event_types))}""").createOrReplaceTempView("pr_event")
    spark.sql(signs_sql(cat, "pr_event", SPARK)).cache().createOrReplaceTempView("pr_sign")
    limit = day_number(as_of) if as_of else None
    out = []
    for rule in cat.rules:  # one statement per rule keeps each plan small for Catalyst
        rows = spark.sql(f"""SELECT p.*, ch.date_of_birth FROM ({rule_sql(rule, SPARK, as_of=limit)}) p
                             JOIN children ch ON ch.child_key = p.child_key""").collect()
        out += [make_prompt(rule, r.child_key, r.date_of_birth, r.moment, r.event_ids, r.agencies, r.first_dn,
                            r.last_dn, r.n_days) for r in rows]
    return sorted(out)
