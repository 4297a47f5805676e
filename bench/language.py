#!/usr/bin/env python
"""Language checker: precision and recall on the own and blind labelled sets, and throughput on one core.

    .venv/bin/python bench/language.py                       # every set, then 2,000 notes
    .venv/bin/python bench/language.py --set dev --list      # the dev set, with its misses listed
    .venv/bin/python bench/language.py --set heldout --misses var/bench/language-heldout-misses.md
    .venv/bin/python bench/language.py --notes 0             # scores only

Sets (scoring code: engine/language/evaluate.py):
- own: engine/language/data/labelled_sentences.yaml, sentence level and rule level ((sentence, rule id) pairs);
- dev, heldout: tests/heldout/language/, written by a writer who never saw the rules; sentence level
  (flagged or not) and span level (a labelled span is found when a finding overlaps it; a finding is
  right when it overlaps a labelled span). dev may be studied and tuned on (`--list` prints its misses);
  heldout is scored only: its misses are never printed, only written to the file given by --misses.
Throughput: notes of about 100 words, built deterministically by joining own-set sentences (neutral
ones, and in half the notes one or two that must be flagged), checked with `check_many` in this one
process after the pipeline is built. Targets: precision and recall >= 0.95; >= 2,000 notes/s. The
script always exits 0 and prints "target met" or "target MISSED" per figure.
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
from engine.language.evaluate import BLIND_DIR, BlindScores, evaluate, load_blind, load_labelled, score_blind  # noqa: E402

TARGET_QUALITY = 0.95
TARGET_NOTES_PER_SECOND = 2000
BLIND_SETS = ("dev", "heldout")


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


def figure(name: str, value: float) -> str:
    return f"  {name:<20}{value:.3f}  {verdict(value >= TARGET_QUALITY)}"


def report_own() -> None:
    s = evaluate()
    print(f"own set: {s.sentences} sentences ({s.must_flag} must flag, {s.must_not_flag} must not)")
    print(figure("sentence precision", s.precision))
    print(figure("sentence recall", s.recall))
    print(figure("rule precision", s.rule_precision))
    print(figure("rule recall", s.rule_recall))
    for text, got in s.false_positives:
        print(f"    false positive {got}: {text}")
    for text, expected in s.false_negatives:
        print(f"    false negative {expected}: {text}")
    for text, expected, got in s.rule_errors:
        if got:
            print(f"    wrong rules (expected {expected}, got {got}): {text}")


def report_blind(name: str, s: BlindScores) -> None:
    print(f"{name} set: {s.sentences} sentences ({s.tp + s.fn} to flag, {s.fp + s.tn} not); "
          f"tp {s.tp} fp {s.fp} fn {s.fn} tn {s.tn}")
    print(figure("sentence precision", s.precision))
    print(figure("sentence recall", s.recall))
    print(figure("span precision", s.span_precision))
    print(figure("span recall", s.span_recall))


def misses_text(name: str, s: BlindScores) -> list[str]:
    lines = [f"## {name}: labelled spans not found ({s.spans_missed})", ""]
    for item_id, text, missed in s.missed:
        lines.append(f"- {item_id}: " + "; ".join(f"\"{span}\" ({category})" for category, span in missed))
        lines.append(f"  > {text}")
    lines += ["", f"## {name}: findings on no labelled span ({s.findings_off_span})", ""]
    for item_id, text, wrong in s.false_findings:
        lines.append(f"- {item_id}: " + "; ".join(f"{rule} \"{matched}\"" for rule, matched in wrong))
        lines.append(f"  > {text}")
    return lines + [""]


def throughput(count: int, repeat: int) -> None:
    notes = build_notes(count)
    mean_words = sum(len(n.split()) for n in notes) / len(notes)
    check_many(notes[:50])  # warm the tokenizer cache as a long-running service would be
    best = float("inf")
    findings = 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        results = check_many(notes)
        best = min(best, time.perf_counter() - t0)
        findings = sum(len(r) for r in results)
    rate = len(notes) / best
    print(f"throughput: {rate:,.0f} notes/s ({len(notes):,} notes of {mean_words:.0f} words on average, "
          f"1 core, best of {repeat}; {findings:,} findings)  {verdict(rate >= TARGET_NOTES_PER_SECOND)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=("own", *BLIND_SETS, "all"), default="all", dest="which")
    parser.add_argument("--list", action="store_true", help="print the dev set's misses and false findings")
    parser.add_argument("--misses", type=Path, help="write the blind sets' misses and false findings here")
    parser.add_argument("--notes", type=int, default=2000, help="notes for the throughput run (0: none)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs; the best is reported")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    if hasattr(os, "getloadavg"):
        print("load average (1, 5, 15 min): " + ", ".join(f"{x:.2f}" for x in os.getloadavg())
              + f" on {os.cpu_count()} cores")

    t0 = time.perf_counter()
    get_checker()
    print(f"pipeline build: {time.perf_counter() - t0:.2f} s (once per process)")

    if args.which in ("own", "all"):
        report_own()
    lines: list[str] = []
    for name in BLIND_SETS:
        if args.which not in (name, "all"):
            continue
        s = score_blind(load_blind(BLIND_DIR / f"{name}.yaml"))
        report_blind(name, s)
        if name == "dev" and args.list:
            print("\n".join("    " + line for line in misses_text(name, s)))
        lines += misses_text(name, s)
    if args.misses and lines:
        args.misses.parent.mkdir(parents=True, exist_ok=True)
        args.misses.write_text("\n".join(lines), encoding="utf-8")
        print(f"misses written to {args.misses}")

    if args.notes > 0:
        throughput(args.notes, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
