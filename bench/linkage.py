#!/usr/bin/env python
"""Linkage at scale: the engine against a plain Splink baseline on the same synthetic partnership.

    .venv/bin/python bench/linkage.py --records 1000000
    .venv/bin/python bench/linkage.py --records 20000            # a quick run
    .venv/bin/python bench/linkage.py --set twins --people 100000  # a hard set (bench/hard_sets.py)
    .venv/bin/python bench/linkage.py --set one-source --people 100000
    .venv/bin/python bench/linkage.py --set non-uk --people 100000
    .venv/bin/python bench/linkage.py --set independent   # the blind held-out set, scored only (bench/heldout_linkage.py)

Data: `python -m engine.synth` with records × 0.31 children, kept under var/bench/ and reused; the
flat linkage table built from it (engine.linkage.records) is cached there as parquet. Data preparation
is timed separately and is not part of the linkage time.

Each model runs in its own process on that table, so each process's peak RSS (`ru_maxrss`,
RUSAGE_SELF: DuckDB runs inside the process; no child processes are started) is its own. Timed: train,
predict and cluster (including the match-weight breakdown of every review item, for ours). Scoring
against `truth/records.csv` happens afterwards in this parent process and is not timed; the engine never
sees the truth.

Targets (issue 3, on 2 cores): train + predict + cluster <= 60 s; no slower than the baseline while its
F1 is higher; peak RSS <= 4 GB; precision of automatic links >= 0.998; F1 >= 0.99; false-merge rate
<= 0.2 %; review <= 5 % of persons.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import re
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
VAR = ROOT / "var" / "bench"
CHILDREN_PER_RECORD = 0.31  # the synthetic partnership holds about 3.23 source records per child


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


# ---------------------------------------------------------------- data


def ensure_data(children: int, seed: int, set_name: str = "synthetic") -> tuple[Path, float | None]:
    root = VAR / (f"synth-{children}-s{seed}" if set_name == "synthetic" else f"{set_name}-{children}-s{seed}")
    if (root / "truth" / "records.csv").exists() and (root / "summary.json").exists():
        return root, None
    started = time.perf_counter()
    if set_name == "synthetic":
        subprocess.run([sys.executable, "-m", "engine.synth", "--children", str(children), "--seed", str(seed),
                        "--out", str(root)], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    else:
        subprocess.run([sys.executable, str(ROOT / "bench" / "hard_sets.py"), "--set", set_name, "--people",
                        str(children), "--seed", str(seed), "--out", str(root)], check=True, cwd=ROOT,
                       stdout=subprocess.DEVNULL)
    return root, time.perf_counter() - started


def ensure_table(root: Path) -> tuple[Path, float | None]:
    """The linkage table of `root` as parquet (built once with engine.linkage.records, then reused)."""
    import pyarrow.parquet as pq

    path = root.with_name(root.name + ".linkage.parquet")
    if path.exists():
        return path, None
    from engine.linkage.records import partnership_table

    started = time.perf_counter()
    table = partnership_table(root)  # column-wise; the same values as partnership_records (tests check it)
    pq.write_table(table, path)
    return path, time.perf_counter() - started


# ---------------------------------------------------------------- workers (one process each)


def worker_ours(parquet: Path, out: Path, seed: int, threads: int) -> dict:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from engine.linkage.clusters import cluster_table
    from engine.linkage.config import LinkageConfig
    from engine.linkage.splink_adapter import breakdown, level_weights, predict_table, train

    config = LinkageConfig(duckdb_threads=threads, seed=seed)
    t = time.perf_counter()
    table = pq.read_table(parquet)
    load_s = time.perf_counter() - t
    started = time.perf_counter()
    model = train(table, seed=seed, config=config)
    train_s = time.perf_counter() - started
    t = time.perf_counter()
    pairs = predict_table(model, table, threshold=config.review_threshold, config=config)
    predict_s = time.perf_counter() - t
    t = time.perf_counter()
    result = cluster_table(pairs, table, config.auto_threshold, config.review_threshold)
    # what a reviewer sees: the breakdown of each review item only
    keys = pa.array([f"{r.uid_l}|{r.uid_r}" for r in result.review], pa.string())
    joined = pc.binary_join_element_wise(pairs.column("uid_l"), pairs.column("uid_r"), "|")
    review_rows = pairs.filter(pc.is_in(joined, value_set=keys)).to_pylist()
    labels = level_weights(model)
    breakdowns = {(row["uid_l"], row["uid_r"]): breakdown(model, row, labels) for row in review_rows}
    cluster_s = time.perf_counter() - t
    total_s = time.perf_counter() - started
    pq.write_table(pa.table({"unique_id": result.unique_ids, "cluster": result.root}), out / "ours.parquet")
    weights = pairs.column("match_weight").to_numpy()
    example = next(iter(breakdowns.items()), None)
    return {
        "load_s": load_s, "train_s": train_s, "predict_s": predict_s, "cluster_s": cluster_s, "total_s": total_s,
        "train_timings": model.statistics["timings"], "rss_mb": _rss_mb(),
        "pairs_scored": pairs.num_rows, "auto_pairs": int((weights >= config.auto_threshold).sum()),
        "review_items": len(result.review), "review_reasons": dict(Counter(r.reason for r in result.review)),
        "persons": result.persons, "persons_in_review": result.persons_in_review(),
        "review_pairs": [[r.uid_l, r.uid_r] for r in result.review],
        "prior": model.model["probability_two_random_records_match"],
        "thresholds": [config.auto_threshold, config.review_threshold],
        "example_review_item": [list(example[0]), example[1]] if example else None,
        "untrained_levels": model.statistics["untrained_levels"],
    }


def worker_baseline(parquet: Path, out: Path, seed: int, threads: int) -> dict:
    import pyarrow.parquet as pq

    sys.path.insert(0, str(ROOT / "bench"))
    from splink_baseline import link

    table = pq.read_table(parquet)
    result = link(table, threads=threads, seed=seed)
    pq.write_table(result["clusters"], out / "baseline.parquet")
    return {**result["timings"], "rss_mb": _rss_mb(), "pairs_scored": result["pairs"]}


def run_worker(kind: str, parquet: Path, out: Path, seed: int, threads: int) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--worker", kind, "--parquet", str(parquet), "--out", str(out),
                           "--seed", str(seed), "--threads", str(threads)], cwd=ROOT, capture_output=True, text=True)
    if proc.returncode:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"{kind} worker failed")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- scoring (parent, untimed)


def read_truth(root: Path) -> dict[str, str]:
    with open(root / "truth" / "records.csv", newline="", encoding="utf-8") as fh:
        return {f"{row['agency']}:{row['record_id']}": row["person_key"] for row in csv.DictReader(fh)}


def achievable_recall(truth: dict[str, str], agency_keys: dict[str, str | None] | None = None) -> float:
    """Best pairwise recall any clustering can reach if a cluster holds, per agency, only records that agency
    identifies as one person: one record, or several with the same agency key (`records.AGENCY_IDENTIFIER`).

    Per child, each agency's records fall into groups (one per agency key, one per record without a key);
    the best clustering puts each agency's largest group in one cluster, the next largest in a second, …
    """
    agency_keys = agency_keys or {}
    per_person: dict[str, dict[str, Counter]] = {}
    for uid, person in truth.items():
        agency = uid.split(":", 1)[0]
        per_person.setdefault(person, {}).setdefault(agency, Counter())[agency_keys.get(uid) or uid] += 1
    true_pairs = reachable = 0
    for agencies in per_person.values():
        groups = {agency: sorted(counts.values(), reverse=True) for agency, counts in agencies.items()}
        n = sum(sum(sizes) for sizes in groups.values())
        true_pairs += n * (n - 1) // 2
        for i in range(max(len(sizes) for sizes in groups.values())):
            size = sum(sizes[i] for sizes in groups.values() if len(sizes) > i)
            reachable += size * (size - 1) // 2
    return reachable / true_pairs if true_pairs else 1.0


def blocking_report(parquet: Path, root: Path, threads: int) -> dict:
    """Pairs and largest blocks of every prediction blocking rule; candidate pairs; recall ceiling."""
    import duckdb
    import pyarrow.parquet as pq

    from engine.linkage.splink_adapter import blocking_rules

    con = duckdb.connect(":memory:")
    con.execute(f"SET threads = {threads}")
    con.execute(f"CREATE TABLE t AS SELECT * FROM read_parquet('{parquet}')")
    con.execute(f"CREATE TABLE truth AS SELECT agency || ':' || record_id AS unique_id, person_key "
                f"FROM read_csv('{root / 'truth' / 'records.csv'}', all_varchar=true)")
    con.execute("CREATE TABLE tt AS SELECT t.*, truth.person_key FROM t JOIN truth USING (unique_id)")
    rules = []
    unions = []
    for rule in blocking_rules(pq.read_table(parquet)):  # the rules prediction uses on this table
        keys = re.findall(r"l\.(\w+) = r\.\1", rule)
        not_null = " AND ".join(f"{k} IS NOT NULL" for k in keys)
        group = ", ".join(keys)
        top = con.execute(f"SELECT {group}, count(*) AS n FROM t WHERE {not_null} GROUP BY ALL "
                          f"ORDER BY n DESC LIMIT 3").fetchall()
        pairs = con.execute(f"SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM (SELECT count(*) AS n FROM t "
                            f"WHERE {not_null} GROUP BY {group})").fetchone()[0]
        rules.append({"rule": rule, "pairs": int(pairs),
                      "largest_blocks": [[" / ".join(str(v) for v in row[:-1]), row[-1]] for row in top]})
        unions.append(f"SELECT l.unique_id AS a, r.unique_id AS b, l.person_key = r.person_key AS same FROM tt l "
                      f"JOIN tt r ON {rule} AND l.unique_id < r.unique_id")
    con.execute("CREATE TABLE cand AS " + " UNION ".join(unions))
    candidates, found = con.execute("SELECT count(*), count(*) FILTER (WHERE same) FROM cand").fetchone()
    true_pairs = con.execute("SELECT sum(n * (n - 1) / 2) FROM (SELECT count(*) AS n FROM tt GROUP BY person_key)"
                             ).fetchone()[0]
    records = con.execute("SELECT count(*) FROM t").fetchone()[0]
    return {"rules": rules, "candidate_pairs": candidates, "candidate_pairs_per_record": candidates / records,
            "recall_ceiling": found / true_pairs if true_pairs else 1.0}


def score(parquet_clusters: Path, truth: dict[str, str], root: Path | None = None) -> dict:
    """P/R/F1 and false merges; on a hard set also twin false merges and recall per trap."""
    import pyarrow.parquet as pq

    from engine.linkage.evaluate import evaluate

    table = pq.read_table(parquet_clusters)
    column = "cluster" if "cluster" in table.column_names else "cluster_id"
    cluster_of = dict(zip(table.column("unique_id").to_pylist(), table.column(column).to_pylist(), strict=True))
    out = evaluate(cluster_of, truth)
    if root is not None and (root / "truth" / "twins.csv").exists():
        out |= hard_set_report(cluster_of, truth, root)
    return out


def hard_set_report(cluster_of: dict, truth: dict[str, str], root: Path) -> dict:
    """Twin pairs sharing a person (false merges of twins), and recall of the true pairs per trap.

    A true pair's traps are everything either record's agency got wrong or out of date (truth/records.csv);
    "compound" is a pair with two or more different traps at once.
    """
    from itertools import combinations

    with open(root / "truth" / "twins.csv", newline="", encoding="utf-8") as fh:
        twins = [(row["person_key"], row["twin_key"]) for row in csv.DictReader(fh)]
    with open(root / "truth" / "records.csv", newline="", encoding="utf-8") as fh:
        traps = {f"{row['agency']}:{row['record_id']}": set(filter(None, row["traps"].split(";")))
                 for row in csv.DictReader(fh)}
    clusters_of_person: dict[str, set] = {}
    records_of_person: dict[str, list] = {}
    for uid, person in truth.items():
        if uid in cluster_of:
            clusters_of_person.setdefault(person, set()).add(cluster_of[uid])
            records_of_person.setdefault(person, []).append(uid)
    twin_merges = sum(1 for a, b in twins if clusters_of_person.get(a, set()) & clusters_of_person.get(b, set()))
    found: Counter = Counter()
    total: Counter = Counter()
    for uids in records_of_person.values():
        for a, b in combinations(uids, 2):
            kinds = traps.get(a, set()) | traps.get(b, set())
            labels = kinds | ({"compound"} if len(kinds) >= 2 else set()) | ({"none"} if not kinds else set())
            for label in labels:
                total[label] += 1
                found[label] += cluster_of[a] == cluster_of[b]
    per_trap = {label: [found[label] / total[label], total[label]] for label in sorted(total)}
    return {"twin_pairs": len(twins), "twin_false_merges": twin_merges, "recall_per_trap": per_trap}


# ---------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=20000)
    parser.add_argument("--set", choices=("synthetic", "twins", "one-source", "non-uk", "independent"),
                        default="synthetic", help="the synthetic partnership (default), a hard set from "
                        "bench/hard_sets.py, or the blind held-out set tests/heldout/linkage (scored only)")
    parser.add_argument("--people", type=int, default=20000, help="children in a hard set")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--worker", choices=("ours", "baseline"))
    parser.add_argument("--parquet", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.worker:
        fn = worker_ours if args.worker == "ours" else worker_baseline
        print(json.dumps(fn(args.parquet, args.out, args.seed, args.threads)))
        return

    if args.set == "independent":
        sys.path.insert(0, str(ROOT / "bench"))
        from heldout_linkage import run

        print(f"machine: {platform.platform()}, {os.cpu_count()} cores, python {platform.python_version()}; "
              f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        run(with_baseline=not args.no_baseline)
        return
    children = round(args.records * CHILDREN_PER_RECORD) if args.set == "synthetic" else args.people
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, python {platform.python_version()}; "
          f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    t = time.perf_counter()
    root, generated = ensure_data(children, args.seed, args.set)
    parquet, prepared = ensure_table(root)
    out = VAR / f"run-{root.name}"
    out.mkdir(parents=True, exist_ok=True)
    made = f"now in {generated:.0f} s" if generated else "earlier (cached)"
    built = f"built now in {prepared:.1f} s (column-wise, records.partnership_table)" if prepared else "cached (parquet)"
    print(f"data: {root.name} ({children} children); generated {made}; linkage table {built}; "
          f"data preparation this run {time.perf_counter() - t:.1f} s")

    ours = run_worker("ours", parquet, out, args.seed, args.threads)
    print(f"load average after our linking: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)

    truth = read_truth(root)
    blocking = blocking_report(parquet, root, args.threads)
    mine = score(out / "ours.parquet", truth, root)
    records = mine["records"]
    print(f"\nrecords: {records:,} (persons in truth: {len(set(truth.values())):,}); "
          f"loading the parquet table: {ours['load_s']:.1f} s")
    print("\n== ours (engine.linkage: Splink 5 / DuckDB, conflict-safe clustering)")
    tt = ours["train_timings"]
    print(f"time: train {ours['train_s']:.1f} s (prior {tt['prior_s']:.1f}, u {tt['u_s']:.1f}, EM {tt['em_s']:.1f}), "
          f"predict {ours['predict_s']:.1f} s, cluster {ours['cluster_s']:.1f} s; total {ours['total_s']:.1f} s")
    print(f"peak RSS (ru_maxrss of the linking process, RUSAGE_SELF; no child processes): {ours['rss_mb']:.0f} MB")
    print(f"candidate pairs per record: {blocking['candidate_pairs_per_record']:.2f} "
          f"({blocking['candidate_pairs']:,}); scored pairs at or above the review threshold: {ours['pairs_scored']:,}")
    import pyarrow.parquet as pq

    keyed = pq.read_table(parquet, columns=["unique_id", "agency_key"]).to_pydict()
    agency_keys = dict(zip(keyed["unique_id"], keyed["agency_key"], strict=True))
    print(f"blocking recall ceiling: {blocking['recall_ceiling']:.4f}; recall reachable when one agency's records "
          f"merge automatically only if they carry the same agency identifier: "
          f"{achievable_recall(truth, agency_keys):.4f} (if they never did: {achievable_recall(truth):.4f})")
    print("largest blocks per blocking rule (pairs the rule alone generates):")
    for rule in blocking["rules"]:
        print(f"  {rule['rule']}: {rule['pairs']:,} pairs; largest {rule['largest_blocks']}")
    print(f"automatic links: precision {mine['precision']:.4f}, recall {mine['recall']:.4f}, F1 {mine['f1']:.4f}")
    print(f"cluster false-merge rate: {mine['false_merge_rate'] * 100:.3f} % "
          f"({round(mine['false_merge_rate'] * mine['predicted_persons'])} of {mine['predicted_persons']:,} persons)")
    share = ours["persons_in_review"] / ours["persons"]
    print(f"review: {ours['review_items']:,} items (one per pair of persons) touching {ours['persons_in_review']:,} "
          f"persons = {share * 100:.2f} % of persons; reasons {ours['review_reasons']}")
    print(f"thresholds (match weight): auto {ours['thresholds'][0]}, review {ours['thresholds'][1]}; prior "
          f"{ours['prior']:.3g}; untrained levels: {ours['untrained_levels'] or 'none'}")
    truth_review = Counter(truth.get(a) == truth.get(b) for a, b in ours["review_pairs"])
    print(f"review items that are truly one person: {truth_review[True]:,}; different people: {truth_review[False]:,}")
    if "twin_pairs" in mine:
        print(f"twin pairs: {mine['twin_pairs']:,}; twin pairs in one person (false merges): {mine['twin_false_merges']}")
        print("recall of true pairs per trap (pairs): " + "; ".join(
            f"{k} {v[0]:.4f} ({v[1]:,})" for k, v in mine["recall_per_trap"].items()))
    summary = {"records": records, "ours": {**ours, "review_pairs": None, **mine}, "blocking": blocking}
    sys.stdout.flush()
    base = None if args.no_baseline else run_worker("baseline", parquet, out, args.seed, args.threads)
    if base:
        print(f"\nload average after the baseline: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        theirs = score(out / "baseline.parquet", truth, root)
        print("\n== plain Splink baseline (bench/splink_baseline.py)")
        print(f"time: train {base['train_s']:.1f} s, predict {base['predict_s']:.1f} s, cluster {base['cluster_s']:.1f} s; "
              f"total {base['total_s']:.1f} s; peak RSS {base['rss_mb']:.0f} MB; pairs scored {base['pairs_scored']:,}")
        print(f"precision {theirs['precision']:.4f}, recall {theirs['recall']:.4f}, F1 {theirs['f1']:.4f}, "
              f"false-merge rate {theirs['false_merge_rate'] * 100:.3f} %")
        if "twin_pairs" in theirs:
            print(f"twin pairs in one person: {theirs['twin_false_merges']}; recall per trap: " + "; ".join(
                f"{k} {v[0]:.4f}" for k, v in theirs["recall_per_trap"].items()))
        ratio = ours["total_s"] / base["total_s"]
        print(f"\ntime ratio ours / baseline: {ratio:.2f}; F1 ours {mine['f1']:.4f} vs baseline {theirs['f1']:.4f}")
        summary["baseline"] = {**base, **theirs}
        summary["ratio"] = ratio
    checks = {} if args.set == "synthetic" else {"twin false merges 0": mine.get("twin_false_merges") == 0}
    checks |= {
        "total <= 60 s": ours["total_s"] <= 60,
        "peak RSS <= 4 GB": ours["rss_mb"] <= 4096,
        "precision >= 0.998": mine["precision"] >= 0.998,
        "F1 >= 0.99": mine["f1"] >= 0.99,
        "false-merge rate <= 0.2 %": mine["false_merge_rate"] <= 0.002,
        "review <= 5 % of persons": share <= 0.05,
    }
    if base:
        checks["ratio <= 1.0 with higher F1"] = summary["ratio"] <= 1.0 and mine["f1"] > summary["baseline"]["f1"]
        checks["F1 above the baseline's"] = mine["f1"] > summary["baseline"]["f1"]
    print("\ntargets: " + "; ".join(f"{k}: {'met' if v else 'NOT met'}" for k, v in checks.items()))
    (out / "summary.json").write_text(json.dumps(summary, indent=1, default=str))


if __name__ == "__main__":
    main()
