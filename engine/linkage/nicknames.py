"""Forename nickname/diminutive equivalence groups, shipped as data (`data/nicknames.yaml`)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from engine.names import normalise_name

__all__ = ["canonical_forenames", "equivalent_forenames", "nickname_groups", "primary_canonical"]

DATA = Path(__file__).with_name("data") / "nicknames.yaml"


@lru_cache(maxsize=1)
def nickname_groups() -> tuple[tuple[str, ...], ...]:
    """Every group as normalised names, the full (canonical) name first, duplicates removed."""
    raw = yaml.safe_load(DATA.read_text(encoding="utf-8"))["groups"]
    groups = []
    for group in raw:
        names = []
        for name in group:
            key = normalise_name(str(name))
            if key and key not in names:
                names.append(key)
        if len(names) > 1:
            groups.append(tuple(names))
    return tuple(groups)


@lru_cache(maxsize=1)
def _index() -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = {}
    for group in nickname_groups():
        for name in group:
            index.setdefault(name, set()).add(group[0])
    return {name: frozenset(heads) for name, heads in index.items()}


def canonical_forenames(name: str) -> frozenset[str]:
    """The canonical full names a forename may stand for ('liz' → {'elizabeth'}); itself when in no group."""
    key = normalise_name(name).split(" ")[0] if name else ""
    if not key:
        return frozenset()
    return _index().get(key, frozenset({key}))


def primary_canonical(name: str) -> str | None:
    """One canonical key for blocking: the name itself if it heads a group, else the first canonical name."""
    heads = canonical_forenames(name)
    if not heads:
        return None
    key = normalise_name(name).split(" ")[0]
    return key if key in heads else sorted(heads)[0]


def equivalent_forenames(name: str) -> frozenset[str]:
    """All names sharing a group with `name` (including itself)."""
    key = normalise_name(name).split(" ")[0] if name else ""
    if not key:
        return frozenset()
    out = {key}
    for group in nickname_groups():
        if key in group:
            out.update(group)
    return frozenset(out)
