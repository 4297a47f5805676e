"""The blind held-out identity set (tests/heldout/linkage/), linked as a partnership would and scored.

    .venv/bin/python bench/linkage.py --set independent

SCORED ONLY, NEVER TUNED ON: nothing in engine/ may be changed because of a figure this prints. The set
(1,536 records, 603 people, six sources; its README.md says how it was made) was written without the
project's code, so it tests the linker on data the generator did not shape.

Each source file is read through `SOURCES` below: which agency it is, what kind (which says which
identifier is the agency's own, `engine.linkage.records.AGENCY_IDENTIFIER`) and which of its columns
hold which canonical field. The files are never edited; formatting differences (capitals, NHS numbers
in display form, postcodes without a space or only in the address, youth-service partial addresses) are
left for the engine to read, as it would read them from a real agency.

Linking follows `joinedup.linkage.services.relink` for a partnership of this size (fewer than
`MIN_TRAINING_RECORDS`): the shipped default model with its prior estimated on these records, every pair
at or above the review threshold scored, conflict-safe clustering, one review item per pair of persons.
Plain Splink (bench/splink_baseline.py) runs on the same linkage table in the same run.

Scored: pairwise precision / recall / F1 against truth.csv; clusters holding more than one person
(false merges); share of predicted persons in review; and per kind of hard case (hard_cases.csv) how many
pairs ended in one person, in review, or apart, with look-alike kinds (different people) also counted per
pair of people (a twin pair seen by four agencies is 16 record pairs but one pair of children).
"""

from __future__ import annotations

import csv
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HELDOUT = ROOT / "tests" / "heldout" / "linkage"

# The canonical people fields (engine.ingest names) the linkage table is built from.
CANONICAL = ("record_id", "forename", "middle_names", "surname", "former_surnames", "date_of_birth", "sex",
             "address", "postcode", "nhs_number", "upn", "police_id", "la_child_id")


@dataclass(frozen=True)
class Source:
    """One source file: the agency it is, its kind and where each canonical field is in it."""

    file: str
    agency: str
    kind: str                        # joinedup AgencyKind: which identifier is the agency's own
    columns: dict[str, str]          # canonical field -> column in the file
    note: str


def _same(*fields: str) -> dict[str, str]:
    return {f: f for f in fields}


_NAMES = ("record_id", "forename", "middle_names", "surname", "former_surnames", "date_of_birth", "sex", "address",
          "postcode")
# Only the columns a source actually holds are mapped; the others are left empty on purpose (a GP file's
# `upn` column is blank, not missing data).
SOURCES: tuple[Source, ...] = (
    Source("police.csv", "police", "police", _same(*_NAMES, "police_id"),
           "force nominals; police_id (WY + 8 digits) is the agency's own identifier; surnames and addresses in "
           "capitals, sex sometimes U (read as unknown)"),
    Source("health_gp.csv", "health_gp", "health", _same(*_NAMES, "nhs_number"),
           "GP registrations; NHS number is the agency's own identifier; the practice code is part of record_id"),
    Source("health_ed.csv", "health_ed", "health", _same(*_NAMES, "nhs_number"),
           "ED attendances at two trusts; NHS number in display form (spaces, read as digits), missing on about a "
           "fifth, so an attendance without one is its own record to the trust"),
    Source("school.csv", "school", "school", _same(*_NAMES, "upn"),
           "school census for both local authorities, read as one agency; UPN is the agency's own identifier"),
    Source("csc.csv", "csc", "social_care", _same(*_NAMES, "nhs_number", "upn", "la_child_id"),
           "children's social care, both local authorities; LA child id is the agency's own identifier, NHS "
           "number and UPN held on some records; postcode sometimes only inside the address text"),
    Source("youth.csv", "youth", "youth", _same(*_NAMES),
           "youth service registrations: no identifier; what the young person said (nicknames, partial addresses, "
           "postcode district only, sex often blank)"),
)


def read_source(source: Source, folder: Path = HELDOUT) -> list[dict]:
    """The file's rows as canonical people values (every row kept; blanks become None)."""
    with open(folder / source.file, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        missing = sorted(set(source.columns.values()) - set(reader.fieldnames or ()))
        if missing:
            raise SystemExit(f"{source.file}: columns {missing} not found (has {reader.fieldnames})")
        rows = []
        for row in reader:
            values = {field: (row[column].strip() or None) for field, column in source.columns.items()}
            if values.get("former_surnames"):
                values["former_surnames"] = [values["former_surnames"]]
            rows.append(values)
    return rows


def linkage_records(folder: Path = HELDOUT) -> list[dict]:
    from engine.linkage.records import linkage_record

    return [linkage_record(s.agency, values, s.kind) for s in SOURCES for values in read_source(s, folder)]


def read_truth(folder: Path = HELDOUT) -> dict[str, str]:
    agency = {s.file.removesuffix(".csv"): s.agency for s in SOURCES}
    with open(folder / "truth.csv", newline="", encoding="utf-8") as fh:
        return {f"{agency[r['source']]}:{r['record_id']}": r["person"] for r in csv.DictReader(fh)}


def read_hard_cases(folder: Path = HELDOUT) -> list[dict]:
    agency = {s.file.removesuffix(".csv"): s.agency for s in SOURCES}
    with open(folder / "hard_cases_detail.csv", newline="", encoding="utf-8") as fh:
        return [{"kind": r["kind"], "a": f"{agency[r['source_a']]}:{r['record_id_a']}",
                 "b": f"{agency[r['source_b']]}:{r['record_id_b']}", "same": r["same_person"] == "Y",
                 "by_identifier": bool(r["shared_valid_identifier"])} for r in csv.DictReader(fh)]


# ---------------------------------------------------------------- linking


def link_engine(records: list[dict]) -> dict:
    """As `joinedup.linkage.services.relink` links a partnership of this size (the default model)."""
    from engine.linkage import cluster, predict
    from engine.linkage.clusters import one_item_per_pair_of_persons
    from engine.linkage.config import DEFAULT_CONFIG as config
    from engine.linkage.default_model import adapted, cannot_train, default_model

    started = time.perf_counter()
    model = adapted(default_model(), records, config)
    pairs = predict(model, records, threshold=config.review_threshold, config=config)
    result = cluster(pairs, config.auto_threshold, config.review_threshold, records=records)
    review = one_item_per_pair_of_persons(result.review, result.cluster_of)
    return {"cluster_of": result.cluster_of, "review": review, "pairs": len(pairs), "seconds":
            time.perf_counter() - started, "model": f"default model ({cannot_train(len(records))}), prior "
            f"{model.model['probability_two_random_records_match']:.3g}"}


def link_baseline(records: list[dict]) -> dict:
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    from splink_baseline import link

    from engine.linkage.splink_adapter import _table

    result = link(_table(records), threads=2, seed=1)
    clusters = result["clusters"].to_pydict()
    return {"cluster_of": dict(zip(clusters["unique_id"], map(str, clusters["cluster_id"]), strict=True)),
            "review": [], "pairs": result["pairs"], "seconds": result["timings"]["total_s"]}


# ---------------------------------------------------------------- scoring


def score(linked: dict, truth: dict[str, str], hard: list[dict]) -> dict:
    from engine.linkage.evaluate import evaluate

    cluster_of = linked["cluster_of"]
    out = evaluate(cluster_of, truth)
    members: dict[str, list[str]] = {}
    for uid, cid in cluster_of.items():
        members.setdefault(cid, []).append(uid)
    out["false_merges"] = sum(len({truth[u] for u in group}) > 1 for group in members.values())
    in_review = {cluster_of[u] for item in linked["review"] for u in (item.uid_l, item.uid_r)}
    out["persons_in_review"] = len(in_review)
    out["review_share"] = len(in_review) / len(members) if members else 0.0
    review_keys = {frozenset((cluster_of[i.uid_l], cluster_of[i.uid_r])) for i in linked["review"]}
    kinds: dict[str, Counter] = {}
    groups: dict[str, dict[frozenset, str]] = {}  # kind -> pair of people -> worst outcome
    rank = {"apart": 0, "review": 1, "one person": 2}
    for case in hard:
        ca, cb = cluster_of[case["a"]], cluster_of[case["b"]]
        outcome = "one person" if ca == cb else "review" if frozenset((ca, cb)) in review_keys else "apart"
        counts = kinds.setdefault(case["kind"], Counter())
        counts[(case["same"], outcome)] += 1
        if case["same"] and not case["by_identifier"]:
            counts[("demographic", outcome)] += 1
        if not case["same"]:
            people = frozenset((truth[case["a"]], truth[case["b"]]))
            seen = groups.setdefault(case["kind"], {})
            if people not in seen or rank[outcome] > rank[seen[people]]:
                seen[people] = outcome
    out["hard"] = {kind: dict(counts) for kind, counts in kinds.items()}
    out["hard_people"] = {kind: Counter(seen.values()) for kind, seen in groups.items()}
    return out


def _hard_lines(mine: dict, theirs: dict | None) -> list[str]:
    lines = ["per kind of hard case (hard_cases.csv): same-person kinds: pairs in one person / in review / apart "
             "(recall; and without a shared valid identifier); different-people kinds: pairs of people merged / "
             "in review / apart"]
    for kind in sorted(mine["hard"], key=lambda k: (not any(s for s, _ in mine["hard"][k] if s is True), k)):
        counts = mine["hard"][kind]
        same = sum(v for (s, _), v in counts.items() if s is True)
        if same:
            one, rev, apart = (counts.get((True, o), 0) for o in ("one person", "review", "apart"))
            demo = sum(v for (s, _), v in counts.items() if s == "demographic")
            demo_one = counts.get(("demographic", "one person"), 0)
            line = (f"  {kind:26} Y {same:3}: {one:3} / {rev:3} / {apart:3}  recall {one / same:.3f}; "
                    f"demographic {demo_one}/{demo}")
            if theirs:
                base = theirs["hard"].get(kind, {})
                line += f"  | plain Splink recall {base.get((True, 'one person'), 0) / same:.3f}"
            lines.append(line)
        if kind in mine["hard_people"]:
            people = mine["hard_people"][kind]
            total = sum(people.values())
            line = (f"  {kind:26} N {total:3} pairs of people: {people['one person']:3} / {people['review']:3} / "
                    f"{people['apart']:3}  (record pairs merged {counts.get((False, 'one person'), 0)}, in review "
                    f"{counts.get((False, 'review'), 0)})")
            if theirs:
                line += f"  | plain Splink merged {theirs['hard_people'][kind]['one person']}"
            lines.append(line)
    return lines


def run(with_baseline: bool = True) -> dict:
    import os

    t = time.perf_counter()
    records = linkage_records()
    truth = read_truth()
    hard = read_hard_cases()
    lost = set(truth) ^ {r["unique_id"] for r in records}
    print(f"held-out set: {HELDOUT.relative_to(ROOT)}: {len(records):,} records from {len(SOURCES)} sources, "
          f"{len(set(truth.values()))} people, {len(hard)} hard pairs; records not matching truth.csv: {len(lost)}; "
          f"read in {time.perf_counter() - t:.1f} s")
    ours = link_engine(records)
    mine = score(ours, truth, hard)
    print(f"\n== ours (engine.linkage as a partnership of this size links: {ours['model']})")
    print(f"time {ours['seconds']:.1f} s; pairs scored at or above the review threshold {ours['pairs']:,}")
    print(f"precision {mine['precision']:.4f}, recall {mine['recall']:.4f}, F1 {mine['f1']:.4f}; false merges "
          f"{mine['false_merges']} of {mine['predicted_persons']} persons; review {len(ours['review'])} items "
          f"touching {mine['persons_in_review']} persons = {mine['review_share'] * 100:.2f} % of persons; reasons "
          f"{dict(Counter(i.reason for i in ours['review']))}")
    truly = Counter(truth[i.uid_l] == truth[i.uid_r] for i in ours["review"])
    print(f"review items that are truly one person: {truly[True]}; different people: {truly[False]}")
    theirs = None
    if with_baseline:
        base = link_baseline(records)
        theirs = score(base, truth, hard)
        print(f"\n== plain Splink baseline (bench/splink_baseline.py), same linkage table\ntime {base['seconds']:.1f} s; "
              f"precision {theirs['precision']:.4f}, recall {theirs['recall']:.4f}, F1 {theirs['f1']:.4f}; "
              f"false merges {theirs['false_merges']} of {theirs['predicted_persons']} persons")
    print()
    print("\n".join(_hard_lines(mine, theirs)))
    print(f"\nload average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return {"ours": mine, "baseline": theirs}
