"""The context graph: a typed, time-stamped multigraph of children, adults, places and groups.

Edges are kept in columns (numpy arrays) with an index by node, so a two-hop network around one
child is a few array slices, and the whole graph goes to igraph for components and communities.
Each edge points at its provenance (the events or the association behind it).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import igraph as ig
import numpy as np

from engine.context.model import (
    ADULT,
    CHILD,
    EVENT_LINK_KINDS,
    GROUP,
    NODE_KINDS,
    PLACE,
    STRUCTURAL_KINDS,
    Link,
    Provenance,
)

NO_START = 0                 # an undated link holds from the beginning ...
NO_END = date.max.toordinal()  # ... to the end of time
ADULT_AGE = 18


def _ord(d: date | None, default: int) -> int:
    return d.toordinal() if d is not None else default


def age_on(dob: date | None, day: date) -> int | None:
    if dob is None:
        return None
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


@dataclass
class Partition:
    """Components or communities: `membership[i]` is the group of node i (keys in `graph.keys`)."""

    graph: ContextGraph
    membership: np.ndarray
    included: np.ndarray  # bool per node: False for nodes with no edge in the period (left out)

    def __len__(self) -> int:
        m = self.membership[self.included]
        return int(np.unique(m).size) if m.size else 0

    def groups(self, min_size: int = 1) -> list[list[str]]:
        """Node keys per group, biggest first, groups smaller than `min_size` left out."""
        idx = np.flatnonzero(self.included)
        order = np.argsort(self.membership[idx], kind="stable")
        idx, m = idx[order], self.membership[idx][order]
        cuts = np.flatnonzero(np.diff(m)) + 1
        out = [[self.graph.keys[i] for i in part] for part in np.split(idx, cuts) if part.size >= min_size]
        return sorted(out, key=lambda g: (-len(g), g[0]))

    def group_of(self, key: str) -> list[str]:
        i = self.graph.index[key]
        if not self.included[i]:
            return [key]
        return [self.graph.keys[j] for j in np.flatnonzero(self.included & (self.membership == self.membership[i]))]


class ContextGraph:
    """Nodes (keys with kind, label, date of birth) and links (columns + provenance), indexed by node."""

    def __init__(self, keys: Sequence[str], kinds: Sequence[str], labels: Sequence[str] | None,
                 dobs: Sequence[date | None] | None, src: np.ndarray, dst: np.ndarray, kind: np.ndarray,
                 kind_names: Sequence[str], start: np.ndarray, end: np.ndarray, prov: np.ndarray,
                 provenance: Sequence[Provenance]):
        self.keys = list(keys)
        self.index = {k: i for i, k in enumerate(self.keys)}
        self.node_kind = np.array([NODE_KINDS.index(k) for k in kinds], dtype=np.int8) \
            if not isinstance(kinds, np.ndarray) else kinds.astype(np.int8)
        self.labels = labels
        self.dobs = dobs
        self.src, self.dst = src.astype(np.int32), dst.astype(np.int32)
        self.kind, self.kind_names = kind.astype(np.int16), list(kind_names)
        self.start, self.end = start.astype(np.int32), end.astype(np.int32)
        self.prov, self.provenance = prov.astype(np.int64), provenance
        n = len(self.keys)
        ends = np.concatenate([self.src, self.dst])
        self.inc = np.argsort(ends, kind="stable").astype(np.int32) % max(len(self.src), 1)
        self.indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(ends, minlength=n), out=self.indptr[1:])

    # ------------------------------------------------------------------ nodes and links
    @property
    def n_nodes(self) -> int:
        return len(self.keys)

    @property
    def n_links(self) -> int:
        return len(self.src)

    def kind_of(self, key: str) -> str:
        return NODE_KINDS[self.node_kind[self.index[key]]]

    def age(self, key: str, day: date) -> int | None:
        return age_on(self.dobs[self.index[key]], day) if self.dobs is not None else None

    def is_child(self, key: str, day: date | None = None) -> bool:
        i = self.index[key]
        kind = NODE_KINDS[self.node_kind[i]]
        if kind not in (CHILD, ADULT):
            return False
        if day is not None and self.dobs is not None and self.dobs[i] is not None:
            return age_on(self.dobs[i], day) < ADULT_AGE
        return kind == CHILD

    def node(self, key: str) -> dict:
        i = self.index[key]
        return {"id": key, "kind": NODE_KINDS[self.node_kind[i]],
                "label": (self.labels[i] if self.labels is not None else "") or key,
                "date_of_birth": (self.dobs[i].isoformat() if self.dobs is not None and self.dobs[i] else None)}

    def _kind_mask(self, kinds: Iterable[str] | None, exclude: Iterable[str] = ()) -> np.ndarray | None:
        if kinds is None and not exclude:
            return None
        allowed = set(self.kind_names if kinds is None else kinds) - set(exclude)
        table = np.array([k in allowed for k in self.kind_names], dtype=bool)
        return table

    def _edge_mask(self, eids: np.ndarray, start: date | None, end: date | None, table: np.ndarray | None):
        mask = np.ones(eids.size, dtype=bool)
        if end is not None:
            mask &= self.start[eids] <= end.toordinal()
        if start is not None:
            mask &= self.end[eids] >= start.toordinal()
        if table is not None:
            mask &= table[self.kind[eids]]
        return mask

    def incident(self, key: str, start: date | None = None, end: date | None = None,
                 kinds: Iterable[str] | None = None, exclude: Iterable[str] = ()) -> np.ndarray:
        """Edge ids at `key` that hold in the period, of the given kinds."""
        i = self.index[key]
        eids = self.inc[self.indptr[i]:self.indptr[i + 1]]
        return eids[self._edge_mask(eids, start, end, self._kind_mask(kinds, exclude))]

    def other_end(self, eid: int, key: str) -> str:
        i = self.index[key]
        s, d = int(self.src[eid]), int(self.dst[eid])
        return self.keys[d if s == i else s]

    def link(self, eid: int) -> Link:
        s, e = int(self.start[eid]), int(self.end[eid])
        return Link(self.keys[self.src[eid]], self.keys[self.dst[eid]], self.kind_names[self.kind[eid]],
                    date.fromordinal(s) if s != NO_START else None, date.fromordinal(e) if e != NO_END else None,
                    self.provenance[self.prov[eid]])

    def links(self, key: str, start: date | None = None, end: date | None = None,
              kinds: Iterable[str] | None = None, exclude: Iterable[str] = ()) -> list[Link]:
        return [self.link(int(e)) for e in self.incident(key, start, end, kinds, exclude)]

    def link_dict(self, eid: int) -> dict:
        lk = self.link(eid)
        return {"id": f"e{eid}", "source": lk.source, "target": lk.target, "kind": lk.kind,
                "label": EVENT_LINK_KINDS.get(lk.kind, lk.kind.replace("_", " ")),
                "start": lk.start.isoformat() if lk.start else None, "end": lk.end.isoformat() if lk.end else None,
                "provenance": lk.provenance.as_dict()}

    # ------------------------------------------------------------------ the network around a node
    def network(self, key: str, hops: int = 2, start: date | None = None, end: date | None = None,
                kinds: Iterable[str] | None = None, exclude: Iterable[str] = (), hub_degree: int = 200,
                max_nodes: int = 1000, with_links: bool = True) -> dict:
        """The network `hops` links out from `key` (a child, adult, place or group) in the period.

        Returns plain JSON-ready data: {"centre", "period", "nodes": [{id, kind, label, date_of_birth,
        hop, expanded, degree}], "links": [{id, source, target, kind, label, start, end, provenance}],
        "truncated"}. A node with more than `hub_degree` links in the period (a school, a busy venue) is
        shown but not expanded; at most `max_nodes` nodes are returned (nearest first). Links between
        two nodes both at the last hop are not followed (they would need a further hop).
        """
        table = self._kind_mask(kinds, exclude)
        centre = self.index[key]
        hop_of = {centre: 0}
        expanded: dict[int, bool] = {}
        degree: dict[int, int] = {}
        chosen: list[np.ndarray] = []
        frontier = [centre]
        truncated = False
        for h in range(1, hops + 1):
            nxt = []
            for u in frontier:
                eids = self.inc[self.indptr[u]:self.indptr[u + 1]]
                eids = eids[self._edge_mask(eids, start, end, table)]
                degree[u] = int(eids.size)
                if u != centre and eids.size > hub_degree:
                    expanded[u] = False
                    continue
                expanded[u] = True
                others = self.src[eids] + self.dst[eids] - u
                keep = np.ones(eids.size, dtype=bool)
                for j, o in enumerate(others.tolist()):
                    if o not in hop_of:
                        if len(hop_of) >= max_nodes:
                            keep[j] = False
                            truncated = True
                            continue
                        hop_of[o] = h
                        nxt.append(o)
                chosen.append(eids[keep])
            frontier = nxt
        for u in frontier:
            expanded.setdefault(u, False)
        eids = np.unique(np.concatenate(chosen)) if chosen else np.empty(0, dtype=np.int32)
        nodes = []
        for i, h in hop_of.items():
            k = self.keys[i]
            nodes.append({**self.node(k), "hop": h, "expanded": expanded.get(i, False), "degree": degree.get(i)})
        out = {"centre": key, "period": [start.isoformat() if start else None, end.isoformat() if end else None],
               "hops": hops, "nodes": nodes, "truncated": truncated}
        out["links"] = [self.link_dict(int(e)) for e in eids] if with_links else eids
        return out

    # ------------------------------------------------------------------ whole-graph structure
    def igraph(self, start: date | None = None, end: date | None = None, kinds: Iterable[str] | None = None,
               exclude: Iterable[str] = ()) -> tuple[ig.Graph, np.ndarray]:
        """A simple weighted igraph Graph of the links in the period (weight = number of links).

        Returns (graph, included) where `included` marks nodes with at least one such link.
        """
        eids = np.arange(self.n_links)
        mask = self._edge_mask(eids, start, end, self._kind_mask(kinds, exclude))
        s, d = self.src[mask].astype(np.int64), self.dst[mask].astype(np.int64)
        included = np.zeros(self.n_nodes, dtype=bool)
        included[s] = True
        included[d] = True
        lo, hi = np.minimum(s, d), np.maximum(s, d)
        pair = lo[lo != hi] * self.n_nodes + hi[lo != hi]
        pair, weight = np.unique(pair, return_counts=True)  # one weighted edge per linked pair
        g = ig.Graph(n=self.n_nodes, edges=list(zip((pair // self.n_nodes).tolist(), (pair % self.n_nodes).tolist(), strict=True)),
                     edge_attrs={"weight": weight.tolist()})
        return g, included

    def components(self, start: date | None = None, end: date | None = None, kinds: Iterable[str] | None = None,
                   exclude: Iterable[str] = ()) -> Partition:
        g, included = self.igraph(start, end, kinds, exclude)
        return Partition(self, np.asarray(g.connected_components().membership), included)

    def communities(self, start: date | None = None, end: date | None = None, kinds: Iterable[str] | None = None,
                    exclude: Iterable[str] = tuple(STRUCTURAL_KINDS), method: str = "leiden",
                    resolution: float = 1.0, seed: int = 0) -> Partition:
        """Communities (igraph Leiden on modularity, or Louvain with method="multilevel"), seeded.

        Structural links (households, school rolls, family) are left out by default: they would make
        every school one community.
        """
        g, included = self.igraph(start, end, kinds, exclude)
        return Partition(self, community_membership(g, method, resolution, seed), included)

    def structure(self, start: date | None = None, end: date | None = None, kinds: Iterable[str] | None = None,
                  exclude: Iterable[str] = (), method: str = "leiden", seed: int = 0) -> tuple[Partition, Partition]:
        """(components, communities) over one igraph graph built once: the whole-partnership view."""
        g, included = self.igraph(start, end, kinds, exclude)
        comps = Partition(self, np.asarray(g.connected_components().membership), included)
        return comps, Partition(self, community_membership(g, method, 1.0, seed), included)

    def linked_children(self, key: str, start: date | None = None, end: date | None = None,
                        exclude: Iterable[str] = ()) -> dict[str, list[int]]:
        """Children directly linked to `key` in the period -> the edge ids linking them."""
        out: dict[str, list[int]] = {}
        for e in self.incident(key, start, end, exclude=exclude).tolist():
            o = self.other_end(e, key)
            if o != key and self.is_child(o, end):
                out.setdefault(o, []).append(e)
        return out

    def separate_groups(self, children: Iterable[str], without: str, start: date | None = None,
                        end: date | None = None, exclude: Iterable[str] = tuple(STRUCTURAL_KINDS),
                        limit: int = 20_000) -> list[list[str]]:
        """How `children` fall apart when `without` is taken out: the groups still linked to each other
        (breadth-first search over links in the period, not through `without`)."""
        table = self._kind_mask(None, exclude)
        skip = self.index[without]
        todo = [self.index[c] for c in children]
        group_of: dict[int, int] = {}
        groups: list[list[str]] = []
        for c in todo:
            if c in group_of:
                continue
            gid = len(groups)
            groups.append([])
            seen = {c}
            queue = [c]
            while queue and len(seen) < limit:
                u = queue.pop()
                if u in todo and u not in group_of:
                    group_of[u] = gid
                    groups[gid].append(self.keys[u])
                eids = self.inc[self.indptr[u]:self.indptr[u + 1]]
                eids = eids[self._edge_mask(eids, start, end, table)]
                for o in (self.src[eids] + self.dst[eids] - u).tolist():
                    if o != skip and o not in seen:
                        seen.add(o)
                        queue.append(o)
        return [sorted(g) for g in groups if g]


def community_membership(g: ig.Graph, method: str = "leiden", resolution: float = 1.0, seed: int = 0) -> np.ndarray:
    """Leiden (modularity) or Louvain ("multilevel") membership, with igraph's random numbers seeded."""
    ig.set_random_number_generator(random.Random(seed))
    try:
        if method == "multilevel":
            part = g.community_multilevel(weights="weight", resolution=resolution)
        else:
            part = g.community_leiden(objective_function="modularity", weights="weight", resolution=resolution,
                                      n_iterations=2)
    finally:
        ig.set_random_number_generator(random)
    return np.asarray(part.membership)


class GraphBuilder:
    """Collects nodes and links (with provenance) and freezes them into a ContextGraph."""

    def __init__(self):
        self.keys: list[str] = []
        self.index: dict[str, int] = {}
        self.kinds: list[str] = []
        self.labels: list[str] = []
        self.dobs: list[date | None] = []
        self.kind_names: list[str] = []
        self._kind_code: dict[str, int] = {}
        self.cols: tuple[list, ...] = ([], [], [], [], [], [])
        self.provenance: list[Provenance] = []

    def add_node(self, key: str, kind: str, label: str = "", dob: date | None = None) -> int:
        if kind not in NODE_KINDS:
            raise ValueError(f"node {key}: unknown kind {kind!r}")
        i = self.index.get(key)
        if i is None:
            i = self.index[key] = len(self.keys)
            self.keys.append(key)
            self.kinds.append(kind)
            self.labels.append(label)
            self.dobs.append(dob)
        return i

    def add_link(self, source: str, target: str, kind: str, start: date | None, end: date | None,
                 provenance: Provenance) -> None:
        for k in (source, target):
            if k not in self.index:  # a key only known from a link: keep it, kind unknown -> adult/place
                self.add_node(k, ADULT)
        code = self._kind_code.get(kind)
        if code is None:
            code = self._kind_code[kind] = len(self.kind_names)
            self.kind_names.append(kind)
        s, d, kd, st, en, pv = self.cols
        s.append(self.index[source])
        d.append(self.index[target])
        kd.append(code)
        st.append(_ord(start, NO_START))
        en.append(_ord(end, NO_END))
        pv.append(len(self.provenance))
        self.provenance.append(provenance)

    def freeze(self) -> ContextGraph:
        s, d, kd, st, en, pv = (np.asarray(c, dtype=np.int64) for c in self.cols)
        return ContextGraph(self.keys, self.kinds, self.labels, self.dobs, s, d, kd, self.kind_names, st, en, pv,
                            self.provenance)


__all__ = ["ContextGraph", "GraphBuilder", "Partition", "age_on", "CHILD", "ADULT", "PLACE", "GROUP"]
