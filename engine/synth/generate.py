"""Orchestration: stream households and scenario blocks through the agency views into the output files."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from engine.synth import scenarios
from engine.synth.config import SynthConfig
from engine.synth.events_family import family
from engine.synth.events_routine import routine
from engine.synth.households import build_household
from engine.synth.model import Block
from engine.synth.rng import stream
from engine.synth.views import BlockView
from engine.synth.world import World
from engine.synth.writers import Sink

Progress = Callable[[str, int, int], None]
SOURCE_KINDS = ("people", "ssda903_header")


def generate(cfg: SynthConfig, out_dir: Path, progress: Progress | None = None) -> dict:
    """Write one synthetic partnership to `out_dir`; returns the summary (also written as summary.json)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    world = World(cfg)
    sink = Sink(out_dir)
    sched = stream(cfg.seed, "schedule")
    pending = sorted((sched.random() * cfg.children * 0.95, name, i)
                     for name, i in scenarios.plan(cfg.children, cfg.scenario_scale))
    children = blocks = 0
    step = max(1, cfg.children // 200)
    reported = 0

    def emit_block(block: Block, tag: tuple) -> None:
        nonlocal children, blocks, reported
        BlockView(world, stream(cfg.seed, "view", *tag), block, sink).render()
        children += block.children
        blocks += 1
        if progress and children - reported >= step:
            reported = children
            progress("households", min(children, cfg.children), cfg.children)

    while children < cfg.children or pending:
        while pending and (pending[0][0] <= children or children >= cfg.children):
            _, name, i = pending.pop(0)
            rng = stream(cfg.seed, "scenario", name, i)
            block = Block()
            scenarios.SCENARIOS[name][1](world, rng, block, f"{name}-{i:02d}")
            emit_block(block, ("scenario", name, i))
        if children >= cfg.children:
            break
        rng = stream(cfg.seed, "household", blocks)
        block = Block()
        hh = build_household(world, rng, block, cfg.children - children)
        routine(world, rng, block, hh)
        family(world, rng, block, hh)
        emit_block(block, ("household", blocks))
    sink.close()
    if progress:
        progress("households", cfg.children, cfg.children)
    summary = _summary(cfg, sink, children)
    with open(out_dir / "summary.json", "w", encoding="utf-8") as fh:
        json.dump(summary, fh, indent=2, sort_keys=True)
        fh.write("\n")
    return summary


def _summary(cfg: SynthConfig, sink: Sink, children: int) -> dict:
    agencies = {a: dict(sorted(k.items())) for a, k in sorted(sink.counts.items()) if a != "truth"}
    return {
        "config": cfg.as_dict(),
        "children": children,
        "agencies": agencies,
        "truth": dict(sorted(sink.counts.get("truth", {}).items())),
        "source_records": sum(k.get(kind, 0) for k in agencies.values() for kind in SOURCE_KINDS),
        "events": sum(k.get("events", 0) for k in agencies.values()),
    }
