"""The canonical import formats, loaded from formats.yaml."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

__all__ = ["KINDS", "FieldSpec", "KindSpec", "load_formats"]

KINDS = ("people", "events", "associations", "households")


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: str
    required: bool = False
    values: tuple[str, ...] = ()
    doc: str = ""


@dataclass(frozen=True)
class KindSpec:
    name: str
    description: str
    key: str
    fields: dict[str, FieldSpec]


@cache
def load_formats() -> dict[str, KindSpec]:
    """Return the format of each kind of file, keyed by kind name."""
    data = yaml.safe_load((Path(__file__).parent / "formats.yaml").read_text())
    kinds = {}
    for name, spec in data["kinds"].items():
        fields = {
            field: FieldSpec(
                name=field,
                type=f["type"],
                required=bool(f.get("required", False)),
                values=tuple(f.get("values", ())),
                doc=f.get("doc", ""),
            )
            for field, f in spec["fields"].items()
        }
        kinds[name] = KindSpec(name=name, description=spec["description"], key=spec["key"], fields=fields)
    return kinds
