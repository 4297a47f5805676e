"""Typed helpers that read settings from the environment (with `NAME_FILE` support for secrets)."""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

__all__ = ["envbool", "envint", "envlist", "envsecret", "envstr"]


def envstr(name: str, default: str | None = None) -> str | None:
    """Return a string setting; `NAME_FILE` names a file holding the value."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text().strip()
    return os.environ.get(name, default)


def envbool(name: str, default: bool = False) -> bool:
    value = envstr(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: int) -> int:
    value = envstr(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from exc


def envlist(name: str, default: list[str] | None = None) -> list[str]:
    value = envstr(name)
    if value is None or value == "":
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def envsecret(name: str, *, required: bool) -> str | None:
    """Return a secret; raise if it is required and missing (never fall back to a default)."""
    value = envstr(name)
    if not value and required:
        raise ImproperlyConfigured(f"{name} must be set (or {name}_FILE pointing at a file holding it)")
    return value
