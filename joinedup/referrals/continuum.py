"""The partnership's continuum of need (threshold document) as choices: engine/casework/partnership.yaml."""

from __future__ import annotations

from engine.casework import NeedLevel, load_partnership

__all__ = ["need_level_choices", "need_level_name", "need_levels"]


def need_levels() -> tuple[NeedLevel, ...]:
    return load_partnership().continuum_of_need


def need_level_choices() -> list[tuple[str, str]]:
    return [(level.code, level.name) for level in need_levels()]


def need_level_name(code: str) -> str:
    """The level's name, or the stored code if the partnership has since renamed or removed it."""
    return next((level.name for level in need_levels() if level.code == code), code)
