"""Context graph benchmark (issue 5): whole-graph structure, the two-hop network, and prompts on places.

    .venv/bin/python bench/context.py                 # 1M nodes / 5M links, 100 two-hop queries, 2,000 children
    .venv/bin/python bench/context.py --nodes 100000 --links 500000 --children 300   # quick

1. A synthetic graph of `--nodes` nodes (80% people, 20% places) and `--links` time-stamped links,
   generated cheaply with numpy: people live in neighbourhoods of about 2,000 nodes and 85% of their
   links stay there (`--mixing 0.15`; `--mixing 1` removes all locality), people's degrees are skewed
   (Pareto), a few places in each neighbourhood are busy, and ten hubs (a station, a shopping
   centre, schools) take 1% of the place links each; 70% of links are person-place, 30% person-person. Timed: connected components and Leiden communities over the whole graph (one igraph graph
   built once; building it is included in the time).
2. The two-hop network (links, nodes and provenance as JSON-ready dicts) of `--queries` random
   children, with a one-year period filter: median and p95.
3. A synthetic partnership (`--children`, engine.synth, seed 7): context prompts, and the share of
   ordinary places (not an injected scenario's) that a place prompt names.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine.context.graph import ContextGraph, community_membership  # noqa: E402
from engine.context.model import NODE_KINDS, Provenance  # noqa: E402

KINDS = ["at_place", "co_present", "co_subject", "visits", "seen_with", "associates_with", "household",
         "missing_together"]


class SyntheticProvenance:
    """Provenance made up on demand from the link's index (no per-link Python objects at 5M links)."""

    def __getitem__(self, i: int) -> Provenance:
        return Provenance(event_ids=(f"EV{i:09d}",), agency=("police", "csc", "school", "health", "youth")[i % 5])

    def __len__(self) -> int:
        return 2**62


def synthetic_graph(n_nodes: int, n_links: int, seed: int = 1, mixing: float = 0.15,
                    neighbourhood: int = 2000) -> ContextGraph:
    """People (80%) and places (20%) in neighbourhoods of about `neighbourhood` nodes; a share `mixing`
    of links leaves the neighbourhood (1.0: no locality at all, the hardest case for communities)."""
    rng = np.random.default_rng(seed)
    n_people = int(n_nodes * 0.8)
    n_places = n_nodes - n_people
    n_hoods = max(1, n_nodes // neighbourhood)
    people_per, places_per = max(1, n_people // n_hoods), max(1, n_places // n_hoods)
    kinds = np.zeros(n_nodes, dtype=np.int8)
    is_child = rng.random(n_people) < 0.45
    kinds[:n_people] = np.where(is_child, NODE_KINDS.index("child"), NODE_KINDS.index("adult"))
    kinds[n_people:] = NODE_KINDS.index("place")
    person_w = rng.pareto(2.0, n_people) + 1  # degree skew among people
    person_w /= person_w.sum()
    n_place_links = int(n_links * 0.7)
    n_person_links = n_links - n_place_links
    src = rng.choice(n_people, n_links, p=person_w)
    hood = np.minimum(src // people_per, n_hoods - 1)
    away = rng.random(n_links) < mixing
    hood = np.where(away, rng.integers(0, n_hoods, n_links), hood)
    # places: within a neighbourhood a few are busy (skewed), and ten hubs take 1% of place links each
    local_place = np.minimum((places_per * rng.random(n_place_links) ** 3).astype(np.int64), places_per - 1)
    place = np.minimum(hood[:n_place_links] * places_per + local_place, n_places - 1)
    hubs = rng.choice(n_places, 10, replace=False)
    to_hub = rng.random(n_place_links) < 0.10
    place = np.where(to_hub, hubs[rng.integers(0, 10, n_place_links)], place)
    other = np.minimum(hood[n_place_links:] * people_per + rng.integers(0, people_per, n_person_links), n_people - 1)
    dst = np.concatenate([n_people + place, other])
    kind = np.concatenate([rng.choice([0, 3], n_place_links), rng.choice([1, 2, 4, 5, 6, 7], n_person_links)])
    first, last = date(2021, 1, 1).toordinal(), date(2026, 10, 31).toordinal()
    start = rng.integers(first, last, n_links)
    end = start + np.where(rng.random(n_links) < 0.8, 0, rng.integers(1, 400, n_links))
    keys = [f"N{i:07d}" for i in range(n_nodes)]
    return ContextGraph(keys, kinds, None, None, src, dst, kind, KINDS, start, end, np.arange(n_links),
                        SyntheticProvenance())


def place_share(children: int) -> None:
    from engine.context.prompts import context_prompts
    from engine.context.synth import partnership_graph
    from engine.synth import SynthConfig, generate

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        t0 = time.perf_counter()
        generate(SynthConfig(children=children, seed=7), out)
        t1 = time.perf_counter()
        g, events, rows = partnership_graph(out)
        t2 = time.perf_counter()
        end = date(2026, 10, 31)
        as_of = [date(y, m, 1) for y in range(2021, 2027) for m in (1, 4, 7, 10) if date(y, m, 1) <= end]
        prompts = context_prompts(g, events, as_of=as_of)
        t3 = time.perf_counter()
        scenario_people = set()
        with open(out / "truth" / "scenarios.csv", encoding="utf-8") as fh:
            next(fh)
            import csv
            for r in csv.reader(fh):
                scenario_people.update(r[1].split(";"))
        scenario_places = {a["place"] for a in rows["associations"] if a.get("place") and
                           a["person_key"] in scenario_people}
        places = {p["key"] for p in rows["places"]}
        ordinary = places - scenario_places
        prompted = {p.context_key for p in prompts if p.rule_id == "C01"}
        by_rule = {}
        for p in prompts:
            by_rule[p.rule_id] = by_rule.get(p.rule_id, 0) + 1
        print(f"partnership: {children} children, {g.n_nodes} nodes, {g.n_links} links; generate {t1 - t0:.1f} s, "
              f"graph {t2 - t1:.1f} s, prompts {t3 - t2:.1f} s")
        print(f"prompts by rule: {dict(sorted(by_rule.items()))}")
        print(f"places prompted (C01): scenario places {len(prompted & scenario_places)}/{len(scenario_places)}, "
              f"ordinary places {len(prompted & ordinary)}/{len(ordinary)} "
              f"= {100 * len(prompted & ordinary) / max(len(ordinary), 1):.2f}%")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--nodes", type=int, default=1_000_000)
    ap.add_argument("--links", type=int, default=5_000_000)
    ap.add_argument("--queries", type=int, default=100)
    ap.add_argument("--children", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--mixing", type=float, default=0.15,
                    help="share of links leaving a person's neighbourhood (1.0: no locality)")
    args = ap.parse_args()
    print(f"cores: {os.cpu_count()}, load average at start: {os.getloadavg()[0]:.1f}")
    t0 = time.perf_counter()
    g = synthetic_graph(args.nodes, args.links, args.seed, args.mixing)
    t1 = time.perf_counter()
    print(f"graph: {g.n_nodes} nodes, {g.n_links} links, mixing {args.mixing}; generated and indexed in {t1 - t0:.1f} s")
    c1 = time.process_time()
    ig_graph, _included = g.igraph()
    t_build, c_build = time.perf_counter(), time.process_time()
    n_comps = len(set(ig_graph.connected_components().membership))
    t_cc, c_cc = time.perf_counter(), time.process_time()
    n_comms = len(set(community_membership(ig_graph).tolist()))
    t2, c2 = time.perf_counter(), time.process_time()
    print(f"components + communities (Leiden): {t2 - t1:.1f} s wall, {c2 - c1:.1f} s CPU "
          f"({n_comps} components, {n_comms} communities; igraph graph {t_build - t1:.1f} s / {c_build - c1:.1f} s CPU, "
          f"components {t_cc - t_build:.1f} s / {c_cc - c_build:.1f} s CPU, Leiden {t2 - t_cc:.1f} s / "
          f"{c2 - c_cc:.1f} s CPU)  load average {os.getloadavg()[0]:.1f}")
    rng = np.random.default_rng(args.seed + 1)
    children = np.flatnonzero(g.node_kind == NODE_KINDS.index("child"))
    picks = rng.choice(children, args.queries, replace=False)
    for label, period in (("one year", (date(2025, 1, 1), date(2025, 12, 31))), ("all time", (None, None))):
        times, cpu, sizes = [], [], []
        for i in picks:
            t, c = time.perf_counter(), time.process_time()
            net = g.network(g.keys[i], hops=2, start=period[0], end=period[1])
            times.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
            sizes.append((len(net["nodes"]), len(net["links"])))
        times.sort()
        cpu.sort()
        p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
        p95_cpu = cpu[min(len(cpu) - 1, int(round(0.95 * len(cpu))) - 1)]
        print(f"two-hop network, {label} ({args.queries} children): median {statistics.median(times):.1f} ms, "
              f"p95 {p95:.1f} ms, max {times[-1]:.1f} ms wall (CPU median {statistics.median(cpu):.1f} ms, "
              f"p95 {p95_cpu:.1f} ms); median size {statistics.median(s[0] for s in sizes)} nodes / "
              f"{statistics.median(s[1] for s in sizes)} links, largest {max(sizes)}")
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    if args.children:
        place_share(args.children)


if __name__ == "__main__":
    main()
