#!/usr/bin/env python
"""Import throughput: events per second for N events into SQLite and into PostgreSQL.

    .venv/bin/python bench/import.py --events 1000000            # both backends
    .venv/bin/python bench/import.py --events 200000 --backend sqlite

Each backend runs in its own process on a fresh database (a SQLite file in a temporary folder; a
PostgreSQL database `joinedup_bench` on 127.0.0.1:5432, dropped and recreated). The timed part is
`import_file` on one events CSV: streaming read, validation against the vocabulary, chunked loading
with subjects, shares and places, one transaction. Target: >= 20,000 events/s on PostgreSQL.
It also prints the CPU seconds of the timed import: this process, the background parser (its
finished child) and the PostgreSQL backend (from /proc), since wall time on a shared machine is noisy.
"""

import argparse
import csv
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
PG_BENCH = "postgres://postgres@127.0.0.1:5432/joinedup_bench"
TYPES = [("youth.session_attended", {}), ("appointment.attended", {"service": "School nursing"}),
         ("school.attendance_concern", {"code": "O", "sessions": 4}),
         ("police.missing_report", {"returned_at": None}),  # the next morning (set per row)
         ("health.ae_attendance", {"presenting_complaint": "Injury to wrist"}),
         ("safeguarding.concern", {"concern": "going_missing"})]


def write_files(folder: Path, events: int, people: int, seed: int = 1) -> tuple[Path, Path]:
    rng = random.Random(seed)
    people_path, events_path = folder / "people.csv", folder / "events.csv"
    with people_path.open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["record_id", "person_type", "forename", "surname", "date_of_birth", "sex", "postcode"])
        for n in range(people):
            out.writerow([f"R{n}", "child", f"Forename{n % 997}", f"Surname{n % 1499}",
                          f"{2008 + n % 10}-{1 + n % 12:02d}-{1 + n % 28:02d}", "FM"[n % 2], f"NR{1 + n % 30} {n % 10}AB"])
    with events_path.open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["event_id", "record_ids", "occurred_at", "event_type", "note", "author", "author_role",
                      "attributes", "shared_with", "location_address", "location_postcode"])
        for n in range(events):
            event_type, attributes = TYPES[n % len(TYPES)]
            day = f"20{15 + n % 10}-{1 + n % 12:02d}-{1 + n % 28:02d}"
            if "returned_at" in attributes:  # a missing episode ends the next morning, not years later
                attributes = {"returned_at": f"{date.fromisoformat(day) + timedelta(days=1)}T08:00"}
            place = ("", "") if n % 4 else (f"{1 + n % 400} Station Road", f"NR{1 + n % 30} {n % 10}AB")
            out.writerow([f"E{n}", f"R{rng.randrange(people)}", f"{day}T{n % 24:02d}:30",
                          event_type, f"Routine entry {n}: the young person was seen and spoke about their week.",
                          "A. Worker", "Practitioner", json.dumps(attributes) if attributes else "",
                          "csc" if n % 10 == 0 else "", *place])
    return people_path, events_path


def run_backend(backend: str, people_path: Path, events_path: Path, events: int) -> dict:
    """Import into one backend in this process (called in a child process)."""
    import django

    django.setup()
    from django.core.management import call_command

    from joinedup.agencies.models import Agency
    from joinedup.imports.services import import_file

    call_command("migrate", verbosity=0)
    import gc

    gc.freeze()  # as the import command does
    agency = Agency.objects.create(code="bench", name="Bench agency", kind="youth")
    Agency.objects.create(code="csc", name="Children's social care", kind="social_care")
    import_file(people_path, agency=agency)
    live = os.environ.get("BENCH_LIVE") == "1"
    if live:  # a linked partnership: each events file re-evaluates the prompt catalogue for the children it touched
        from joinedup.linkage.models import LinkageModel

        LinkageModel.objects.create(splink_version="-", duckdb_version="-", seed=0, model={"comparisons": []})
    cpu_before = _cpu_split()
    started = time.perf_counter()
    [report] = import_file(events_path, agency=agency)
    elapsed = time.perf_counter() - started
    cpu = {name: round(after - cpu_before[name], 1) for name, after in _cpu_split().items()}
    assert report.created == events and report.rejected == 0, report.summary()
    prompts = 0
    if live:
        from joinedup.prompts.models import Prompt

        prompts = Prompt.objects.count()
    started = time.perf_counter()
    [again] = import_file(events_path, agency=agency)
    reimport = time.perf_counter() - started
    assert again.unchanged == events
    return {"backend": backend, "events": events, "seconds": round(elapsed, 1), "events_per_s": round(events / elapsed),
            "reimport_events_per_s": round(events / reimport), "cpu_s": cpu, "prompts": prompts,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def _cpu_split() -> dict:
    """CPU seconds so far of this process, its finished children (the parser) and the database server process."""
    from django.db import connection

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    split = {"importer": own.ru_utime + own.ru_stime, "parser": children.ru_utime + children.ru_stime}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        try:  # the server runs on this machine: its backend's utime and stime (fields 14 and 15)
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            split["postgres"] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except OSError:
            pass
    return split


def child_env(backend: str, folder: Path) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "joinedup.settings", "JOINEDUP_DEV": "1",
           "JOINEDUP_VAR_DIR": str(folder)}
    if backend == "postgresql":
        subprocess.run(["psql", PG_ADMIN, "-qc", "DROP DATABASE IF EXISTS joinedup_bench"], check=True)
        subprocess.run(["psql", PG_ADMIN, "-qc", "CREATE DATABASE joinedup_bench"], check=True)
        env["DATABASE_URL"] = PG_BENCH
    else:
        env["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--live", action="store_true",
                        help="a linked partnership: time import + prompt evaluation of the children each file touches")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_backend(args.child[0], Path(args.child[1]), Path(args.child[2]), args.events)))
        return
    with tempfile.TemporaryDirectory(prefix="joinedup-bench-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        people_path, events_path = write_files(folder, args.events, min(args.people, args.events))
        print(f"wrote {args.events:,} events in {time.perf_counter() - started:.1f}s; "
              f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
        backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
        for backend in backends:
            result = subprocess.run(
                [sys.executable, __file__, "--events", str(args.events), "--child", backend, str(people_path), str(events_path)],
                env={**child_env(backend, folder), "BENCH_LIVE": "1" if args.live else "0"}, cwd=ROOT, check=True,
                capture_output=True, text=True)
            figures = json.loads(result.stdout.strip().splitlines()[-1])
            print(f"{backend:10s} {figures['events']:>9,} events in {figures['seconds']:>6}s = "
                  f"{figures['events_per_s']:>7,} events/s (re-import, all unchanged: {figures['reimport_events_per_s']:,} events/s;"
                  f" peak RSS {figures['peak_rss_mb']} MB)"
                  + (f"; live partnership: {figures['prompts']:,} prompts raised in the same transaction" if args.live else ""))
            cpu = figures["cpu_s"]
            print(f"{'':10s} CPU seconds: " + ", ".join(f"{name} {seconds}" for name, seconds in cpu.items())
                  + f" (per 100,000 events: {sum(cpu.values()) * 100_000 / figures['events']:.1f});"
                  f" load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
