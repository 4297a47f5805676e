"""Fixtures for the context graph tests: hand-built rows and a generated partnership with West Sussex."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from engine.synth import SynthConfig, generate

REPO_ROOT = Path(__file__).resolve().parents[3]
SEEDS_DIR = REPO_ROOT.parent / "shared" / "seeds"
GUIDANCE = REPO_ROOT.parent / "shared" / "docs" / "practice-guidance.md"


@pytest.fixture(scope="session")
def cited_lines():
    """file id ("000".."004", "guidance") -> its lines; skips if the seed texts are absent."""
    if not SEEDS_DIR.is_dir() or not GUIDANCE.is_file():
        pytest.skip("seed texts not present")
    out = {p.name[:3]: p.read_text(encoding="utf-8").splitlines() for p in SEEDS_DIR.glob("[0-9][0-9][0-9]_*.txt")}
    out["guidance"] = GUIDANCE.read_text(encoding="utf-8").splitlines()
    return out


@pytest.fixture(scope="session")
def west_sussex_partnership(tmp_path_factory) -> Path:
    """400 children with scenarios scaled up so West Sussex is injected twice."""
    out = tmp_path_factory.mktemp("context_synth")
    generate(SynthConfig(children=400, seed=11, scenario_scale=10.0), out)
    return out


def read_csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def d(day: int) -> date:
    """Day `day` of 2025 (1 = 1 January)."""
    return date.fromordinal(date(2025, 1, 1).toordinal() + day - 1)


def child(key: str, age: int = 14, label: str = "") -> dict:
    return {"key": key, "person_type": "child", "date_of_birth": date(2025 - age, 3, 1), "label": label or key}


def adult(key: str, age: int = 30) -> dict:
    return {"key": key, "person_type": "adult", "date_of_birth": date(2025 - age, 3, 1), "label": key}


def ev(event_id: str, event_type: str, day: int, who, place: str | None = None, agency: str = "police",
       end: int | None = None) -> dict:
    row = {"event_id": event_id, "event_type": event_type, "day": d(day), "agency": agency,
           "person_keys": list(who) if not isinstance(who, str) else [who], "place": place}
    if end is not None:
        row["end"] = d(end)
    return row


@pytest.fixture(scope="session")
def rows():
    return type("Rows", (), {"d": staticmethod(d), "child": staticmethod(child), "adult": staticmethod(adult),
                             "ev": staticmethod(ev), "csv": staticmethod(read_csv)})
