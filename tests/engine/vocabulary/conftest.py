from __future__ import annotations

import copy
from pathlib import Path

import pytest

from engine.vocabulary import load_vocabulary
from engine.vocabulary.loader import ASSOCIATIONS_PATH, EVENTS_PATH, read_yaml

REPO_ROOT = Path(__file__).resolve().parents[3]
SEEDS_DIR = REPO_ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def voc():
    return load_vocabulary()


@pytest.fixture(scope="session")
def _raw_docs():
    return read_yaml(EVENTS_PATH), read_yaml(ASSOCIATIONS_PATH)


@pytest.fixture
def raw_docs(_raw_docs):
    """Fresh, mutable copies of the parsed YAML documents (events, associations)."""
    return copy.deepcopy(_raw_docs)


@pytest.fixture(scope="session")
def seed_lines():
    """file id ("000".."004") -> list of lines of that seed text; skips if the seeds are absent."""
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"seed folder {SEEDS_DIR} not present")
    out = {}
    for path in sorted(SEEDS_DIR.glob("[0-9][0-9][0-9]_*.txt")):
        out[path.name[:3]] = path.read_text(encoding="utf-8").splitlines()
    return out
