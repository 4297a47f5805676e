"""Statutory flows benchmark (issue 20): the engine's rules that run for every incident and every child.

    .venv/bin/python bench/statutory.py                       # 200,000 incidents; 1,000,000 children
    .venv/bin/python bench/statutory.py --incidents 20000 --children 100000     # quick

1. Operation Encompass's next-school-day rule (engine/casework/school_days.py) for `--incidents` random incident
   times from September 2024 to July 2028, each at the partnership's calendar and at two schools' own (inset
   days, a later start): microseconds per incident, and the longest roll forward found (days).
2. CP-IS status (engine/cpis/status.py) for `--children` children with random plan and care histories (0-4
   starts and ends each): spans from the records, then the flags on one day; children per second.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine.casework.school_days import load_school_calendar  # noqa: E402
from engine.cpis.status import flags_on, spans_from_records  # noqa: E402


def next_school_day(n: int, rng: random.Random) -> None:
    calendar = load_school_calendar()
    start, span = datetime(2024, 9, 1), (datetime(2028, 7, 20) - datetime(2024, 9, 1)).total_seconds()
    times = [start + timedelta(seconds=rng.random() * span) for _ in range(n)]
    schools = [None, "school-hilltop", "school-riverside"]
    began = time.perf_counter()
    longest = 0
    for i, when in enumerate(times):
        found = calendar.next_school_day(when, schools[i % 3])
        longest = max(longest, (found.day - when.date()).days)
    took = time.perf_counter() - began
    print(f"next school day: {n:,} incidents in {took:.2f} s = {took / n * 1e6:.1f} µs each "
          f"(longest roll forward {longest} days)")


def cpis_status(n: int, rng: random.Random) -> None:
    day0 = date(2020, 1, 1)
    histories = []
    for _ in range(n):
        rows = []
        for _ in range(rng.randint(0, 4)):
            kind = rng.choice(["CPP", "CLA", "UCPP"])
            begun = day0 + timedelta(days=rng.randrange(2500))
            rows.append(("start", kind, begun, "csc"))
            if rng.random() < 0.7:
                rows.append(("end", "CPP" if kind == "UCPP" else kind, begun + timedelta(days=rng.randint(30, 700)),
                             "csc"))
        histories.append(rows)
    on = date(2026, 12, 6)
    began = time.perf_counter()
    flagged = sum(1 for rows in histories if flags_on(spans_from_records(rows), on))
    took = time.perf_counter() - began
    print(f"CP-IS status: {n:,} children in {took:.2f} s = {n / took:,.0f} children/s "
          f"({flagged:,} flagged on {on})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--incidents", type=int, default=200_000)
    parser.add_argument("--children", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    next_school_day(args.incidents, rng)
    cpis_status(args.children, rng)


if __name__ == "__main__":
    main()
