"""Reference data shipped with the generator (names, nicknames, places)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).parent / "data"


@cache
def load(name: str) -> dict:
    with open(DATA / f"{name}.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def names() -> dict:
    return load("names")


def nicknames() -> dict:
    return load("nicknames")


def places() -> dict:
    return load("places")
