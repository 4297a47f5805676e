"""The default model: a new partnership links from its first file (issue 14, item 5).

A partnership of a few hundred records cannot train a model of its own: expectation maximisation sees a
handful of matching pairs, estimates some levels from nothing (or fails outright) and the weights it
gives send most pairs to review. Until its own data can train one, a partnership links with the model
shipped in `data/default_model.json`: m and u estimated on a synthetic partnership (`build`, below,
records how), with the prior — the chance two random records are one person, which depends on how many
records there are and how many agencies hold each child — estimated again on the partnership's own
records by the same deterministic rules training uses (`adapted`). Identifier agreement (NHS number, UPN,
full address) keeps the u the synthetic partnership gave it.

    model = adapted(default_model(), records)      # ready to score this partnership's records
    reason = cannot_train(len(records))              # None once its own data can train a model

Regenerate the shipped model after changing a comparison (a test compares the two):

    .venv/bin/python -m engine.linkage.default_model --children 30000 --seed 2026
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from engine.linkage.config import DEFAULT_CONFIG, LinkageConfig
from engine.linkage.splink_adapter import PRIOR_RULES, TrainedModel, _table, train

__all__ = ["DATA", "MIN_TRAINING_RECORDS", "adapted", "build", "cannot_train", "default_model", "estimate_prior"]

DATA = Path(__file__).with_name("data") / "default_model.json"
# Below this many records a partnership links with the default model (measured: docs/linkage.md,
# "The default model"; `bench/linkage_default.py` prints own-model against default-model F1 by size).
MIN_TRAINING_RECORDS = 10_000


@lru_cache(maxsize=1)
def _shipped() -> str:
    return DATA.read_text(encoding="utf-8")


def default_model() -> TrainedModel:
    """The shipped model as it was estimated on the synthetic partnership (its provenance in `statistics`)."""
    stored = json.loads(_shipped())
    return TrainedModel(model=stored["model"], splink_version=stored["splink_version"],
                        duckdb_version=stored["duckdb_version"], seed=stored["seed"], statistics=stored["statistics"])


def cannot_train(records: int) -> str | None:
    """Why a partnership of `records` records should not train its own model yet, or None when it can."""
    if records < MIN_TRAINING_RECORDS:
        return (f"this partnership holds {records:,} records; a model of its own needs at least "
                f"{MIN_TRAINING_RECORDS:,}")
    return None


def estimate_prior(records, recall: float = DEFAULT_CONFIG.prior_recall) -> tuple[float, int]:
    """The chance two random records are one person, from the pairs the deterministic rules find.

    The same estimate Splink's training makes (pairs agreeing on an NHS number, or on forename, surname
    and date of birth, divided by the rules' assumed recall, over all pairs); at least one pair is
    assumed, so a first file with no duplicate at all still gets a small, finite prior. Returns the
    prior and the number of pairs the rules found.
    """
    import duckdb

    table = _table(records)
    n = table.num_rows
    if n < 2:
        return 0.5, 0
    con = duckdb.connect(":memory:")
    con.register("people", table)
    rule = " OR ".join(f"({r})" for r in PRIOR_RULES)
    found = con.execute(f"SELECT count(*) FROM people l JOIN people r ON l.unique_id < r.unique_id AND ({rule})"
                        ).fetchone()[0]
    total = n * (n - 1) / 2
    return min(0.5, max(found, 1) / recall / total), int(found)


def adapted(model: TrainedModel, records, config: LinkageConfig = DEFAULT_CONFIG) -> TrainedModel:
    """`model` with its prior estimated on `records` (m and u unchanged); records why in its statistics."""
    prior, found = estimate_prior(records, config.prior_recall)
    settings = dict(model.model)
    settings["probability_two_random_records_match"] = prior
    statistics = {**model.statistics, "source": "default", "records": _count(records),
                  "prior": {"probability_two_random_records_match": prior, "deterministic_pairs": found,
                            "rules": list(PRIOR_RULES), "assumed_recall": config.prior_recall}}
    return replace(model, model=settings, statistics=statistics)


def _count(records) -> int:
    return records.num_rows if hasattr(records, "num_rows") else len(records)


def build(children: int, seed: int, config: LinkageConfig = DEFAULT_CONFIG) -> TrainedModel:
    """Generate a synthetic partnership, train on it and return the model with how it was made."""
    import tempfile

    from engine.linkage.records import partnership_table
    from engine.synth import SynthConfig, generate

    with tempfile.TemporaryDirectory() as tmp:
        synth = SynthConfig(children=children, seed=seed)
        generate(synth, out_dir=Path(tmp))
        table = partnership_table(tmp)
    trained = train(table, seed=seed, config=config)
    statistics = {**trained.statistics, "source": "default",
                  "estimated_on": {"generator": "engine.synth", "children": children, "seed": seed,
                                   "records": table.num_rows,
                                   "command": f"python -m engine.linkage.default_model --children {children} "
                                              f"--seed {seed}"}}
    return replace(trained, statistics=statistics)


def _dump(model: TrainedModel) -> str:
    payload: dict[str, Any] = {"splink_version": model.splink_version, "duckdb_version": model.duckdb_version,
                               "seed": model.seed, "statistics": model.statistics, "model": model.model}
    return json.dumps(payload, indent=1, sort_keys=True, default=str) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Estimate the default linkage model on a synthetic partnership.")
    parser.add_argument("--children", type=int, default=30_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, default=DATA)
    args = parser.parse_args(argv)
    model = build(args.children, args.seed)
    args.out.write_text(_dump(model), encoding="utf-8")
    prior = model.model["probability_two_random_records_match"]
    print(f"default model written to {args.out}: {model.statistics['records']:,} records, prior {prior:.3g} "
          f"(weight {math.log2(prior / (1 - prior)):.1f}); untrained levels: "
          f"{model.statistics['untrained_levels'] or 'none'}", file=sys.stderr)


if __name__ == "__main__":
    main()
