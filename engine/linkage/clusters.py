"""Safe clustering of scored pairs: a union-find that never merges across a conflict or a cannot-link.

Edges are taken strongest first. An edge at or above the automatic threshold merges its two clusters
unless the merged cluster would hold two different NHS numbers, two different UPNs, two records of one
agency with different record ids (optional), or a cannot-link pair; such an edge goes to review instead,
so one wrong edge (or a chain of them) can never fuse two children. Edges in the review band whose ends
are not already in one cluster go to review too. Must-link constraints are applied first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ClusterResult", "ReviewItem", "cluster"]


@dataclass(frozen=True)
class ReviewItem:
    uid_l: str
    uid_r: str
    match_weight: float
    reason: str  # "review band", or the conflict that stopped an automatic merge


@dataclass(frozen=True)
class ClusterResult:
    cluster_of: dict[str, str]                  # unique_id → cluster id (the smallest member id)
    review: list[ReviewItem] = field(default_factory=list)
    refused_must_links: list[tuple[str, str, str]] = field(default_factory=list)

    def clusters(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for uid, cid in self.cluster_of.items():
            out.setdefault(cid, []).append(uid)
        return {cid: sorted(members) for cid, members in out.items()}


class _State:
    def __init__(self, nodes: Iterable[str], records: Mapping[str, Mapping[str, Any]], same_agency: bool,
                 cannot_link: Iterable[tuple[str, str]]):
        self.parent: dict[str, str] = {}
        self.members: dict[str, set[str]] = {}
        self.nhs: dict[str, set[str]] = {}
        self.upn: dict[str, set[str]] = {}
        self.agency_ids: dict[str, dict[str, set[str]]] = {}
        self.forbidden: dict[str, set[str]] = {}
        self.records = records
        self.same_agency = same_agency
        for node in nodes:
            self.add(node)
        for a, b in cannot_link:
            self.add(a)
            self.add(b)
            self.forbidden[a].add(b)
            self.forbidden[b].add(a)

    def add(self, node: str) -> None:
        if node in self.parent:
            return
        record = self.records.get(node, {})
        self.parent[node] = node
        self.members[node] = {node}
        self.nhs[node] = {record["nhs_number"]} if record.get("nhs_number") else set()
        self.upn[node] = {record["upn"]} if record.get("upn") else set()
        agency = record.get("agency")
        self.agency_ids[node] = {agency: {record.get("record_id") or node}} if agency else {}
        self.forbidden[node] = set()

    def find(self, node: str) -> str:
        root = node
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[node] != root:
            self.parent[node], node = root, self.parent[node]
        return root

    def conflict(self, a: str, b: str) -> str | None:
        if self.nhs[a] and self.nhs[b] and self.nhs[a] != self.nhs[b]:
            return "conflict: different NHS numbers"
        if self.upn[a] and self.upn[b] and self.upn[a] != self.upn[b]:
            return "conflict: different UPNs"
        if self.same_agency:
            for agency, ids in self.agency_ids[a].items():
                other = self.agency_ids[b].get(agency)
                if other and other != ids:
                    return f"conflict: two {agency} records"
        small, large = (a, b) if len(self.members[a]) <= len(self.members[b]) else (b, a)
        if any(self.forbidden[m] & self.members[large] for m in self.members[small]):
            return "cannot-link"
        return None

    def union(self, a: str, b: str) -> None:
        if len(self.members[a]) < len(self.members[b]):
            a, b = b, a
        self.parent[b] = a
        self.members[a] |= self.members.pop(b)
        self.nhs[a] |= self.nhs.pop(b)
        self.upn[a] |= self.upn.pop(b)
        for agency, ids in self.agency_ids.pop(b).items():
            self.agency_ids[a].setdefault(agency, set()).update(ids)


def _edge(pair: Any) -> tuple[str, str, float]:
    if isinstance(pair, tuple):
        return pair[0], pair[1], float(pair[2])
    return pair.uid_l, pair.uid_r, float(pair.match_weight)


def cluster(pairs: Iterable[Any], auto_threshold: float, review_threshold: float,
            cannot_link: Iterable[tuple[str, str]] = (), must_link: Iterable[tuple[str, str]] = (),
            records: Mapping[str, Mapping[str, Any]] | Iterable[Mapping[str, Any]] = (),
            same_agency_conflict: bool = True, must_link_overrides_conflicts: bool = False) -> ClusterResult:
    """Cluster `pairs` (Pair objects or (uid_l, uid_r, weight) tuples).

    `records` (unique_id → record, or an iterable of linkage records) supplies agency, record_id,
    nhs_number and upn for conflict checks; every record in it appears in the result, linked or not.
    Must-links are applied first; one that would join a cannot-link pair, or (unless
    `must_link_overrides_conflicts`) two different NHS numbers / UPNs / same-agency records, is refused
    and listed in `refused_must_links`.
    """
    if not isinstance(records, Mapping):
        records = {r["unique_id"]: r for r in records}
    edges = sorted((_edge(p) for p in pairs), key=lambda e: (-e[2], e[0], e[1]))
    nodes = list(records)
    for a, b, _ in edges:
        nodes += [a, b]
    state = _State(dict.fromkeys(nodes), records, same_agency_conflict, cannot_link)
    refused = []
    for a, b in must_link:
        state.add(a)
        state.add(b)
        ra, rb = state.find(a), state.find(b)
        if ra == rb:
            continue
        reason = state.conflict(ra, rb)
        if reason == "cannot-link" or (reason and not must_link_overrides_conflicts):
            refused.append((a, b, reason))  # kept apart and surfaced for a person to resolve
        else:
            state.union(ra, rb)
    review = []
    deferred = []
    for a, b, weight in edges:
        if weight < review_threshold:
            break
        if weight < auto_threshold:
            deferred.append((a, b, weight))
            continue
        ra, rb = state.find(a), state.find(b)
        if ra == rb:
            continue
        reason = state.conflict(ra, rb)
        if reason:
            review.append(ReviewItem(a, b, weight, reason))
        else:
            state.union(ra, rb)
    for a, b, weight in deferred:
        if state.find(a) != state.find(b):
            review.append(ReviewItem(a, b, weight, "review band"))
    roots: dict[str, str] = {}
    for node in state.parent:
        root = state.find(node)
        roots[root] = min(roots.get(root, node), node)
    cluster_of = {node: roots[state.find(node)] for node in state.parent}
    return ClusterResult(cluster_of=cluster_of, review=review, refused_must_links=refused)
