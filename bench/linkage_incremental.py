#!/usr/bin/env python
"""Incremental linking at scale: 10,000 new records matched against a million existing records and persons.

    .venv/bin/python bench/linkage_incremental.py --existing 1000000 --new 10000
    .venv/bin/python bench/linkage_incremental.py --existing 20000 --new 1000     # a quick run

Data: `python -m engine.synth --children <existing × 0.31> --seed 1` (310,000 children for 1M), kept under var/bench/ and reused
(the same partnership and parquet linkage table `bench/linkage.py` caches). `--new` records are drawn at
random (fixed seed) and arrive as new; the rest are the existing records, already linked into persons.
The existing persons are taken from the synthetic truth (as if every earlier link were right), so the
bench measures the incremental step alone. The model is trained once on the existing records (not timed;
`joinedup link --train` does this in the platform) and kept beside the data for later runs.

Timed (the incremental step, as `joinedup.linkage.services.link_arrivals` runs it): scoring new–existing
pairs (Splink 5 `predict_between`) and new–new pairs (`predict_within`), gathering every record of each
person a new record touched, and conflict-safe assignment (`engine.linkage.incremental.assign`). Scoring
against the truth happens afterwards and is not timed. Target (issue 3): ≤ 30 s on 2 cores.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import hashlib
import json
import os
import platform
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
VAR = ROOT / "var" / "bench"
CHILDREN_PER_RECORD = 0.31  # the synthetic partnership holds about 3.23 source records per child


def ensure_data(children: int, seed: int) -> Path:
    root = VAR / f"synth-{children}-s{seed}"
    if not ((root / "truth" / "records.csv").exists() and (root / "summary.json").exists()):
        print(f"generating a synthetic partnership of {children} children in {root} …", flush=True)
        subprocess.run([sys.executable, "-m", "engine.synth", "--children", str(children), "--seed", str(seed),
                        "--out", str(root)], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return root


def ensure_table(root: Path) -> Path:
    """The linkage table of `root` as parquet (shared with bench/linkage.py: built once, then reused)."""
    import pyarrow.parquet as pq

    path = root.with_name(root.name + ".linkage.parquet")
    if not path.exists():
        from engine.linkage.records import partnership_records
        from engine.linkage.splink_adapter import _table

        print(f"building the linkage table {path} …", flush=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        pq.write_table(_table(partnership_records(root)), partial)
        partial.rename(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--existing", type=int, default=1_000_000, help="existing records (about; synthetic)")
    parser.add_argument("--new", type=int, default=10_000, help="new records arriving")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from engine.linkage.clusters import one_item_per_pair_of_persons
    from engine.linkage.config import LinkageConfig
    from engine.linkage.incremental import assign, match
    from engine.linkage.splink_adapter import TrainedModel, build_settings, train

    config = LinkageConfig(duckdb_threads=args.threads, seed=args.seed)
    # the partnership of `--existing` records (the new records are drawn from it, the rest are existing)
    root = ensure_data(round(args.existing * CHILDREN_PER_RECORD), args.seed)
    table = pq.read_table(ensure_table(root))
    with open(root / "truth" / "records.csv", newline="", encoding="utf-8") as handle:
        truth = {f"{row['agency']}:{row['record_id']}": row["person_key"] for row in csv.DictReader(handle)}

    # new records drawn at random; the existing ones are linked into persons already (here: the truth)
    uids = table.column("unique_id").to_pylist()
    rng = random.Random(args.seed)
    new_ids = set(rng.sample(uids, args.new))
    is_new = pc.is_in(table.column("unique_id"), value_set=pa.array(sorted(new_ids)))
    new_table, existing_table = table.filter(is_new), table.filter(pc.invert(is_new))
    if existing_table.num_rows > args.existing:
        existing_table = existing_table.slice(0, args.existing)
    existing_ids = existing_table.column("unique_id").to_pylist()
    person_of = {uid: truth[uid] for uid in existing_ids}
    members: dict[str, list[str]] = {}
    for uid, key in person_of.items():
        members.setdefault(key, []).append(uid)
    print(f"existing: {existing_table.num_rows:,} records in {len(members):,} persons; new: {new_table.num_rows:,} records",
          flush=True)

    # the model of these existing records under the current settings (retrained when the settings change)
    settings_hash = hashlib.sha256(json.dumps(build_settings(config), sort_keys=True).encode()).hexdigest()[:12]
    cached = VAR / f"{root.name}.incremental-{args.new}-{settings_hash}.model.json"
    t = time.perf_counter()
    if cached.exists():
        model = TrainedModel(**json.loads(cached.read_text()))
        print(f"model of the existing records read from {cached}", flush=True)
    else:
        model = train(existing_table, seed=args.seed, config=config)
        cached.write_text(json.dumps(dataclasses.asdict(model), default=str))
        print(f"model trained on the existing records in {time.perf_counter() - t:.1f} s "
              "(not part of the incremental time)", flush=True)
    train_s = time.perf_counter() - t

    started = time.perf_counter()
    pairs = match(model, existing_table, new_table, threshold=config.review_threshold, config=config)
    match_s = time.perf_counter() - started
    t = time.perf_counter()
    touched = {person_of[u] for p in pairs for u in (p.uid_l, p.uid_r) if u in person_of}
    held = [uid for key in touched for uid in members[key]]
    held_rows = existing_table.filter(pc.is_in(existing_table.column("unique_id"), value_set=pa.array(held))) \
        .select(["unique_id", "agency", "record_id", "nhs_number", "upn"]).to_pylist()
    new_rows = new_table.select(["unique_id", "agency", "record_id", "nhs_number", "upn"]).to_pylist()
    placed = assign(pairs, new_rows, held_rows, {key: members[key] for key in touched}, config.auto_threshold,
                    config.review_threshold, same_agency_conflict=config.same_agency_conflict)
    review = one_item_per_pair_of_persons(placed.review, placed.result.cluster_of)  # as the platform queues them
    assign_s = time.perf_counter() - t
    total_s = time.perf_counter() - started

    counts = {**placed.counts(), "review_items": len(review)}
    correct = sum(1 for uid, key in placed.joined.items() if truth[uid] == key)
    joinable = sum(1 for uid in new_ids if truth[uid] in members)
    figures = {
        "existing_records": existing_table.num_rows, "existing_persons": len(members), "new_records": new_table.num_rows,
        "threads": args.threads, "cpus": os.cpu_count(), "python": platform.python_version(),
        "train_s": round(train_s, 2), "match_s": round(match_s, 2), "assign_s": round(assign_s, 2),
        "incremental_s": round(total_s, 2), "pairs": len(pairs), "persons_touched": len(touched),
        **counts, "bridged_persons": len(placed.bridged),
        "joinable_new_records": joinable, "auto_link_precision": round(correct / len(placed.joined), 5) if placed.joined else None,
        "auto_link_recall": round(correct / joinable, 4) if joinable else None,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    print(f"incremental: {total_s:.1f} s (score {match_s:.1f} s + assign {assign_s:.1f} s) on {args.threads} threads "
          f"[target ≤ 30 s]")
    print(f"pairs scored ≥ review threshold: {len(pairs):,}; persons touched: {len(touched):,}")
    print(f"new records linked automatically: {counts['linked_automatically']:,} "
          f"(correct {correct:,}; {joinable:,} had a person already), sent to review: {counts['sent_to_review']:,} "
          f"({counts['review_items']:,} review items), new persons: {counts['new_persons']:,} (including those awaiting review)")
    print(f"peak RSS {figures['peak_rss_mb']:,} MB")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
