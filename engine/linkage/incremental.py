"""Incremental linking: match newly arrived records against existing ones without relinking everything.

Splink 5 scores the new records against the existing ones with `predict_between` (pairs new–existing,
never existing–existing) and among themselves with `predict_within`, under the stored model and its
blocking rules. `assign` then places each new record with the same safety as a full relink: the
existing persons seed the conflict-safe union-find of `clusters.cluster` whole, so a new record joins a
person automatically only above the automatic threshold and never across a conflict (two NHS numbers,
two UPNs, two records of one agency) or a reviewer's cannot-link; review-band and conflicting pairs
become review items.

    pairs = match(model, existing_records, new_records, threshold=4.0)
    placed = assign(pairs, new_records, existing_records_of_touched_persons, persons, 10.0, 4.0)
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from engine.linkage.clusters import ClusterResult, ReviewItem, cluster
from engine.linkage.config import DEFAULT_CONFIG, LinkageConfig
from engine.linkage.splink_adapter import Pair, TrainedModel, _db, _labels, _table, prediction_settings

__all__ = ["Assignment", "assign", "match"]


def _arrow(records):
    """A pyarrow table of linkage records (passed through when it already is one)."""
    return records if hasattr(records, "num_rows") else _table(records)


def _count(records) -> int:
    return records.num_rows if hasattr(records, "num_rows") else len(records)


def _pairs(rows: Iterable[Mapping[str, Any]], labels: Mapping[str, Mapping[int, str]]) -> list[Pair]:
    pairs = []
    for row in rows:
        breakdown = {}
        for name, mapping in labels.items():
            gamma = row.get(f"gamma_{name}")
            breakdown[name] = (mapping.get(gamma, str(gamma)), round(float(row.get(f"mw_{name}") or 0.0), 3))
        left, right = sorted((row["unique_id_l"], row["unique_id_r"]))
        pairs.append(Pair(left, right, float(row["match_weight"]), float(row["match_probability"]), breakdown))
    return pairs


def match(model: TrainedModel, existing, new, threshold: float = 0.0,
          config: LinkageConfig = DEFAULT_CONFIG) -> list[Pair]:
    """Scored pairs (weight ≥ threshold, with their breakdown) between new and existing records and among the new.

    `existing` and `new` are linkage records (`records.linkage_record`) or pyarrow tables of them; a
    record in both is treated as new. Existing–existing pairs are never scored.
    """
    import pyarrow as pa
    from splink import Linker

    if not _count(new):
        return []
    new_table = _arrow(new)
    existing_table = _arrow(existing)
    new_ids = set(new_table.column("unique_id").to_pylist())
    if existing_table.num_rows:
        import pyarrow.compute as pc

        keep = pc.invert(pc.is_in(existing_table.column("unique_id"), value_set=pa.array(sorted(new_ids))))
        existing_table = existing_table.filter(keep)
    db_api = _db(config)
    new_sdf = db_api.register(new_table, dataset_display_name="new_records")
    held = pa.concat_tables([existing_table, new_table]) if existing_table.num_rows else new_table
    linker = Linker(new_sdf, prediction_settings(model.model, held), log_level=logging.ERROR)  # rules from fields held
    labels = _labels(model.model)
    pairs: list[Pair] = []
    if existing_table.num_rows:
        existing_sdf = db_api.register(existing_table, dataset_display_name="existing_records")
        between = linker.inference.predict_between(existing_sdf, new_sdf, threshold_match_weight=threshold,
                                                   warning_mode="never")
        pairs += _pairs(between.as_record_list(), labels)
    if new_table.num_rows > 1:
        within = linker.inference.predict_within(new_sdf, threshold_match_weight=threshold, warning_mode="never")
        pairs += _pairs(within.as_record_list(), labels)
    unique = {}
    for pair in pairs:
        unique.setdefault((pair.uid_l, pair.uid_r), pair)
    return list(unique.values())


@dataclass(frozen=True)
class Assignment:
    """Where each new record goes: an existing person, a new person, and the pairs a person must decide."""

    result: ClusterResult
    joined: dict[str, str] = field(default_factory=dict)       # new uid → existing person key it joined
    bridged: dict[str, list[str]] = field(default_factory=dict)  # new uid → existing persons it joined together
    new_persons: list[list[str]] = field(default_factory=list)   # clusters of new records only (one new person each)
    review: list[ReviewItem] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        linked = set(self.joined)
        in_review = {uid for item in self.review for uid in (item.uid_l, item.uid_r)}
        new_uids = linked | {uid for group in self.new_persons for uid in group}
        return {
            "linked_automatically": len(linked),
            "sent_to_review": len((in_review & new_uids) - linked),
            "new_persons": len(self.new_persons),
            "review_items": len(self.review),
        }


def assign(pairs: Iterable[Pair], new: Sequence[Mapping[str, Any]], existing: Mapping[str, Mapping[str, Any]]
           | Iterable[Mapping[str, Any]], persons: Mapping[str, Iterable[str]], auto_threshold: float,
           review_threshold: float, cannot_link: Iterable[tuple[str, str]] = (),
           must_link: Iterable[tuple[str, str]] = (), same_agency_conflict: bool = True,
           new_groups: Iterable[Iterable[str]] = ()) -> Assignment:
    """Place each new record with an existing person or a new one, as safely as `clusters.cluster`.

    `persons` maps each existing person's key to the unique ids of all its records; `existing` holds
    those records (agency, record_id, agency key, NHS number, UPN) so that a new record is checked for conflicts
    against everything the person holds, not just the record it matched. `new_groups` are new records
    already known to be one person (e.g. sharing an NHS number). A new record whose cluster takes in
    more than one existing person joins them (`bridged`), exactly as a full relink would.
    """
    if not isinstance(existing, Mapping):
        existing = {r["unique_id"]: r for r in existing}
    new_ids = [r["unique_id"] for r in new]
    records = {**existing, **{r["unique_id"]: r for r in new}}
    person_of = {uid: key for key, members in persons.items() for uid in members}
    result = cluster(pairs, auto_threshold, review_threshold, cannot_link=cannot_link, must_link=must_link,
                     records=records, same_agency_conflict=same_agency_conflict,
                     groups=[*persons.values(), *new_groups])
    members = result.clusters()
    joined, bridged, new_persons, seen = {}, {}, [], set()
    for uid in new_ids:
        cid = result.cluster_of[uid]
        keys = sorted({person_of[m] for m in members[cid] if m in person_of})
        if keys:
            joined[uid] = keys[0]
            if len(keys) > 1:
                bridged[uid] = keys
        elif cid not in seen:
            seen.add(cid)
            new_persons.append(members[cid])
    return Assignment(result=result, joined=joined, bridged=bridged, new_persons=new_persons, review=result.review)
