"""Open an agency file, detect its format and kind, and stream its rows."""

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from engine.ingest.errors import FileError
from engine.ingest.formats import KINDS, load_formats
from engine.ingest.rows import ParsedRow, RowValidator

__all__ = ["Source", "open_source", "rows_from_objects"]

_KEY_COLUMNS = (("event_id", "events"), ("association_id", "associations"), ("membership_id", "households"),
                ("record_id", "people"))


@dataclass
class Source:
    """A readable agency file: its format, the kinds of row it holds (in load order) and a row stream."""

    path: Path
    format: str
    kinds: tuple[str, ...]
    _reader: object = field(repr=False, default=None)

    @property
    def file(self) -> str:
        return self.path.name

    def rows(self, kind: str | None = None) -> Iterator[ParsedRow]:
        """Stream the rows of one kind (default: the file's only kind), validated."""
        kind = kind or self.kinds[0]
        if kind not in self.kinds:
            raise FileError(self.file, f"holds {', '.join(self.kinds)} rows, not {kind}")
        return self._reader(self, kind)

    def batches(self, kind: str | None = None) -> Iterator:
        """The rows of `rows(kind)`, but a CSV of events comes as columns: clean rows in
        `columnar.EventBatch`es (validated a column at a time), rows with errors as ParsedRows."""
        kind = kind or self.kinds[0]
        if self.format == "csv" and kind == "events":
            from engine.ingest.columnar import read_events_csv

            return read_events_csv(self.path, self.file, RowValidator(load_formats()[kind], self.file, known_columns=True))
        return self.rows(kind)


def open_source(path, kind: str | None = None) -> Source:
    """Detect the format of `path` and return a Source. Raises FileError if it cannot be read."""
    path = Path(path)
    if not path.is_file():
        raise FileError(str(path), "no such file")
    if kind is not None and kind not in KINDS:
        raise FileError(path.name, f"unknown kind {kind!r} (use one of {', '.join(KINDS)})")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _open_csv(path, kind)
    if suffix in {".jsonl", ".ndjson"}:
        return Source(path, "jsonl", (kind or _jsonl_kind(path),), _read_jsonl)
    if suffix == ".json":
        from engine.ingest.fhir import open_fhir_bundle

        return open_fhir_bundle(path)
    raise FileError(path.name, "unknown file type (use .csv, .jsonl or a FHIR Bundle .json)")


def _kind_from_keys(file: str, keys) -> str:
    for column, kind in _KEY_COLUMNS:
        if column in keys:
            return kind
    raise FileError(file, "cannot tell what the file holds: no record_id, event_id, association_id or membership_id")


def _jsonl_kind(path: Path) -> str:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                try:
                    first = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise FileError(path.name, f"line {number} is not valid JSON ({exc.msg})") from None
                if not isinstance(first, dict):
                    raise FileError(path.name, f"line {number} is not a JSON object")
                return _kind_from_keys(path.name, first)
    raise FileError(path.name, "the file is empty")


def _csv_header(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle), None)
    if not header:
        raise FileError(path.name, "the file is empty (a header row is needed)")
    return [column.strip() for column in header]


def _open_csv(path: Path, kind: str | None) -> Source:
    header = _csv_header(path)
    if "CHILD" in header:
        from engine.ingest.ssda903 import open_ssda903

        return open_ssda903(path, header)
    kind = kind or _kind_from_keys(path.name, header)
    spec = load_formats()[kind]
    unknown = [column for column in header if column not in spec.fields]
    if unknown:
        raise FileError(path.name, f"is not a column of {kind} files", field=unknown[0])
    duplicated = sorted({column for column in header if header.count(column) > 1})
    if duplicated:
        raise FileError(path.name, "appears more than once in the header", field=duplicated[0])
    missing = [name for name, f in spec.fields.items() if f.required and name not in header]
    if missing:
        raise FileError(path.name, "is a required column and is missing", field=missing[0])
    return Source(path, "csv", (kind,), _read_csv)


def _read_csv(source: Source, kind: str) -> Iterator[ParsedRow]:
    validate = RowValidator(load_formats()[kind], source.file, known_columns=True)
    with source.path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = [column.strip() for column in next(reader)]
        width = len(header)
        line = reader.line_num
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                line = reader.line_num
                continue
            if len(cells) != width:
                raw = dict(zip(header, cells, strict=False))
                yield validate.reject(line + 1, raw, "(row)", f"has {len(cells)} cells; the header has {width}")
            else:
                yield validate(line + 1, dict(zip(header, cells, strict=True)))
            line = reader.line_num


def _read_jsonl(source: Source, kind: str) -> Iterator[ParsedRow]:
    validate = RowValidator(load_formats()[kind], source.file)
    with source.path.open(encoding="utf-8") as handle:
        for number, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                raw = json.loads(text)
            except json.JSONDecodeError as exc:
                yield validate.reject(number, {"_line": text.rstrip("\n")}, "(line)", f"is not valid JSON ({exc.msg})")
                continue
            if not isinstance(raw, dict):
                yield validate.reject(number, {"_line": text.rstrip("\n")}, "(line)", "is not a JSON object")
                continue
            yield validate(number, raw)


def rows_from_objects(kind: str, objects, source: str = "api") -> Iterator[ParsedRow]:
    """Validate already-parsed objects (an API push) exactly as a JSON Lines file's lines; line = position from 1."""
    if kind not in KINDS:
        raise FileError(source, f"unknown kind {kind!r} (use one of {', '.join(KINDS)})")
    validate = RowValidator(load_formats()[kind], source)
    for number, raw in enumerate(objects, start=1):
        if isinstance(raw, dict):
            yield validate(number, raw)
        else:
            yield validate.reject(number, {"_value": raw}, "(row)", "is not a JSON object")
