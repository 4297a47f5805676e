"""Reading and writing CP-IS CSV files (formats.yaml). Pure Python, never Django.

    load_cpis_formats()                        -> CpisFormats   the two files' fields, plan types and settings
    read_rows(lines, kind, file)               -> (rows, errors) every row checked; errors name file, line, field
    write_rows(rows, kind)                     -> str           CSV text with the header, cells safe for spreadsheets

A file with any error is refused whole by the platform (imports are atomic); every error is reported.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from engine.ingest.errors import FileError, RowError
from engine.ingest.values import PARSERS

__all__ = ["CpisFormats", "FileError", "RowError", "load_cpis_formats", "read_rows", "write_rows"]

FORMATS_PATH = Path(__file__).resolve().parent / "formats.yaml"
KINDS = ("plans", "accesses")


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    required: bool
    cpis: str
    doc: str
    max: int | None = None


@dataclass(frozen=True)
class FileFormat:
    kind: str
    key: tuple[str, ...]
    fields: tuple[Field, ...]

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]


@dataclass(frozen=True)
class CpisFormats:
    plan_types: Mapping[str, str]
    settings: Mapping[str, str]
    files: Mapping[str, FileFormat]


@cache
def load_cpis_formats() -> CpisFormats:
    doc = yaml.safe_load(FORMATS_PATH.read_text(encoding="utf-8"))
    files = {kind: FileFormat(kind, tuple(spec["key"]), tuple(Field(name, f["type"], bool(f["required"]), f["cpis"],
                                                                      f["doc"], f.get("max"))
                                                                for name, f in spec["fields"].items()))
             for kind, spec in doc["files"].items()}
    return CpisFormats(dict(doc["plan_types"]), dict(doc["settings"]), files)


def _parse(field: Field, raw: str, formats: CpisFormats):
    if field.type == "plan_type":
        value = raw.strip().upper()
        if value not in formats.plan_types:
            raise ValueError(f"{raw!r} is not one of {', '.join(formats.plan_types)}")
        return value
    if field.type == "setting":
        value = raw.strip().lower()
        if value not in formats.settings:
            raise ValueError(f"{raw!r} is not one of {', '.join(formats.settings)}")
        return value
    value = PARSERS[field.type](raw)
    if field.max and len(value) > field.max:
        raise ValueError(f"longer than {field.max} characters")
    return value[0] if field.type == "datetime" else value


def read_rows(lines: Iterable[str], kind: str, file: str) -> tuple[list[dict], list[RowError]]:
    """Every row of a CP-IS CSV of `kind`, parsed; and every problem, each naming its file, line and field."""
    formats = load_cpis_formats()
    spec = formats.files[kind]
    reader = csv.DictReader(lines)
    header = [h.strip() for h in (reader.fieldnames or [])]
    if not header:
        raise FileError(file, "the file is empty (a header row is needed)")
    unknown = sorted(set(header) - set(spec.columns))
    if unknown:
        raise FileError(file, f"unknown columns {', '.join(unknown)} (a {kind} file has {', '.join(spec.columns)})")
    missing = [f.name for f in spec.fields if f.required and f.name not in header]
    if missing:
        raise FileError(file, f"required columns missing: {', '.join(missing)}")
    rows, errors, seen = [], [], {}
    for line, raw in enumerate(reader, start=2):
        raw = {k.strip(): v for k, v in raw.items() if k is not None}
        row, bad = {"line": line}, False
        for field in spec.fields:
            text = (raw.get(field.name) or "").strip()
            if not text:
                if field.required:
                    errors.append(RowError(file, line, field.name, "required"))
                    bad = True
                row[field.name] = None if field.type != "str" else ""
                continue
            try:
                row[field.name] = _parse(field, text, formats)
            except ValueError as problem:
                errors.append(RowError(file, line, field.name, str(problem)))
                bad = True
        if not bad and kind == "plans" and row["end_date"] and row["end_date"] < row["start_date"]:
            errors.append(RowError(file, line, "end_date", "before the start date"))
            bad = True
        if not bad:
            key = tuple(row[k] for k in spec.key)
            if key in seen:
                errors.append(RowError(file, line, spec.key[0], f"the same row as line {seen[key]} "
                                                                f"({', '.join(spec.key)} repeated)"))
                continue
            seen[key] = line
            rows.append(row)
    return rows, errors


def _safe(value) -> str:
    text = "" if value is None else (value.isoformat(timespec="minutes") if hasattr(value, "hour") else
                                     value.isoformat() if hasattr(value, "isoformat") else str(value))
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def write_rows(rows: Iterable[Mapping], kind: str) -> str:
    """CSV text of `kind` (header first); a cell a spreadsheet would read as a formula is quoted with '."""
    spec = load_cpis_formats().files[kind]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(spec.columns)
    for row in rows:
        writer.writerow([_safe(row.get(name)) for name in spec.columns])
    return out.getvalue()
