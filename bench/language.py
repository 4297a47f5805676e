#!/usr/bin/env python
"""Language checker: precision and recall on the labelled sentences, and throughput on one core.

    .venv/bin/python bench/language.py               # 2,000 notes
    .venv/bin/python bench/language.py --notes 5000

Precision and recall are computed on engine/language/data/labelled_sentences.yaml at sentence level
(flagged or not) and at rule level ((sentence, rule id) pairs). Throughput: notes of about 100 words,
built deterministically by joining labelled sentences (neutral ones, and in half the notes one or two
that must be flagged), checked with `check_many` in this one process after the pipeline is built.
Targets: precision and recall >= 0.95; >= 2,000 notes/s. The script always exits 0 and prints
"target met" or "target MISSED" per figure.
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine.language import check_many  # noqa: E402
from engine.language.checker import get_checker  # noqa: E402
from engine.language.evaluate import evaluate, load_labelled  # noqa: E402

TARGET_QUALITY = 0.95
TARGET_NOTES_PER_SECOND = 2000


def build_notes(count: int, words: int = 100, seed: int = 1) -> list[str]:
    labelled = load_labelled()
    clean = [x.text for x in labelled if not x.expect]
    flagged = [x.text for x in labelled if x.expect]
    rng = random.Random(seed)
    notes = []
    for i in range(count):
        parts: list[str] = []
        if i % 2 == 0:
            parts += rng.sample(flagged, 1 + (i % 4 == 0))
        while sum(len(p.split()) for p in parts) < words:
            parts.append(clean[rng.randrange(len(clean))])
        rng.shuffle(parts)
        notes.append(" ".join(parts))
    return notes


def verdict(ok: bool) -> str:
    return "target met" if ok else "target MISSED"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs; the best is reported")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core

    t0 = time.perf_counter()
    get_checker()
    build_seconds = time.perf_counter() - t0

    s = evaluate()
    print(f"labelled sentences: {s.sentences} ({s.must_flag} must flag, {s.must_not_flag} must not)")
    print(f"sentence precision: {s.precision:.3f}  {verdict(s.precision >= TARGET_QUALITY)}")
    print(f"sentence recall:    {s.recall:.3f}  {verdict(s.recall >= TARGET_QUALITY)}")
    print(f"rule precision:     {s.rule_precision:.3f}  {verdict(s.rule_precision >= TARGET_QUALITY)}")
    print(f"rule recall:        {s.rule_recall:.3f}  {verdict(s.rule_recall >= TARGET_QUALITY)}")
    for text, got in s.false_positives:
        print(f"  false positive {got}: {text}")
    for text, expected in s.false_negatives:
        print(f"  false negative {expected}: {text}")
    for text, expected, got in s.rule_errors:
        if got:
            print(f"  wrong rules (expected {expected}, got {got}): {text}")

    notes = build_notes(args.notes)
    mean_words = sum(len(n.split()) for n in notes) / len(notes)
    check_many(notes[:50])  # warm the tokenizer cache as a long-running service would be
    best = float("inf")
    findings = 0
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        results = check_many(notes)
        best = min(best, time.perf_counter() - t0)
        findings = sum(len(r) for r in results)
    rate = len(notes) / best
    print(f"pipeline build: {build_seconds:.2f} s (once per process)")
    print(f"throughput: {rate:,.0f} notes/s ({len(notes):,} notes of {mean_words:.0f} words on average, "
          f"1 core, best of {args.repeat}; {findings:,} findings)  {verdict(rate >= TARGET_NOTES_PER_SECOND)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
