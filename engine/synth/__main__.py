"""python -m engine.synth --children N --seed S --out DIR"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from engine.synth import SynthConfig, generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m engine.synth", description="Generate a synthetic partnership.")
    parser.add_argument("--children", type=int, default=SynthConfig.children)
    parser.add_argument("--seed", type=int, default=SynthConfig.seed)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--start-year", type=int, default=SynthConfig.start_year)
    parser.add_argument("--end-date", default=SynthConfig.end_date)
    parser.add_argument("--scenario-scale", type=float, default=SynthConfig.scenario_scale)
    args = parser.parse_args(argv)
    cfg = SynthConfig(children=args.children, seed=args.seed, start_year=args.start_year, end_date=args.end_date,
                      scenario_scale=args.scenario_scale)
    console = Console(stderr=True)
    started = time.perf_counter()
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console) as bar:
        task = bar.add_task("children", total=cfg.children)

        def progress(step: str, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, description=step)

        summary = generate(cfg, args.out, progress)
    console.print(f"{summary['children']} children, {summary['source_records']} source records, "
                  f"{summary['events']} events in {time.perf_counter() - started:.1f}s → {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
