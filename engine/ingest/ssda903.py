"""SSDA903 (children looked after) Header and Missing CSVs, read as people and events.

Header: CHILD, SEX (1 male, 2 female), DOB (dd/mm/yyyy), ETHNIC, UPN, MOTHER, MC_DOB.
Missing: CHILD, DOB, MISSING (M missing, A away from placement without authorisation), MIS_START, MIS_END.
CHILD is the local authority child identifier and becomes the record_id. Header rows carry no names,
so names are not required, and for a child the authority already holds a record of, a header row
only updates the details it carries (date of birth, sex, UPN). ETHNIC, MOTHER and MC_DOB are read
but not stored.
"""

import csv
from collections.abc import Iterator
from pathlib import Path

from engine.ingest.errors import FileError
from engine.ingest.formats import load_formats
from engine.ingest.rows import ParsedRow, RowValidator
from engine.ingest.values import parse_date

__all__ = ["open_ssda903"]

HEADER_COLUMNS = ("CHILD", "SEX", "DOB")
MISSING_COLUMNS = ("CHILD", "MISSING", "MIS_START")
_SEX = {"1": "M", "2": "F"}
_HEADER_NAMES = {"record_id": "CHILD", "la_child_id": "CHILD", "sex": "SEX", "date_of_birth": "DOB", "upn": "UPN"}
_MISSING_NAMES = {
    "record_ids": "CHILD",
    "event_id": "CHILD",
    "occurred_at": "MIS_START",
    "attributes.missing_type": "MISSING",
    "attributes.ended_at": "MIS_END",
}


def open_ssda903(path: Path, header: list[str]):
    from engine.ingest.sources import Source

    if all(column in header for column in MISSING_COLUMNS):
        return Source(path, "ssda903_missing", ("events",), _read_missing)
    if all(column in header for column in HEADER_COLUMNS):
        return Source(path, "ssda903_header", ("people",), _read_header)
    wanted = MISSING_COLUMNS if "MISSING" in header or "MIS_START" in header else HEADER_COLUMNS
    absent = next(column for column in wanted if column not in header)
    raise FileError(path.name, "is required in an SSDA903 file and is missing", field=absent)


def _rows(path: Path) -> Iterator[tuple[int, dict]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            if any((value or "").strip() for value in row.values()):
                yield reader.line_num, {key.strip(): (value or "").strip() for key, value in row.items() if key}


def _read_header(source, kind: str) -> Iterator[ParsedRow]:
    validate = RowValidator(
        load_formats()["people"], source.file, field_names=_HEADER_NAMES, optional={"forename", "surname"}
    )
    for line, row in _rows(source.path):
        errors = []
        if row.get("SEX") not in _SEX:
            errors.append(validate.error(line, "sex", f"{row.get('SEX')!r} is not an SSDA903 sex code (1 or 2)"))
        raw = {
            "record_id": row.get("CHILD"),
            "la_child_id": row.get("CHILD"),
            "person_type": "child",
            "sex": _SEX.get(row.get("SEX"), "U"),
            "date_of_birth": row.get("DOB"),
            "upn": row.get("UPN"),
        }
        # A header row carries only some of a child's details: it fills in, never blanks, a record.
        yield validate(line, raw, extra={"source_row": row, "partial": True}, errors=errors)


def _read_missing(source, kind: str) -> Iterator[ParsedRow]:
    validate = RowValidator(load_formats()["events"], source.file, field_names=_MISSING_NAMES)
    for line, row in _rows(source.path):
        attributes = {"missing_type": row.get("MISSING", "")}
        if row.get("MIS_END"):
            try:
                attributes["ended_at"] = parse_date(row["MIS_END"]).isoformat()
            except ValueError:
                attributes["ended_at"] = row["MIS_END"]
        raw = {
            "event_id": f"903M-{row.get('CHILD', '')}-{row.get('MIS_START', '')}",
            "record_ids": row.get("CHILD"),
            "occurred_at": row.get("MIS_START"),
            "event_type": "csc.missing_episode",
            "attributes": attributes,
            "information_source": "record",
        }
        yield validate(line, raw, extra={"source_row": row})
