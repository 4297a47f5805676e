"""Checking one attribute value against its declared type."""

from __future__ import annotations

from datetime import date, datetime

ATTRIBUTE_TYPES = ("str", "int", "date", "datetime", "bool", "enum", "list_enum")


def _describe(values: tuple[str, ...]) -> str:
    shown = ", ".join(values[:12])
    return shown + (", ..." if len(values) > 12 else "")


def _check_date(value: object) -> str | None:
    if isinstance(value, datetime):
        return "expected a date, not a date and time"
    if isinstance(value, date):
        return None
    if isinstance(value, str):
        try:
            date.fromisoformat(value)
            return None
        except ValueError:
            pass
    return f"expected an ISO date (YYYY-MM-DD), got {value!r}"


def _check_datetime(value: object) -> str | None:
    if isinstance(value, date):  # datetime, or a bare date
        return None
    if isinstance(value, str):
        try:
            datetime.fromisoformat(value)
            return None
        except ValueError:
            pass
    return f"expected an ISO 8601 date and time, got {value!r}"


def check_value(kind: str, values: tuple[str, ...], value: object) -> str | None:
    """The reason `value` is not a valid `kind` (with allowed `values`), or None if it is."""
    if kind == "str":
        return None if isinstance(value, str) else f"expected text, got {type(value).__name__}"
    if kind == "int":
        ok = isinstance(value, int) and not isinstance(value, bool)
        return None if ok else f"expected a whole number, got {value!r}"
    if kind == "bool":
        return None if isinstance(value, bool) else f"expected true or false, got {value!r}"
    if kind == "date":
        return _check_date(value)
    if kind == "datetime":
        return _check_datetime(value)
    if kind == "enum":
        if isinstance(value, str) and value in values:
            return None
        return f"{value!r} is not one of: {_describe(values)}"
    if kind == "list_enum":
        if not isinstance(value, (list, tuple)):
            return f"expected a list, got {type(value).__name__}"
        bad = [v for v in value if not (isinstance(v, str) and v in values)]
        return f"not allowed: {bad!r}; allowed: {_describe(values)}" if bad else None
    return f"unknown attribute type {kind!r}"
