"""Safe clustering of scored pairs: a union-find that never merges across a conflict or a cannot-link.

Edges are taken strongest first. An edge at or above the automatic threshold merges its two clusters
unless the merged cluster would hold two different NHS numbers, two different UPNs, two records of one
agency that the agency itself tells apart (optional: they do not carry the same agency identifier,
`records.AGENCY_IDENTIFIER`, e.g. two police records with their own police ids, or a hospital's two
records with no NHS number or different ones; unless neither carries the agency's identifier and the edge
reaches the stricter `LinkageConfig.same_agency_threshold`: one agency's own duplicates), or a cannot-link
pair; such an edge goes to review instead,
so one wrong edge (or a chain of them) can never fuse two children. Clusters that
`engine.linkage.twins` proves two children (twins, siblings, two valid NHS numbers) are kept apart without
a review item. Edges in the review band whose ends
are not already in one cluster go to review too. Must-link constraints are applied first.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from engine.linkage.config import DEFAULT_CONFIG
from engine.linkage.twins import DIFFERENT, Apart, valid_identifier

__all__ = ["ClusterResult", "ReviewItem", "TableClusterResult", "cluster", "cluster_table", "one_item_per_pair_of_persons"]


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
    # scored pairs decided automatically as two children (engine.linkage.twins): (uid_l, uid_r, why)
    kept_apart: list[tuple[str, str, str]] = field(default_factory=list)

    def clusters(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for uid, cid in self.cluster_of.items():
            out.setdefault(cid, []).append(uid)
        return {cid: sorted(members) for cid, members in out.items()}


class _State:
    def __init__(self, nodes: Iterable[str], records: Mapping[str, Mapping[str, Any]], same_agency: bool,
                 cannot_link: Iterable[tuple[str, str]], same_agency_threshold: float = math.inf):
        self.parent: dict[str, str] = {}
        self.members: dict[str, set[str]] = {}
        self.nhs: dict[str, set[str]] = {}
        self.upn: dict[str, set[str]] = {}
        self.agency_ids: dict[str, dict[str, set[str]]] = {}
        self.forbidden: dict[str, set[str]] = {}
        self.records = records
        self.same_agency = same_agency
        self.same_agency_threshold = same_agency_threshold
        self.apart = Apart()
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
        self.agency_ids[node] = {agency: {_identity(record, node)}} if agency else {}
        self.forbidden[node] = set()
        self.apart.add(node, record)

    def find(self, node: str) -> str:
        root = node
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[node] != root:
            self.parent[node], node = root, self.parent[node]
        return root

    def conflict(self, a: str, b: str, automatic: bool = True, weight: float = -math.inf) -> str | None:
        """Why clusters `a` and `b` cannot merge automatically (or, with `automatic` false, even on a
        reviewer's must-link: then the twins rule does not apply), or None. `weight` is the edge's match
        weight: at or above the same-agency threshold, one agency's records without its identifier merge."""
        different = self.apart.reason(a, b) if automatic else None
        if different:
            return different
        if self.nhs[a] and self.nhs[b] and self.nhs[a] != self.nhs[b]:
            return "conflict: different NHS numbers"
        if self.upn[a] and self.upn[b] and self.upn[a] != self.upn[b]:
            return "conflict: different UPNs"
        if self.same_agency:
            for agency, ids in self.agency_ids[a].items():
                other = self.agency_ids[b].get(agency)
                if other and other != ids and not (weight >= self.same_agency_threshold and _keyless(ids | other)):
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
        self.apart.union(a, b)


def _keyless(identities: Iterable[tuple[str, str]]) -> bool:
    """None of these records carries its agency's own identifier."""
    return all(kind == "record" for kind, _ in identities)


def _identity(record: Mapping[str, Any], node: str) -> tuple[str, str]:
    """Who a record is to its own agency: its agency identifier if it carries one, else the record itself."""
    key = record.get("agency_key")
    return ("key", key) if key else ("record", record.get("record_id") or node)


def _edge(pair: Any) -> tuple[str, str, float]:
    if isinstance(pair, tuple):
        return pair[0], pair[1], float(pair[2])
    return pair.uid_l, pair.uid_r, float(pair.match_weight)


def cluster(pairs: Iterable[Any], auto_threshold: float, review_threshold: float,
            cannot_link: Iterable[tuple[str, str]] = (), must_link: Iterable[tuple[str, str]] = (),
            records: Mapping[str, Mapping[str, Any]] | Iterable[Mapping[str, Any]] = (),
            same_agency_conflict: bool = True, must_link_overrides_conflicts: bool = False,
            groups: Iterable[Iterable[str]] = (),
            same_agency_threshold: float = DEFAULT_CONFIG.same_agency_threshold) -> ClusterResult:
    """Cluster `pairs` (Pair objects or (uid_l, uid_r, weight) tuples).

    `records` (unique_id → record, or an iterable of linkage records) supplies agency, record_id,
    nhs_number and upn for conflict checks; every record in it appears in the result, linked or not.
    Must-links are applied first; one that would join a cannot-link pair, or (unless
    `must_link_overrides_conflicts`) two different NHS numbers / UPNs / same-agency records, is refused
    and listed in `refused_must_links`.

    `groups` seeds the union-find with clusters that already exist (e.g. the persons new records are
    matched against in incremental linking): each group is joined as it stands, before the must-links,
    and later edges are checked for conflicts against the whole group.
    """
    if not isinstance(records, Mapping):
        records = {r["unique_id"]: r for r in records}
    edges = sorted((_edge(p) for p in pairs), key=lambda e: (-e[2], e[0], e[1]))
    nodes = list(records)
    for a, b, _ in edges:
        nodes += [a, b]
    state = _State(dict.fromkeys(nodes), records, same_agency_conflict, cannot_link, same_agency_threshold)
    for group in groups:
        members = list(group)
        for member in members:
            state.add(member)
        for other in members[1:]:
            ra, rb = state.find(members[0]), state.find(other)
            if ra != rb:
                state.union(ra, rb)
    refused = []
    for a, b in must_link:
        state.add(a)
        state.add(b)
        ra, rb = state.find(a), state.find(b)
        if ra == rb:
            continue
        reason = state.conflict(ra, rb, automatic=False)  # a reviewer's "same" outweighs the twins rule
        if reason == "cannot-link" or (reason and not must_link_overrides_conflicts):
            refused.append((a, b, reason))  # kept apart and surfaced for a person to resolve
        else:
            state.union(ra, rb)
    review = []
    deferred = []
    kept_apart: list[tuple[str, str, str]] = []
    for a, b, weight in edges:
        if weight < review_threshold:
            break
        if weight < auto_threshold:
            deferred.append((a, b, weight))
            continue
        ra, rb = state.find(a), state.find(b)
        if ra == rb:
            continue
        reason = state.conflict(ra, rb, weight=weight)
        if reason and reason.startswith(DIFFERENT):
            kept_apart.append((a, b, reason))  # decided: two children, not a question for a person
        elif reason:
            review.append(ReviewItem(a, b, weight, reason))
        else:
            state.union(ra, rb)
    for a, b, weight in deferred:
        ra, rb = state.find(a), state.find(b)
        if ra == rb:
            continue
        different = state.apart.reason(ra, rb)
        if different:
            kept_apart.append((a, b, different))
        else:
            review.append(ReviewItem(a, b, weight, "review band"))
    roots: dict[str, str] = {}
    for node in state.parent:
        root = state.find(node)
        roots[root] = min(roots.get(root, node), node)
    cluster_of = {node: roots[state.find(node)] for node in state.parent}
    return ClusterResult(cluster_of=cluster_of, review=review, refused_must_links=refused, kept_apart=kept_apart)


def one_item_per_pair_of_persons(review: Iterable[ReviewItem], cluster_of: Mapping[str, str]) -> list[ReviewItem]:
    """Keep, for each pair of predicted persons, only its strongest review item.

    A same-agency duplicate (two records one agency holds for one child) meets every record of the other
    person; a reviewer decides it once, not once per record.
    """
    best: dict[tuple[str, str], ReviewItem] = {}
    for item in review:
        a, b = cluster_of.get(item.uid_l, item.uid_l), cluster_of.get(item.uid_r, item.uid_r)
        key = (a, b) if a <= b else (b, a)
        if key not in best or item.match_weight > best[key].match_weight:
            best[key] = item
    return sorted(best.values(), key=lambda r: (-r.match_weight, r.uid_l, r.uid_r))


class TableClusterResult:
    """`cluster_table`'s result: a cluster index per record (arrays), review items, refused must-links.

    Offers the same `cluster_of`, `clusters()`, `review` and `refused_must_links` as `ClusterResult`;
    a cluster's id is the unique id of its first record in the records table.
    """

    def __init__(self, unique_ids: list[str], root, review: list[ReviewItem], refused: list[tuple[str, str, str]],
                 kept_apart: int = 0):
        self.unique_ids = unique_ids
        self.kept_apart = kept_apart  # scored pairs decided automatically as two children (engine.linkage.twins)
        self.root = root  # numpy int array: the index of each record's cluster representative
        self.review = review
        self.refused_must_links = refused
        self._cluster_of: dict[str, str] | None = None

    @property
    def cluster_of(self) -> dict[str, str]:
        if self._cluster_of is None:
            ids = self.unique_ids
            self._cluster_of = dict(zip(ids, (ids[r] for r in self.root.tolist()), strict=True))
        return self._cluster_of

    def clusters(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for uid, cid in self.cluster_of.items():
            out.setdefault(cid, []).append(uid)
        return {cid: sorted(members) for cid, members in out.items()}

    @property
    def persons(self) -> int:
        import numpy as np

        return int(np.unique(self.root).size)

    def persons_in_review(self) -> int:
        index = {u: i for i, u in enumerate(self.unique_ids)} if self.review else {}
        roots = self.root
        return len({int(roots[index[u]]) for item in self.review for u in (item.uid_l, item.uid_r)})


def _dictionary(column) -> list:
    """The distinct values of a pyarrow column in the order of its `_codes`."""
    import pyarrow.compute as pc

    return pc.dictionary_encode(column.combine_chunks() if hasattr(column, "combine_chunks") else column
                                ).dictionary.to_pylist()


def _codes(column) -> list[int]:
    """Dictionary codes of a pyarrow column, -1 for null."""
    import pyarrow.compute as pc

    encoded = pc.dictionary_encode(column.combine_chunks() if hasattr(column, "combine_chunks") else column)
    return pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False).tolist()


def cluster_table(pairs, records, auto_threshold: float, review_threshold: float,
                  cannot_link: Iterable[tuple[str, str]] = (), must_link: Iterable[tuple[str, str]] = (),
                  same_agency_conflict: bool = True,
                  same_agency_threshold: float = DEFAULT_CONFIG.same_agency_threshold) -> TableClusterResult:
    """The same conflict-safe clustering as `cluster`, on pyarrow tables, for a million records.

    `pairs` has uid_l, uid_r, match_weight (e.g. `splink_adapter.predict_table`); `records` has
    unique_id, agency, nhs_number, upn and agency_key (the linkage table). Records are integer indices; a
    cluster's NHS number, UPN and agencies are one code each and a bit mask, so a conflict check is a few
    integer comparisons. With `same_agency_conflict` a cluster holds, per agency, only records that agency
    identifies as one (one record, or records with the same agency key). Review items are one per pair of predicted persons (the strongest edge), and
    none is raised between persons a reviewer has already judged different (a cannot-link).
    """
    import numpy as np
    import pyarrow.compute as pc

    ids = records.column("unique_id").combine_chunks()
    unique_ids = ids.to_pylist()
    n = len(unique_ids)
    # strongest first, ties by unique ids (as `cluster`), so the result never depends on the row order
    pairs = pairs.select(["uid_l", "uid_r", "match_weight"])
    pairs = pairs.filter(pc.greater_equal(pairs.column("match_weight"), review_threshold))
    pairs = pairs.take(pc.sort_indices(pairs, sort_keys=[("match_weight", "descending"), ("uid_l", "ascending"),
                                                         ("uid_r", "ascending")]))
    left = pc.index_in(pairs.column("uid_l"), value_set=ids).to_numpy(zero_copy_only=False)
    right = pc.index_in(pairs.column("uid_r"), value_set=ids).to_numpy(zero_copy_only=False)
    weights = pairs.column("match_weight").to_numpy()
    parent = list(range(n))
    nhs = _codes(records.column("nhs_number"))
    upn = _codes(records.column("upn"))
    # identifiers that pass their check prove two children different (engine.linkage.twins)
    valid = {name: [valid_identifier(name, v) for v in _dictionary(records.column(name))]
             for name in ("nhs_number", "upn")}
    apart = _possible_twins(records)
    if same_agency_conflict:
        agency_codes = _codes(records.column("agency"))
        mask = [1 << c if c >= 0 else 0 for c in agency_codes]
        agency_names = records.column("agency").combine_chunks().dictionary_encode().dictionary.to_pylist()
        # who each record is to its agency: the code of its agency key, or a code of its own (-2 - index)
        keys = _codes(records.column("agency_key")) if "agency_key" in records.column_names else [-1] * n
        identity = [k if k >= 0 else -2 - i for i, k in enumerate(keys)]
    else:
        mask, agency_names, agency_codes, identity = [0] * n, [], [], []
    identities: dict[int, dict[int, int]] = {}  # root of a cluster of several records → agency code → identity

    def identities_of(root: int) -> dict[int, int]:
        return identities.get(root) or {agency_codes[root]: identity[root]}
    index = {u: i for i, u in enumerate(unique_ids)} if (cannot_link or must_link) else {}
    forbidden: dict[int, set[int]] = {}
    guarded: dict[int, list[int]] = {}  # root → its members that carry a cannot-link
    for a, b in cannot_link:
        if a in index and b in index:
            ia, ib = index[a], index[b]
            forbidden.setdefault(ia, set()).add(ib)
            forbidden.setdefault(ib, set()).add(ia)
    for node in forbidden:
        guarded[node] = [node]

    def find(x: int) -> int:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def conflict(ra: int, rb: int, automatic: bool = True, weight: float = -math.inf) -> str | None:
        if nhs[ra] >= 0 and nhs[rb] >= 0 and nhs[ra] != nhs[rb]:
            if valid["nhs_number"][nhs[ra]] and valid["nhs_number"][nhs[rb]]:
                return f"{DIFFERENT}: different NHS numbers, both valid"
            return "conflict: different NHS numbers"
        if upn[ra] >= 0 and upn[rb] >= 0 and upn[ra] != upn[rb]:
            if valid["upn"][upn[ra]] and valid["upn"][upn[rb]]:
                return f"{DIFFERENT}: different UPNs, both valid"
            return "conflict: different UPNs"
        twins = apart.reason(ra, rb, shared_identifier=(nhs[ra] >= 0 and nhs[ra] == nhs[rb]) or
                             (upn[ra] >= 0 and upn[ra] == upn[rb])) if automatic else None
        if twins:
            return twins
        both = mask[ra] & mask[rb]
        if both:
            mine, theirs = identities_of(ra), identities_of(rb)
            for code, who in mine.items():
                if both >> code & 1 and theirs[code] != who and not (
                        weight >= same_agency_threshold and who <= -2 and theirs[code] <= -2):  # neither keyed
                    return f"conflict: two {agency_names[code]} records"
        if guarded and (ra in guarded or rb in guarded):
            small, large = (ra, rb) if len(guarded.get(ra, ())) <= len(guarded.get(rb, ())) else (rb, ra)
            for x in guarded.get(small, ()):
                for y in forbidden[x]:
                    if find(y) == large:
                        return "cannot-link"
        return None

    def union(ra: int, rb: int) -> None:
        parent[rb] = ra
        apart.union(ra, rb)
        if nhs[ra] < 0:
            nhs[ra] = nhs[rb]
        if upn[ra] < 0:
            upn[ra] = upn[rb]
        if mask[rb]:
            identities[ra] = identities_of(ra) | identities_of(rb) if mask[ra] else identities_of(rb)
            identities.pop(rb, None)
        mask[ra] |= mask[rb]
        if rb in guarded:
            guarded.setdefault(ra, []).extend(guarded.pop(rb))

    refused = []
    for a, b in must_link:
        if a not in index or b not in index:
            continue
        ra, rb = find(index[a]), find(index[b])
        if ra == rb:
            continue
        reason = conflict(ra, rb, automatic=False)  # a reviewer's "same" outweighs the twins rule
        if reason:
            refused.append((a, b, reason))
        else:
            union(ra, rb)
    candidates = []
    for a, b, w in zip(left.tolist(), right.tolist(), weights.tolist(), strict=True):
        if w < auto_threshold:
            candidates.append((a, b, w))
            continue
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        if conflict(ra, rb, weight=w):
            candidates.append((a, b, w))
        else:
            union(ra, rb)
    # one review item per pair of predicted persons: its strongest edge (candidates are strongest first)
    review, seen, kept_apart = [], set(), 0
    for a, b, w in candidates:
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        key = (ra, rb) if ra < rb else (rb, ra)
        if key in seen:
            continue
        seen.add(key)
        reason = conflict(ra, rb)
        if reason == "cannot-link":
            continue
        if reason and reason.startswith(DIFFERENT):
            kept_apart += 1
            continue
        review.append(ReviewItem(unique_ids[a], unique_ids[b], w, reason or "review band"))
    roots = np.asarray(parent, dtype=np.int64)
    while True:  # pointer jumping to every record's root
        nxt = roots[roots]
        if np.array_equal(nxt, roots):
            break
        roots = nxt
    return TableClusterResult(unique_ids, roots, review, refused, kept_apart)


def _possible_twins(records) -> Apart:
    """An `Apart` holding only the records that share a date of birth and surname with a record of another
    forename (the only ones the twins rule can apply to), so a million records cost one group-by."""
    import pyarrow as pa
    import pyarrow.compute as pc

    apart = Apart()
    if not {"dob", "surname_std", "forename"} <= set(records.column_names):
        return apart
    keyed = records.select(["dob", "surname_std", "forename"]).append_column(
        "i", pa.array(range(records.num_rows), pa.int64()))
    keyed = keyed.filter(pc.and_(pc.is_valid(keyed.column("dob")), pc.is_valid(keyed.column("surname_std"))))
    names = keyed.group_by(["dob", "surname_std"]).aggregate([("forename", "count_distinct")])
    names = names.filter(pc.greater(names.column("forename_count_distinct"), 1))
    if not names.num_rows:
        return apart
    rows = keyed.join(names, ["dob", "surname_std"]).column("i").to_pylist()
    fields = [c for c in ("dob", "surname_std", "forename", "middle_names", "address", "postcode")
              if c in records.column_names]
    for i, record in zip(rows, records.select(fields).take(pa.array(rows, pa.int64())).to_pylist(), strict=True):
        apart.add(i, record, identifiers=False)
    return apart
