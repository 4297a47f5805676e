#!/usr/bin/env python
"""Chronology page speed with a partnership-sized PostgreSQL database, and a sustained concurrent load.

    .venv/bin/python bench/web.py --events 20000000              # load once (about 20 events a child), then measure
    .venv/bin/python bench/web.py --events 20000000 --reuse      # measure again on the database already loaded
    .venv/bin/python bench/web.py --events 200000 --duration 20  # a quick run

Targets (issue 4): chronology page p95 <= 150 ms with 20M events in PostgreSQL; 50 concurrent users on
loopback for 2 minutes with 0 errors.

1. A PostgreSQL database `joinedup_web_bench` (127.0.0.1:5432) is migrated and filled set-based, in the
   server, with children, two agencies' identity records each, and events spread over ten years (the
   generated rows are consistent by construction, so the loader switches off trigger-based checks while
   it writes them, then ANALYZEs). Only synthetic data, of course.
2. gunicorn serves JoinedUp on 127.0.0.1 (2 workers x 4 threads: the machine has 2 cores, shared with
   this client).
3. p95: one MASH officer (the widest view: every agency's events) opens the chronologies of random
   children one after another; each request is timed at the client, keep-alive, after a warm-up.
4. Load: `wrk` (Debian package; installed if missing) with 50 connections for `--duration` seconds,
   each request a random child's chronology, signed in; every non-2xx answer and socket error counts.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
BENCH_DB = "joinedup_web_bench"
BENCH_URL = f"postgres://postgres@127.0.0.1:5432/{BENCH_DB}"
PORT = 8765
AGENCIES = [("police", "Northshire Police", "police"), ("csc", "Northshire Children's Social Care", "social_care"),
            ("school-a", "Hill Top Academy", "school"), ("school-b", "Riverside Primary", "school"),
            ("health", "Northshire Hospitals NHS Trust", "health"), ("youth", "Northshire Youth Service", "youth"),
            ("mash", "Northshire MASH", "mash")]
TYPES = ["school.attendance_concern", "appointment.attended", "appointment.was_not_brought", "health.ae_attendance",
         "police.missing_report", "safeguarding.concern", "youth.session_attended", "police.domestic_abuse_incident",
         "csc.contact", "csc.referral", "health.sexual_health_attendance", "school.suspension"]


def _connect(url: str, autocommit: bool = True):
    import psycopg

    return psycopg.connect(url, autocommit=autocommit)


def _fill_defaults(cur, table: str, given: set[str]) -> tuple[list[str], list[str]]:
    """Columns NOT NULL without a database default that the loader does not set, and a value for each."""
    cur.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = %s "
        "AND is_nullable = 'NO' AND column_default IS NULL", (table,))
    names, values = [], []
    for name, kind in cur.fetchall():
        if name in given:
            continue
        names.append(name)
        values.append({"boolean": "false", "jsonb": "'{}'::jsonb", "integer": "0", "bigint": "0", "smallint": "0",
                       "date": "current_date", "double precision": "0"}.get(kind, "now()" if "timestamp" in kind else "''"))
    return names, values


def _insert(cur, table: str, columns: dict[str, str], source: str) -> None:
    extra_names, extra_values = _fill_defaults(cur, table, set(columns))
    names = ", ".join([*columns, *extra_names])
    values = ", ".join([*columns.values(), *extra_values])
    cur.execute(f"INSERT INTO {table} ({names}) SELECT {values} FROM {source}")


def load(events: int, seed: int) -> dict:
    """Create, migrate and fill the bench database; returns what was loaded and how long it took."""
    children = max(events // 20, 10)
    with _connect(ADMIN_URL) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {BENCH_DB}")
    env = {**os.environ, "DATABASE_URL": BENCH_URL, "JOINEDUP_DEV": "1"}
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "-v", "0"], check=True, env=env, cwd=ROOT)
    started = time.perf_counter()
    agencies = len(AGENCIES) - 1  # MASH holds no records of its own
    types = "ARRAY[" + ", ".join(f"'{t}'" for t in TYPES) + "]"
    with _connect(BENCH_URL, autocommit=False) as conn, conn.cursor() as cur:
        cur.execute("SET session_replication_role = replica")  # generated rows are consistent by construction
        cur.execute(f"SELECT setseed({(seed % 1000) / 1000})")
        for n, (code, name, kind) in enumerate(AGENCIES, start=1):
            _insert(cur, "agencies_agency", {"id": str(n), "code": f"'{code}'", "name": "'" + name.replace("'", "''") + "'", "kind": f"'{kind}'"},
                    "(SELECT 1) AS one")
        _insert(cur, "people_person", {
            "id": "g", "person_type": "'child'", "display_name": "'Child ' || g",
            "date_of_birth": "DATE '2008-01-01' + (g % 6500)", "sex": "CASE WHEN g % 2 = 0 THEN 'F' ELSE 'M' END",
        }, f"generate_series(1, {children}) AS g")
        # Two agencies' identity records a child: record 2g-1 and 2g belong to child g.
        _insert(cur, "people_sourcerecord", {
            "id": "r", "agency_id": f"1 + (CASE WHEN r % 2 = 1 THEN ((r + 1) / 2) % {agencies} "
                                    f"ELSE ((r + 1) / 2 + 1 + ((r + 1) / 2) % 4) % {agencies} END)", "record_id": "'R' || r",
            "person_id": "(r + 1) / 2", "person_type": "'child'", "forename": "'Child'", "surname": "'' || ((r + 1) / 2)",
            "date_of_birth": "DATE '2008-01-01' + (((r + 1) / 2) % 6500)", "sex": "'U'", "content_hash": "md5(r::text)",
        }, f"generate_series(1, {2 * children}) AS r")
        chunk = 2_000_000
        for low in range(1, events + 1, chunk):
            high = min(events, low + chunk - 1)
            # Event e is about child 1 + (e % children), recorded by the agency holding one of its two records.
            _insert(cur, "events_event", {
                "id": "e", "agency_id": "x.agency_id", "source_id": "'E' || e",
                "event_type": f"({types})[1 + (e * 7919 % {len(TYPES)})]",
                "occurred_at": "TIMESTAMPTZ '2016-01-01 09:00+00' + ((e * 104729) % 3650) * INTERVAL '1 day'",
                "time_known": "true", "attributes": "'{}'::jsonb",
                "note": "'Entry ' || e || ': seen with their carer; spoke about school and friends.'",
                "author": "'A. Worker'", "author_role": "'Practitioner'", "content_hash": "md5(e::text)",
            }, f"generate_series({low}::bigint, {high}::bigint) AS e JOIN people_sourcerecord x "
               f"ON x.id = 2 * (1 + (e % {children})) - (e / {children}) % 2")
            _insert(cur, "events_eventsubject", {
                "id": "e", "event_id": "e", "record_id": f"2 * (1 + (e % {children})) - (e / {children}) % 2",
                "position": "0"}, f"generate_series({low}::bigint, {high}::bigint) AS e")
            print(f"  loaded events {high:,} of {events:,} ({time.perf_counter() - started:.0f} s)", flush=True)
        for table in ("agencies_agency", "people_person", "people_sourcerecord", "events_event", "events_eventsubject"):
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        conn.commit()
    with _connect(BENCH_URL) as conn:
        conn.execute("ANALYZE")
    return {"children": children, "records": 2 * children, "events": events, "load_s": time.perf_counter() - started}


def sign_in() -> tuple[str, int]:
    """A MASH officer's session (the widest view), made in the bench database; returns the cookie and child count."""
    os.environ.update(DATABASE_URL=BENCH_URL, DJANGO_SETTINGS_MODULE="joinedup.settings", JOINEDUP_DEV="1")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from joinedup.accounts.models import User
    from joinedup.agencies.models import Agency
    from joinedup.people.models import Person

    user, _ = User.objects.get_or_create(username="bench-mash", defaults={
        "role": "mash_officer", "agency": Agency.objects.get(code="mash"), "first_name": "Bench", "last_name": "Officer"})
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}", Person.objects.count()


def serve() -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": BENCH_URL, "JOINEDUP_DEV": "1"}
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "joinedup.wsgi", "-b", f"127.0.0.1:{PORT}", "--workers", "2",
         "--threads", "4", "--worker-class", "gthread", "--timeout", "60", "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True)
    for _ in range(100):
        try:
            http.client.HTTPConnection("127.0.0.1", PORT, timeout=1).request("GET", "/accounts/login/")
            return server
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def path_for(person: int) -> str:
    return f"/people/{person}/chronology/"


def latency(cookie: str, children: int, requests: int, seed: int) -> dict:
    rng = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    timings, rows = [], 0
    for n in range(requests + 20):
        conn.request("GET", path_for(rng.randint(1, children)), headers={"Cookie": cookie})
        started = time.perf_counter()
        response = conn.getresponse()
        body = response.read()
        elapsed = time.perf_counter() - started
        if response.status != 200:
            raise SystemExit(f"chronology answered {response.status}: {body[:300]!r}")
        if n >= 20:  # warm-up excluded
            timings.append(elapsed * 1000)
            rows += body.count(b"<tr")
    timings.sort()
    return {"requests": requests, "p50_ms": statistics.median(timings), "p95_ms": timings[int(0.95 * len(timings)) - 1],
            "max_ms": timings[-1], "rows_per_page": rows / requests}


WRK_SCRIPT = """
math.randomseed(%(seed)d)
request = function()
  return wrk.format("GET", "/people/" .. math.random(1, %(children)d) .. "/chronology/", {["Cookie"] = "%(cookie)s"})
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%%d non2xx=%%d connect=%%d read=%%d write=%%d timeout=%%d p50=%%.1f p95=%%.1f p99=%%.1f\\n",
    summary.requests, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


def load_test(cookie: str, children: int, users: int, duration: int, seed: int) -> dict:
    if not shutil.which("wrk"):
        print("installing wrk (Debian package) …", flush=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, stdout=subprocess.DEVNULL)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % {"seed": seed, "children": children, "cookie": cookie})
    out = subprocess.run(["wrk", "-t", "2", "-c", str(users), "-d", f"{duration}s", "--timeout", "30s", "-s", script.name,
                          f"http://127.0.0.1:{PORT}"], capture_output=True, text=True, check=True).stdout
    line = next(line for line in out.splitlines() if line.startswith("RESULT"))
    result = {k: float(v) for k, v in (part.split("=") for part in line.split()[1:])}
    result["errors"] = sum(result[k] for k in ("non2xx", "connect", "read", "write", "timeout"))
    result["requests_per_s"] = result["requests"] / duration
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=20_000_000)
    parser.add_argument("--reuse", action="store_true", help="measure on the database a previous run loaded")
    parser.add_argument("--requests", type=int, default=500, help="sequential requests for the p95")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=120, help="seconds of concurrent load")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(f"machine: {platform.machine()} · {os.cpu_count()} cores · Python {platform.python_version()}")
    if not args.reuse:
        loaded = load(args.events, args.seed)
        print(f"loaded {loaded['events']:,} events for {loaded['children']:,} children "
              f"({loaded['records']:,} records) in {loaded['load_s']:.0f} s")
    cookie, children = sign_in()
    server = serve()
    try:
        seq = latency(cookie, children, args.requests, args.seed)
        print(f"chronology page, one user: p50 {seq['p50_ms']:.1f} ms · p95 {seq['p95_ms']:.1f} ms (target <= 150) · "
              f"max {seq['max_ms']:.1f} ms · {seq['rows_per_page']:.1f} rows a page · {seq['requests']} requests")
        conc = load_test(cookie, children, args.users, args.duration, args.seed)
        print(f"{args.users} concurrent users for {args.duration} s: {conc['requests']:.0f} requests "
              f"({conc['requests_per_s']:.1f}/s) · errors {conc['errors']:.0f} (target 0) · "
              f"p50 {conc['p50']:.0f} ms · p95 {conc['p95']:.0f} ms · p99 {conc['p99']:.0f} ms")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    print(f"load average: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
