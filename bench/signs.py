#!/usr/bin/env python
"""Signs read from narrative text: precision and recall per labelled set, per sign, and throughput.

    .venv/bin/python bench/signs.py --set all          # own, dev and held-out
    .venv/bin/python bench/signs.py --set dev --misses # list every miss and false positive on dev

Sets: `own` (engine/signs/data/labelled.yaml, written with the rules), `dev` and `heldout`
(tests/heldout/signs/, written blind; sign names read through engine/signs/data/label_mapping.yaml).
`dev` may be tuned on; `heldout` is scored only, never tuned on (tests/heldout/README.md).

The figure is passage x sign (engine.signs.evaluate.score_passages): per passage, the categories found
about the record's child against those the labels give about the child, so a negated mention or a sign
about someone else found as the child's is a false positive. Certainty agreement and the labelled traps
(negated, about someone else) avoided are printed beside it. Throughput: the set's passages read with
`read_many` on one core (with each record's context: a missing report or return interview implies a missing
episode, label_mapping.yaml `sources`) after the reader is built, best of --repeat runs. Target (issue 15): held-out
precision and recall >= 0.9. Always exits 0 and prints "target met" or "target MISSED".
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine.signs.evaluate import LABELLED_PATH, load_contexts, load_mapping, load_passages, score_passages  # noqa: E402
from engine.signs.reader import get_reader  # noqa: E402

TARGET = 0.9
HELDOUT = ROOT / "tests" / "heldout" / "signs"
SETS = {"own": (LABELLED_PATH, False), "dev": (HELDOUT / "dev.yaml", True),
        "heldout": (HELDOUT / "heldout.yaml", True)}


def verdict(ok: bool) -> str:
    return "target met" if ok else "target MISSED"


def run(name: str, repeat: int, misses: bool) -> None:
    path, mapped = SETS[name]
    passages = load_passages(path, load_mapping() if mapped else None)
    reader = get_reader()
    texts = [p.text for p in passages]
    contexts = load_contexts(passages) if mapped else None
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        found = reader.read_many(texts, contexts)
        best = min(best, time.perf_counter() - t0)
    s = score_passages(passages, found)
    m = s.overall
    words = sum(len(t.split()) for t in texts)
    print(f"== {name}: {s.passages} passages ({path.relative_to(ROOT)})")
    print(f"   precision {m.precision:.3f}  recall {m.recall:.3f}  (tp {m.tp}, fp {m.fp}, fn {m.fn})  "
          f"{verdict(m.precision >= TARGET and m.recall >= TARGET)}")
    print(f"   certainty agrees on {s.certainty_right} of {m.tp} found signs; traps avoided: "
          + ", ".join(f"{why} {a}/{t}" for why, (a, t) in sorted(s.traps.items())))
    print(f"   throughput: {len(texts) / best:,.0f} passages/s, {words / best:,.0f} words/s (one core, best of {repeat})")
    print(f"   {'sign':<22}{'precision':>10}{'recall':>8}{'tp':>5}{'fp':>5}{'fn':>5}")
    for cat, c in sorted(s.by_category.items()):
        print(f"   {cat:<22}{c.precision:>10.3f}{c.recall:>8.3f}{c.tp:>5}{c.fp:>5}{c.fn:>5}")
    if misses:
        for pid, cat, span in m.false_negatives:
            print(f"   missed      {pid} {cat}: {span!r}")
        for pid, cat, span in m.false_positives:
            print(f"   false pos.  {pid} {cat}: {span!r}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=[*SETS, "all"], default="all")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per set; the best is reported")
    parser.add_argument("--misses", action="store_true", help="list misses and false positives")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; cpus: {os.cpu_count()}")
    t0 = time.perf_counter()
    get_reader()
    print(f"reader built in {time.perf_counter() - t0:.1f}s")
    for name in (SETS if args.set == "all" else [args.set]):
        run(name, args.repeat, args.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
