#!/usr/bin/env python
"""The default model against a partnership's own model, by partnership size (issue 14, item 5).

    .venv/bin/python bench/linkage_default.py                       # sizes 30 … 3,000 children, 3 seeds each
    .venv/bin/python bench/linkage_default.py --children 100 1000 10000 --seeds 1 2

For each size and seed: a synthetic partnership (`engine.synth`, seeds the default model was not
estimated on), whole and as a new partnership's first files would be (the police file alone; police and
children's social care), linked twice — with a model trained on its own records and with the shipped default model
(`engine.linkage.default_model`, prior estimated on the partnership) — and scored against its truth: F1 of
the automatic links, share of persons in review, and whether training failed. `MIN_TRAINING_RECORDS` is
set where the own model stops doing worse than the default.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


FILES = {"all": None, "police": ("police",), "police + csc": ("police", "csc")}


def link(model, records, config) -> tuple[float, float]:
    from engine.linkage import cluster, predict
    from engine.linkage.clusters import one_item_per_pair_of_persons

    pairs = predict(model, records, threshold=config.review_threshold, config=config)
    result = cluster(pairs, config.auto_threshold, config.review_threshold, records=records)
    review = one_item_per_pair_of_persons(result.review, result.cluster_of)
    persons = len(set(result.cluster_of.values()))
    in_review = len({result.cluster_of[u] for item in review for u in (item.uid_l, item.uid_r)})
    return result.cluster_of, in_review / persons


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--children", type=int, nargs="+", default=[30, 100, 300, 1000, 3000])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    from engine.linkage import partnership_records, train
    from engine.linkage.config import LinkageConfig
    from engine.linkage.default_model import adapted, default_model
    from engine.linkage.evaluate import evaluate, read_truth
    from engine.linkage.splink_adapter import TrainingFailed
    from engine.synth import SynthConfig, generate

    config = LinkageConfig()
    shipped = default_model()
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; default model estimated on "
          f"{shipped.statistics['estimated_on']}")
    print("children  seed  files          records |   own F1  own review | default F1  default review")
    for children in args.children:
        for seed in args.seeds:
            with tempfile.TemporaryDirectory() as tmp:
                generate(SynthConfig(children=children, seed=seed), out_dir=Path(tmp))
                everything, truth = partnership_records(tmp), read_truth(tmp)
            for files, agencies in FILES.items():
                records = [r for r in everything if agencies is None or r["agency"] in agencies]
                try:
                    clusters, review = link(train(records, seed=1, config=config), records, config)
                    own = f"{evaluate(clusters, truth)['f1']:.4f}  {review * 100:9.2f} %"
                except TrainingFailed as error:
                    own = f"fails: {str(error)[:15]}"
                clusters, review = link(adapted(shipped, records, config), records, config)
                default = f"{evaluate(clusters, truth)['f1']:.4f}  {review * 100:13.2f} %"
                print(f"{children:8,} {seed:5}  {files:13} {len(records):8,} | {own:>21} | {default}", flush=True)
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
