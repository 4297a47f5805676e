"""Score linkage against synthetic ground truth (truth/records.csv): pairwise and cluster metrics."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable, Mapping
from itertools import combinations
from pathlib import Path

__all__ = ["evaluate", "read_truth"]


def read_truth(root: str | Path) -> dict[str, str]:
    with open(Path(root) / "truth" / "records.csv", newline="", encoding="utf-8") as fh:
        return {f"{row['agency']}:{row['record_id']}": row["person_key"] for row in csv.DictReader(fh)}


def evaluate(cluster_of: Mapping[str, str], truth: Mapping[str, str],
             candidate_pairs: Iterable[tuple[str, str]] = ()) -> dict[str, float]:
    """Pairwise precision/recall/F1 of the clustering's links, false-merge rate, blocking recall ceiling."""
    ids = [u for u in cluster_of if u in truth]
    true_pairs = sum(n * (n - 1) // 2 for n in Counter(truth[u] for u in ids).values())
    members: dict[str, list[str]] = {}
    for u in ids:
        members.setdefault(cluster_of[u], []).append(u)
    predicted = correct = 0
    false_merges = 0
    for group in members.values():
        persons = {truth[u] for u in group}
        false_merges += len(persons) > 1
        for a, b in combinations(group, 2):
            predicted += 1
            correct += truth[a] == truth[b]
    precision = correct / predicted if predicted else 1.0
    recall = correct / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    found = {tuple(sorted(p)) for p in candidate_pairs if p[0] in truth and p[1] in truth and truth[p[0]] == truth[p[1]]}
    return {
        "records": len(ids),
        "true_pairs": true_pairs,
        "predicted_pairs": predicted,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "predicted_persons": len(members),
        "false_merge_rate": false_merges / len(members) if members else 0.0,
        "pair_recall_ceiling": len(found) / true_pairs if true_pairs else 1.0,
    }
