"""Evaluate every rule for every child at once, set-based, in DuckDB SQL.

The SQL is plain: filters, joins on (child, day range), anti joins for absences, GROUP BY,
COUNT(DISTINCT), one LAG window and a calendar table for working days; no user-defined functions. The
dialect-specific pieces are few and named in `Dialect` (day arithmetic, JSON attribute access, list
aggregation, the anti-join keyword); `SPARK` generates the same statements for Spark SQL, and
engine.prompts.spark runs them there (a test compares the answers with DuckDB's).

Input tables (names configurable):
  children(child_key VARCHAR, date_of_birth DATE)
  child_events(child_key VARCHAR, event_id VARCHAR, event_type VARCHAR, day DATE, agency VARCHAR,
               about VARCHAR, attributes VARCHAR -- JSON text or NULL)
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import duckdb
import pyarrow as pa

from .calendar import day_number, working_day_table
from .catalogue import load_catalogue
from .events import to_date
from .explain import make_prompt
from .model import Catalogue, Prompt, Rule, Sign


@dataclass(frozen=True)
class Dialect:
    """The few expressions that differ between SQL engines."""

    day_number: str = "date_diff('day', DATE '1970-01-01', {x})"
    date_of: str = "(DATE '1970-01-01' + CAST({x} AS INTEGER))"
    add_months: str = "CAST({x} + INTERVAL ({n}) MONTH AS DATE)"
    attribute: str = "NULLIF(json_extract_string({col}, '$.{name}'), '')"
    id_list: str = "list_sort(list_distinct(list({x})))"
    anti_join: str = "ANTI JOIN"


DUCKDB = Dialect()
SPARK = Dialect(day_number="datediff({x}, DATE '1970-01-01')", date_of="date_add(DATE '1970-01-01', {x})",
                add_months="add_months({x}, {n})", attribute="NULLIF(get_json_object({col}, '$.{name}'), '')",
                id_list="array_sort(collect_set({x}))", anti_join="LEFT ANTI JOIN")


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _in(values: Iterable[str]) -> str:
    return "(" + ", ".join(_q(v) for v in values) + ")"


def _plain_condition(sign: Sign, d: Dialect) -> str:
    parts = [f"event_type IN {_in(sign.types)}", f"about IN {_in(sign.about)}"]
    for attr, allowed in sign.where:
        x = d.attribute.format(col="attributes", name=attr)
        values = [v for v in allowed if v is not None]
        alts = [f"{x} IN {_in(values)}"] if values else []
        if None in allowed:
            alts.append(f"{x} IS NULL")
        parts.append("(" + " OR ".join(alts) + ")")
    return "(" + " AND ".join(parts) + ")"


def signs_sql(cat: Catalogue, events: str, d: Dialect = DUCKDB) -> str:
    """SELECT child_key, event_id, agency, dn, sign: one row per event and sign it is."""
    selects = []
    for name in cat.used_signs:
        cond = " OR ".join(_plain_condition(m, d) for m in cat.matchers(name))
        selects.append(f"SELECT child_key, event_id, agency, dn, {_q(name)} AS sign FROM {events} WHERE {cond}")
    return "\nUNION ALL\n".join(selects)


def _months(dob: str, day: str) -> str:
    return (f"((year({day}) - year({dob})) * 12 + month({day}) - month({dob}) "
            f"- CASE WHEN day({day}) < day({dob}) THEN 1 ELSE 0 END)")


def rule_sql(rule: Rule, d: Dialect = DUCKDB, as_of: int | None = None, children: str = "children") -> str:
    """The prompts of one rule: rule_id, child_key, moment, trigger, events, agencies, first, last, days."""
    p = rule.pattern
    part_signs = _in(dict.fromkeys(x.sign for x in p.parts))
    if p.kind == "birthday":
        b = d.day_number.format(x=d.add_months.format(x="date_of_birth", n=p.at_age_months))
        cand = f"SELECT child_key, {b} AS dn FROM {children}"
    else:
        day = d.date_of.format(x="c.dn")
        cand = (f"SELECT c.child_key, c.dn FROM (SELECT DISTINCT child_key, dn FROM pr_sign "
                f"WHERE sign IN {_in(p.trigger_signs)}) c JOIN {children} ch ON ch.child_key = c.child_key "
                f"WHERE {_months('ch.date_of_birth', day)} >= {p.age_months_min} "
                f"AND {_months('ch.date_of_birth', day)} < {p.age_months_below}")
    counts = ",\n    ".join(
        f"COUNT(DISTINCT CASE WHEN s.sign = {_q(x.sign)} THEN s.dn END) AS n{i}" for i, x in enumerate(p.parts))
    need = " AND ".join([f"n{i} >= {x.at_least}" for i, x in enumerate(p.parts)]
                        + [f"n_agencies >= {p.agencies_at_least}"])
    sql = f"""
WITH cand AS ({cand}),
win AS (
  SELECT c.child_key, c.dn,
    {counts},
    COUNT(DISTINCT s.agency) AS n_agencies, MIN(s.dn) AS first_dn, MAX(s.dn) AS last_dn,
    COUNT(DISTINCT s.dn) AS n_days,
    {d.id_list.format(x="s.event_id")} AS event_ids, {d.id_list.format(x="s.agency")} AS agencies
  FROM cand c JOIN pr_sign s ON s.child_key = c.child_key AND s.sign IN {part_signs}
    AND s.dn BETWEEN c.dn - {p.window_days} AND c.dn
  GROUP BY c.child_key, c.dn),
ok AS (SELECT w.* FROM (SELECT * FROM win WHERE {need}) w"""
    if p.unless:
        sql += (f"\n  {d.anti_join} pr_sign u ON u.child_key = w.child_key "
                f"AND u.sign IN {_in(p.unless)} AND u.dn BETWEEN w.first_dn AND w.dn")
    sql += ")"
    if p.kind == "then_no":
        anchor = "first_dn" if p.from_first else "dn"
        if p.within_working_days is not None:
            deadline = (f"SELECT ok.*, ok.{anchor} AS anchor, wd.dn AS moment FROM ok "
                        f"JOIN pr_calendar cal ON cal.dn = ok.{anchor} "
                        f"JOIN pr_working_day wd ON wd.wd_no = cal.wd_count + {p.within_working_days}")
        else:
            deadline = f"SELECT ok.*, ok.{anchor} AS anchor, ok.{anchor} + {p.within_days} AS moment FROM ok"
        sql += f""",
dl AS ({deadline}),
found AS (SELECT dl.* FROM dl {d.anti_join} pr_sign r ON r.child_key = dl.child_key
  AND r.sign IN {_in(p.no)} AND r.dn BETWEEN dl.anchor AND dl.moment)"""
    else:
        sql += ",\nfound AS (SELECT ok.*, ok.dn AS moment FROM ok)"
    limit = f"WHERE moment <= {as_of}" if as_of is not None else ""
    sql += f""",
ep AS (SELECT *, LAG(moment) OVER (PARTITION BY child_key ORDER BY moment, dn) AS previous FROM found {limit})
SELECT {_q(rule.id)} AS rule_id, child_key, moment, dn AS trigger_dn, event_ids, agencies, first_dn, last_dn, n_days
FROM ep WHERE previous IS NULL OR previous < moment - {rule.episode_days}"""
    return sql


def prepare(con: duckdb.DuckDBPyConnection, cat: Catalogue, events: str = "child_events",
            d: Dialect = DUCKDB) -> None:
    """Create the working tables: the calendar, the events the rules read, and their signs."""
    cal = working_day_table()
    con.register("pr_cal_arrow", pa.table({"dn": [c[0] for c in cal], "wd_count": [c[1] for c in cal]}))
    con.execute("CREATE OR REPLACE TEMP TABLE pr_calendar AS SELECT dn, wd_count FROM pr_cal_arrow")
    con.execute("CREATE OR REPLACE TEMP TABLE pr_working_day AS SELECT wd_count AS wd_no, MIN(dn) AS dn "
                "FROM pr_calendar GROUP BY wd_count")
    con.unregister("pr_cal_arrow")
    con.execute(f"""CREATE OR REPLACE TEMP TABLE pr_event AS
        SELECT child_key, event_id, event_type, agency, about, attributes, {d.day_number.format(x='day')} AS dn
        FROM {events} WHERE event_type IN {_in(sorted(cat.event_types))}""")
    con.execute(f"CREATE OR REPLACE TEMP TABLE pr_sign AS {signs_sql(cat, 'pr_event', d)}")


def evaluate_tables(con: duckdb.DuckDBPyConnection, *, children: str = "children", events: str = "child_events",
                    as_of: date | None = None, catalogue: Catalogue | None = None) -> list[Prompt]:
    """Every prompt for every child in the tables, sorted (child, moment, rule)."""
    cat = catalogue or load_catalogue()
    prepare(con, cat, events)
    limit = day_number(as_of) if as_of else None
    union = "\nUNION ALL\n".join(f"SELECT * FROM ({rule_sql(r, as_of=limit, children=children)})"
                                 for r in cat.rules)
    rows = con.execute(f"""SELECT p.*, ch.date_of_birth FROM ({union}) p
                           JOIN {children} ch ON ch.child_key = p.child_key""").fetchall()
    rules = {r.id: r for r in cat.rules}
    out = [make_prompt(rules[rid], key, dob, moment, ids, agencies, first, last, n_days)
           for rid, key, moment, _trigger, ids, agencies, first, last, n_days, dob in rows]
    return sorted(out)


def load_rows(con: duckdb.DuckDBPyConnection, children: Iterable[Mapping], events: Iterable[Mapping],
              *, children_table: str = "children", events_table: str = "child_events") -> None:
    """Load plain dicts (the incremental evaluator's input, with child_key on each event) as tables."""
    kids = list(children)
    evs = list(events)
    ct = pa.table({"child_key": pa.array([str(c["key"]) for c in kids], pa.string()),
                   "date_of_birth": pa.array([to_date(c["date_of_birth"]) for c in kids], pa.date32())})

    def attrs(e):
        a = e.get("attributes")
        return None if a in (None, "", {}) else (a if isinstance(a, str) else json.dumps(a))

    et = pa.table({
        "child_key": pa.array([str(e["child_key"]) for e in evs], pa.string()),
        "event_id": pa.array([str(e.get("event_id", e.get("id"))) for e in evs], pa.string()),
        "event_type": pa.array([str(e.get("event_type", e.get("type"))) for e in evs], pa.string()),
        "day": pa.array([to_date(e["day"] if "day" in e else e["occurred_at"]) for e in evs], pa.date32()),
        "agency": pa.array([str(e.get("agency") or "") for e in evs], pa.string()),
        "about": pa.array([e.get("about") or "child" for e in evs], pa.string()),
        "attributes": pa.array([attrs(e) for e in evs], pa.string()),
    })
    con.register("pr_children_arrow", ct)
    con.register("pr_events_arrow", et)
    con.execute(f"CREATE OR REPLACE TABLE {children_table} AS SELECT * FROM pr_children_arrow")
    con.execute(f"CREATE OR REPLACE TABLE {events_table} AS SELECT * FROM pr_events_arrow")
    con.unregister("pr_children_arrow")
    con.unregister("pr_events_arrow")


def evaluate_rows(children: Iterable[Mapping], events: Iterable[Mapping], *, as_of: date | None = None,
                  catalogue: Catalogue | None = None, threads: int | None = None) -> list[Prompt]:
    """Bulk-evaluate plain dicts in a fresh in-memory DuckDB (events carry `child_key`)."""
    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    try:
        load_rows(con, children, events)
        return evaluate_tables(con, as_of=as_of, catalogue=catalogue)
    finally:
        con.close()
