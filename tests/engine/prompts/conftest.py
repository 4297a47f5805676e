"""Fixtures for the prompt catalogue and evaluator tests."""

from __future__ import annotations

import copy
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

from engine.prompts import load_catalogue
from engine.prompts.catalogue import read_rules
from engine.prompts.synth import read_scenario_people, read_synth, read_truth_prompts
from engine.synth import SynthConfig, generate

REPO_ROOT = Path(__file__).resolve().parents[3]
SEEDS_DIR = REPO_ROOT.parent / "shared" / "seeds"
GUIDANCE = REPO_ROOT.parent / "shared" / "docs" / "practice-guidance.md"


@pytest.fixture(scope="session")
def cat():
    return load_catalogue()


@pytest.fixture(scope="session")
def _raw_rules():
    return read_rules()


@pytest.fixture
def raw_rules(_raw_rules):
    """A fresh, mutable copy of the parsed rules.yaml."""
    return copy.deepcopy(_raw_rules)


@pytest.fixture(scope="session")
def cited_lines():
    """file id ("000".."004", "guidance") -> its lines; skips if the seed texts are absent."""
    if not SEEDS_DIR.is_dir() or not GUIDANCE.is_file():
        pytest.skip("seed texts not present")
    out = {p.name[:3]: p.read_text(encoding="utf-8").splitlines() for p in SEEDS_DIR.glob("[0-9][0-9][0-9]_*.txt")}
    out["guidance"] = GUIDANCE.read_text(encoding="utf-8").splitlines()
    return out


class Partnership:
    """A generated synthetic partnership, read back as the evaluators' input."""

    def __init__(self, out: Path):
        self.out = out
        self.children, self.rows = read_synth(out)
        self.by_child = defaultdict(list)
        for r in self.rows:
            self.by_child[r["child_key"]].append(r)
        self.truth = read_truth_prompts(out)
        self.scenario_of = read_scenario_people(out)
        self.end = date.fromisoformat(SynthConfig().end_date)


@pytest.fixture(scope="session")
def partnership(tmp_path_factory) -> Partnership:
    """1,200 children with every scenario injected several times (scenario_scale 3)."""
    out = tmp_path_factory.mktemp("prompts_synth")
    generate(SynthConfig(children=1200, seed=23, scenario_scale=3.0), out)
    return Partnership(out)
