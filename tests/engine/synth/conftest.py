"""Fixtures for the synthetic partnership generator tests: small generated partnerships, shared per session."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from engine.synth import SynthConfig, generate

SMALL = 60


def _generate(tmp_path_factory, name: str, children: int, seed: int) -> Path:
    out = tmp_path_factory.mktemp(name)
    generate(SynthConfig(children=children, seed=seed), out)
    return out


@pytest.fixture(scope="session")
def synth_out(tmp_path_factory) -> Path:
    return _generate(tmp_path_factory, "synth_a", SMALL, seed=5)


@pytest.fixture(scope="session")
def synth_out_again(tmp_path_factory) -> Path:
    """The same seed again, for determinism."""
    return _generate(tmp_path_factory, "synth_b", SMALL, seed=5)


@pytest.fixture(scope="session")
def synth_out_other_seed(tmp_path_factory) -> Path:
    return _generate(tmp_path_factory, "synth_c", SMALL, seed=6)


@pytest.fixture(scope="session")
def synth_medium(tmp_path_factory) -> Path:
    """Big enough (1,000 children) to hold a couple of instances of each scenario."""
    return _generate(tmp_path_factory, "synth_m", 1000, seed=11)


def read_csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def bundle_resources(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        bundle = json.load(fh)
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    return [e["resource"] for e in bundle["entry"]]


@pytest.fixture(scope="session")
def io():
    """Readers, as a fixture so test modules need not import from one another."""
    return type("IO", (), {"csv": staticmethod(read_csv), "jsonl": staticmethod(read_jsonl),
                           "bundle": staticmethod(bundle_resources)})
