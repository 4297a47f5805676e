"""Validate a CSV of events a whole column at a time (pyarrow.compute) instead of a row at a time.

The per-row `RowValidator` costs 25-45 µs a row in Python; most of that is spent proving that
ordinary values are ordinary. Here each chunk of rows is turned into columns and the common, plain
forms of every field are checked and cleaned with vectorised kernels:

- text: printable characters only (ASCII, Latin-1 letters, typographic quotes and dashes), no
  backslash, at most 20,000 characters; surrounding spaces are trimmed;
- lists (record_ids, shared_with): ";"-separated items without spaces or quotes;
- date-times: YYYY-MM-DD, YYYY-MM-DD[T ]HH:MM[:SS] or DD/MM/YYYY, a real calendar date and time
  (checked by formatting the parsed value back), years 1880-2100;
- everything else (event types, enumerations, yes/no, postcodes, attributes) through the validator's
  own parser once per distinct value, so those rules are the per-row rules by construction.

A row any of these checks cannot vouch for is handed to the per-row validator, which accepts it or
gives the exact "file, line N, field F: reason" message. Rows that pass yield the same clean values
and the same content hash as the per-row path (the hash is the MD5 of the repr of the values, which
is built here as text; `tests/engine/ingest/test_columnar.py` compares the two paths).

Clean rows come out as `EventBatch` tables (one row per event, in line order) holding what the
loader writes; rows with errors come out as `ParsedRow`s.
"""

import csv
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from engine.ingest.rows import ParsedRow, RowValidator
from engine.ingest.values import MAX_TEXT

__all__ = ["CLEAN_SCHEMA", "EventBatch", "batch_from_rows", "read_events_csv"]

CHUNK = 16000  # rows per batch; each batch is a few COPY statements, and every statement has fixed costs
_TEXT = r"^[ -\[\]-~\x{a1}-\x{ac}\x{ae}-\x{17f}\x{2013}\x{2014}\x{2018}-\x{201f}\x{2026}]*$"
_LIST = r"""^[^; '"]+(;[^; '"]+)*$"""
_DATE_ISO = r"^\d{4}-\d{2}-\d{2}$"
_DATE_UK = r"^\d{2}/\d{2}/\d{4}$"
_MINUTES = r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}$"
_SECONDS = r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}$"
_STAMP = "%Y-%m-%dT%H:%M:%S"

_LOCAL = pa.timestamp("us")
_UTC = pa.timestamp("us", tz="UTC")
CLEAN_SCHEMA = pa.schema([
    ("line", pa.int64()),
    ("event_id", pa.string()),
    ("record_ids", pa.list_(pa.string())),
    ("occurred_local", _LOCAL),  # a wall-clock time in the partnership's zone ...
    ("occurred_utc", _UTC),  # ... or, when the file gave an offset, the instant
    ("time_known", pa.bool_()),
    ("recorded_local", _LOCAL),
    ("recorded_utc", _UTC),
    ("event_type", pa.string()),
    ("note", pa.string()),
    ("author", pa.string()),
    ("author_role", pa.string()),
    ("child_seen", pa.bool_()),
    ("information_source", pa.string()),
    ("location_id", pa.string()),
    ("location_kind", pa.string()),
    ("location_name", pa.string()),
    ("location_address", pa.string()),
    ("location_postcode", pa.string()),
    ("attributes", pa.string()),  # JSON text of the attributes object, null when absent
    ("shared_with", pa.list_(pa.string())),
    ("content_hash", pa.string()),
])
_RAW_PREFIX = "raw:"


@dataclass
class EventBatch:
    """Clean events rows as columns (CLEAN_SCHEMA), with each row's cells as read for reject files."""

    table: pa.Table
    raw: pa.Table | None = None  # the file's cells, one column per header name; None: see `rows`
    rows: list | None = None  # the ParsedRows the table was made from (rows not read from a CSV)

    def __len__(self) -> int:
        return self.table.num_rows

    def parsed_row(self, index: int) -> ParsedRow:
        """The row at `index` as a ParsedRow (for reject messages and reject files)."""
        if self.rows is not None:
            return self.rows[index]
        raw = {name: self.raw.column(name)[index].as_py() for name in self.raw.column_names}
        return ParsedRow(self.table.column("line")[index].as_py(), "events", raw)


def batch_from_rows(rows: list[ParsedRow]) -> EventBatch:
    """An EventBatch of already validated events rows (JSON Lines, API pushes, FHIR, SSDA903)."""
    columns: dict[str, list] = {name: [] for name in CLEAN_SCHEMA.names}
    for row in rows:
        values = row.values
        occurred, known = values["occurred_at"]
        recorded = values.get("recorded_at")
        recorded = recorded[0] if recorded else None
        columns["line"].append(row.line if isinstance(row.line, int) else None)
        columns["event_id"].append(values["event_id"])
        columns["record_ids"].append(values["record_ids"])
        columns["occurred_local"].append(occurred if occurred.tzinfo is None else None)
        columns["occurred_utc"].append(occurred if occurred.tzinfo is not None else None)
        columns["time_known"].append(known)
        columns["recorded_local"].append(recorded if recorded is not None and recorded.tzinfo is None else None)
        columns["recorded_utc"].append(recorded if recorded is not None and recorded.tzinfo is not None else None)
        for name in ("event_type", "note", "author", "author_role", "child_seen", "information_source", "location_id",
                     "location_kind", "location_name", "location_address", "location_postcode"):
            columns[name].append(values.get(name))
        attributes = values.get("attributes")
        columns["attributes"].append(None if attributes is None else json.dumps(attributes))
        columns["shared_with"].append(values.get("shared_with"))
        columns["content_hash"].append(row.content_hash)
    table = pa.table({name: pa.array(columns[name], CLEAN_SCHEMA.field(name).type) for name in CLEAN_SCHEMA.names})
    return EventBatch(table, rows=list(rows))


def read_events_csv(path, file: str, validate: RowValidator) -> Iterator[EventBatch | ParsedRow]:
    """The rows of an events CSV: clean rows in EventBatches, rows with errors as ParsedRows, in line order."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = [column.strip() for column in next(reader)]
        width = len(header)
        line = reader.line_num
        cells, lines, odd = [], [], []
        for row in reader:
            # A row is a candidate for the vectorised checks when it is the right width and its first
            # cell is not empty; anything else (blank rows, ragged rows) goes the per-row way.
            if len(row) == width and row[0]:
                cells.append(row)
                lines.append(line + 1)
            else:
                odd.append((line + 1, row))
            line = reader.line_num
            if len(cells) >= CHUNK:
                yield from _chunk(header, cells, lines, odd, validate)
                cells, lines, odd = [], [], []
        yield from _chunk(header, cells, lines, odd, validate)


def _per_row(header, width, line, row, validate) -> ParsedRow | None:
    """The per-row reading of one CSV row (as engine.ingest.sources reads it)."""
    if not any(cell.strip() for cell in row):
        return None
    if len(row) != width:
        return validate.reject(line, dict(zip(header, row, strict=False)), "(row)",
                               f"has {len(row)} cells; the header has {width}")
    return validate(line, dict(zip(header, row, strict=True)))


def _chunk(header, cells, lines, odd, validate) -> Iterator[EventBatch | ParsedRow]:
    width = len(header)
    slow: list[tuple[int, list]] = list(odd)
    table = None
    if cells:
        raw = pa.table({name: pa.array(column, pa.string()) for name, column in zip(header, zip(*cells, strict=True), strict=True)})
        ok, clean = _vectorised(raw, validate)
        if not pc.all(ok).as_py():
            keep = ok.to_pylist()
            slow.extend((lines[i], cells[i]) for i, good in enumerate(keep) if not good)
            raw, clean = raw.filter(ok), clean.filter(ok)
            line_array = pa.array([n for n, good in zip(lines, keep, strict=True) if good], pa.int64())
        else:
            line_array = pa.array(lines, pa.int64())
        table = clean.add_column(0, "line", line_array).select(CLEAN_SCHEMA.names)
        raw_cells = raw
    bad: list[ParsedRow] = []
    if slow:
        slow.sort(key=lambda item: item[0])
        good: list[ParsedRow] = []
        for line, row in slow:
            parsed = _per_row(header, width, line, row, validate)
            if parsed is None:
                continue
            (good if parsed.ok else bad).append(parsed)
        if good:
            extra = batch_from_rows(good)
            good_raw = pa.table({name: pa.array([str(r.raw.get(name, "")) for r in good], pa.string()) for name in header})
            if table is None:
                table, raw_cells = extra.table, good_raw
            else:
                table = pa.concat_tables([table, extra.table])
                raw_cells = pa.concat_tables([raw_cells, good_raw])
                order = pc.sort_indices(table.column("line"))
                table, raw_cells = table.take(order), raw_cells.take(order)
    yield from bad
    if table is not None and table.num_rows:
        yield EventBatch(table, raw=raw_cells)


# -- the vectorised checks ---------------------------------------------------------------------------


def _plain(column: pa.Array) -> pa.Array:
    """True where the text is plain: printable characters of the _TEXT set, no backslash."""
    plain = pc.or_(pc.ascii_is_printable(column), pc.equal(pc.binary_length(column), 0))
    if not pc.all(plain).as_py():  # some text beyond printable ASCII: the exact test for those
        plain = pc.or_(plain, pc.match_substring_regex(column, _TEXT))
    data = column.buffers()[2]
    if data is not None and b"\\" in data.to_pybytes():  # one scan of the whole column finds none, usually
        plain = pc.and_(plain, pc.invert(pc.match_substring(column, "\\")))
    return plain


def _repr_text(values: pa.Array, ok: pa.Array) -> tuple[pa.Array, pa.Array]:
    """repr() of plain text values (no backslash or control characters): quotes chosen as Python does."""
    single = pc.match_substring(values, "'")
    double = pc.match_substring(values, '"')
    ok = pc.and_(ok, pc.invert(pc.and_(single, double)))  # both quotes: Python escapes; leave it to the row path
    quoted = pc.if_else(single, pc.binary_join_element_wise('"', values, '"', ""),
                        pc.binary_join_element_wise("'", values, "'", ""))
    return quoted, ok


def _vectorised(raw: pa.Table, validate: RowValidator) -> tuple[pa.Array, pa.Table]:
    """(ok mask, clean columns) for a chunk of raw CSV cells; clean values are only meaningful where ok."""
    n = raw.num_rows
    ok = pa.array([True] * n, pa.bool_())
    none = pa.array(["None"] * n, pa.string())
    reprs, clean = [], {}
    for name, spec in validate.spec.fields.items():
        if name not in raw.column_names:
            reprs.append(none)
            continue
        column = raw.column(name).combine_chunks()
        if spec.type != "json":
            ok = pc.and_(ok, _plain(column))
        ok = pc.and_(ok, pc.less_equal(pc.utf8_length(column), MAX_TEXT))
        text = pc.utf8_trim(column, " ")
        present = pc.greater(pc.utf8_length(text), 0)
        if spec.required and name in validate.required:
            ok = pc.and_(ok, present)
        handler = _HANDLERS.get(spec.type, _by_distinct_value)
        value_repr, value, ok = handler(name, column, text, present, ok, validate, clean)
        reprs.append(pc.if_else(present, value_repr, none))
        if value is not None:
            clean[name] = pc.if_else(present, value, pa.nulls(n, value.type))
    ok = _check_attributes(raw, clean, reprs, ok, validate)
    joined = pc.binary_join_element_wise(*reprs, ", ")
    canonical = pc.binary_join_element_wise("[", joined, "]", "").cast(pa.binary())
    md5 = hashlib.md5
    hashes = [None if text is None else md5(text, usedforsecurity=False).hexdigest()
              for text in canonical.to_pylist()]
    clean["content_hash"] = pa.array(hashes, pa.string())
    ok = pc.fill_null(ok, False)
    columns = {}
    for field in CLEAN_SCHEMA:
        if field.name == "line":
            continue
        columns[field.name] = clean.get(field.name, pa.nulls(n, field.type))
    return ok, pa.table(columns)


def _text(name, column, text, present, ok, validate, clean):
    value_repr, ok = _repr_text(text, ok)
    return value_repr, text, ok


def _list(name, column, text, present, ok, validate, clean):
    ok = pc.and_(ok, pc.or_(pc.invert(present), pc.match_substring_regex(text, _LIST)))
    value_repr = pc.binary_join_element_wise("['", pc.replace_substring(text, ";", "', '"), "']", "")
    return value_repr, pc.split_pattern(text, ";"), ok


def _datetime(name, column, text, present, ok, validate, clean):
    date_iso = pc.match_substring_regex(text, _DATE_ISO)
    date_uk = pc.match_substring_regex(text, _DATE_UK)
    minutes = pc.match_substring_regex(text, _MINUTES)
    seconds = pc.match_substring_regex(text, _SECONDS)
    written = pc.or_(pc.or_(date_iso, date_uk), pc.or_(minutes, seconds))
    ok = pc.and_(ok, pc.or_(pc.invert(present), written))
    text = pc.if_else(written, text, pa.nulls(len(text), pa.string()))
    iso = pc.replace_substring_regex(text, r"^(\d{2})/(\d{2})/(\d{4})$", r"\3-\2-\1")
    iso = pc.replace_substring_regex(iso, r"^(\d{4}-\d{2}-\d{2})[T ]", r"\1T")
    stamp = pc.case_when(pc.make_struct(pc.or_(date_iso, date_uk), minutes),
                         pc.binary_join_element_wise(iso, "T00:00:00", ""),
                         pc.binary_join_element_wise(iso, ":00", ""), iso)
    parsed = pc.strptime(stamp, format=_STAMP, unit="us", error_is_null=True)
    # strptime refuses month 13, day 32, hour 24 and minute 60 but rolls 30 February over into March
    # and second 60 into the next minute: a real date and time keeps the day and second written.
    second = pc.second(parsed)
    real = pc.and_(pc.equal(pc.day(parsed), pc.cast(pc.utf8_slice_codeunits(stamp, 8, 10), pa.int64())),
                   pc.equal(second, pc.cast(pc.utf8_slice_codeunits(stamp, 17, 19), pa.int64())))
    ok = pc.and_(ok, pc.or_(pc.invert(present), pc.fill_null(real, False)))
    year = pc.year(parsed)
    ok = pc.and_(ok, pc.or_(pc.invert(present), pc.and_(pc.greater_equal(year, 1880), pc.less_equal(year, 2100))))
    time_known = pc.or_(minutes, seconds)
    parts = [pc.cast(part, pa.string()) for part in (year, pc.month(parsed), pc.day(parsed), pc.hour(parsed),
                                                       pc.minute(parsed))]
    stamp_repr = pc.binary_join_element_wise(*parts, ", ")
    stamp_repr = pc.if_else(pc.equal(second, 0), stamp_repr,
                            pc.binary_join_element_wise(stamp_repr, pc.cast(second, pa.string()), ", "))
    value_repr = pc.binary_join_element_wise("(datetime.datetime(", stamp_repr, "), ",
                                             pc.if_else(time_known, "True", "False"), ")", "")
    prefix = "occurred" if name == "occurred_at" else "recorded"
    if name == "occurred_at":
        clean["time_known"] = time_known
    clean[f"{prefix}_local"] = pc.if_else(present, parsed, pa.nulls(len(parsed), _LOCAL))
    return value_repr, None, ok


def _by_distinct_value(name, column, text, present, ok, validate, clean):
    """Run the field's own parser once per distinct value (event types, enumerations, yes/no, postcodes)."""
    parse = validate.parsers[name]
    encoded = pc.dictionary_encode(column)
    values, reprs, good = [], [], []
    for raw in encoded.dictionary.to_pylist():
        if not raw or raw.isspace():
            values.append(None), reprs.append("None"), good.append(True)
            continue
        try:
            value = parse(raw)
        except ValueError:
            values.append(None), reprs.append("None"), good.append(False)
            continue
        values.append(value), reprs.append(repr(value)), good.append(True)
    kind = pa.bool_() if validate.spec.fields[name].type == "bool" else pa.string()
    if kind == pa.string() and any(v is not None and not isinstance(v, str) for v in values):
        raise TypeError(f"{name}: the vectorised reader handles text-valued fields only")  # pragma: no cover
    indices = encoded.indices
    ok = pc.and_(ok, pc.take(pa.array(good, pa.bool_()), indices))
    return pc.take(pa.array(reprs, pa.string()), indices), pc.take(pa.array(values, kind), indices), ok


def _json(name, column, text, present, ok, validate, clean):
    """Attributes are parsed and checked against the event type later (_check_attributes)."""
    clean["_attributes_raw"] = column
    return pa.array(["None"] * len(column), pa.string()), None, ok


def _check_attributes(raw, clean, reprs, ok, validate):
    """Parse and check the attributes of each distinct (event type, attributes) pair once."""
    if validate.spec.name != "events":
        return ok
    position = list(validate.spec.fields).index("attributes")
    event_types = pc.fill_null(clean["event_type"], "")
    attributes = clean.pop("_attributes_raw", None)
    if attributes is None:
        attributes = pa.array([""] * len(event_types), pa.string())
    key = pc.binary_join_element_wise(event_types, attributes, "\x00")
    encoded = pc.dictionary_encode(key)
    parse = validate.parsers["attributes"]
    reprs_out, texts, good = [], [], []
    for pair in encoded.dictionary.to_pylist():
        code, _, text = pair.partition("\x00")
        values = {"event_type": code}
        try:
            if code == "":
                raise ValueError("no event type")
            if text and not text.isspace():
                values["attributes"] = parse(text)
            if validate._check_row(0, values):
                raise ValueError("attributes do not fit the event type")
        except ValueError:
            reprs_out.append("None"), texts.append(None), good.append(False)
            continue
        value = values.get("attributes")
        reprs_out.append(repr(value)), texts.append(None if value is None else json.dumps(value)), good.append(True)
    indices = encoded.indices
    reprs[position] = pc.take(pa.array(reprs_out, pa.string()), indices)
    clean["attributes"] = pc.take(pa.array(texts, pa.string()), indices)
    return pc.and_(ok, pc.take(pa.array(good, pa.bool_()), indices))


_HANDLERS = {"str": _text, "list": _list, "datetime": _datetime, "json": _json}
