"""Canonical people rows → a flat linkage table (one dict per record, nulls for missing/sentinel values)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import jellyfish

from engine.ingest.values import parse_date
from engine.linkage.nicknames import canonical_forenames, primary_canonical
from engine.names import normalise_name

__all__ = ["AGENCY_IDENTIFIER", "COLUMNS", "SENTINEL_DATES", "SENTINEL_TEXT", "agency_kinds", "clean_text",
           "linkage_record", "partnership_records"]

SENTINEL_TEXT = frozenset({
    "", "nfa", "n f a", "no fixed abode", "unknown", "not known", "n/a", "na", "n a", "none", "null", "nil",
    "not stated", "not recorded", "tbc", "x", "xx", "xxx", "-", "--", "?", "unk", "zz99 3vz", "zz993vz",
})
SENTINEL_DATES = frozenset({date(1900, 1, 1), date(1901, 1, 1), date(1800, 1, 1), date(1970, 1, 1)})
SEX_CODES = {"m": "M", "male": "M", "f": "F", "female": "F"}
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
_OUTWARD = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
_NON_DIGITS = re.compile(r"\D+")

COLUMNS = (
    "unique_id", "agency", "record_id", "person_type", "forename", "forename_canonical", "forename_groups",
    "middle_names", "surname", "surname_std", "surname_all", "surname_metaphone", "former_surnames", "dob",
    "dob_year", "dob_month", "dob_day", "sex", "postcode", "postcode_sector", "postcode_district", "address",
    "nhs_number", "upn", "police_id", "agency_key",
)
# The identifier by which each kind of agency tells the people it holds apart: its "agency ID". Two records
# of one agency are two people to that agency unless they carry the same one (a hospital that registered a
# child twice under one NHS number holds one patient; two police or social care records with their own ids
# are two records to that agency). `agency_key` is that identifier, or null when the agency kind has none
# (a youth service) or the record lacks it; the clustering never merges two records of one agency
# automatically unless their agency keys are equal (engine/linkage/clusters.py).
AGENCY_IDENTIFIER = {"health": "nhs_number", "school": "upn", "education": "upn", "police": "police_id",
                     "social_care": "la_child_id"}


def clean_text(value: Any) -> str | None:
    """Stripped text, or None for blanks and sentinel values ('NFA', 'UNKNOWN', 'N/A', …)."""
    if value is None:
        return None
    text = " ".join(str(value).split())
    return None if text.lower().strip(".") in SENTINEL_TEXT else text


def _clean_date(value: Any) -> date | None:
    if isinstance(value, str):
        try:
            value = parse_date(value)  # the import's reading: YYYY-MM-DD or DD/MM/YYYY
        except ValueError:
            return None
    if not isinstance(value, date) or value in SENTINEL_DATES:
        return None
    return value


def _postcode(value: Any) -> tuple[str | None, str | None, str | None]:
    text = clean_text(value)
    if not text:
        return None, None, None
    compact = text.replace(" ", "").upper()
    match = _POSTCODE.match(compact)
    if not match:
        if _OUTWARD.match(compact):  # a district only (what a young person said): compared as a district
            return None, None, compact
        # not a UK postcode but shaped like a postal code (an Eircode, '90-006'): kept raw and compared raw;
        # words ('not known', 'see address') are not a postcode at all
        if len(compact) <= 10 and any(c.isdigit() for c in compact):
            return compact, None, None
        return None, None, None
    outward, inward = match.groups()
    return f"{outward} {inward}", f"{outward} {inward[0]}", outward


def _identifier(value: Any, digits: bool = False) -> str | None:
    text = clean_text(value)
    if not text:
        return None
    text = _NON_DIGITS.sub("", text) if digits else text.replace(" ", "").upper()
    if not text or set(text) <= {"0"} or (digits and len(set(text)) == 1):
        return None
    return text


_NON_ALNUM = re.compile(r"[^a-z0-9 ]+")


def _address(text: str | None) -> str | None:
    """Lower-case, accents and punctuation removed, house numbers kept."""
    if not text:
        return None
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return " ".join(_NON_ALNUM.sub(" ", plain).split()) or None


def _surname_forms(surname: str | None) -> list[str]:
    """Hyphenated / double-barrelled surnames: every part plus the joined form."""
    if not surname:
        return []
    parts = surname.split()
    forms = ["".join(parts), *parts]
    return list(dict.fromkeys(p for p in forms if len(p) > 1))


def _former(value: Any) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, (list, tuple)) else str(value).split(";")
    out = []
    for item in items:
        text = clean_text(item)
        if text:
            name = normalise_name(text)
            if name:
                out.append(name)
    return list(dict.fromkeys(out))


def _agency_key(kind: str | None, values: Mapping[str, Any]) -> str | None:
    column = AGENCY_IDENTIFIER.get(kind or "")
    return _identifier(values.get(column), digits=column == "nhs_number") if column else None


def linkage_record(agency: str, values: Mapping[str, Any], kind: str | None = None) -> dict[str, Any]:
    """One canonical people row (engine.ingest field names) as a linkage-table record.

    `kind` is the agency's kind (police, health, school, …), which says which identifier is its own.
    """
    record_id = str(values["record_id"])
    forename_text = clean_text(values.get("forename"))
    forename = normalise_name(forename_text) if forename_text else None
    forename = forename or None
    first = forename.split(" ")[0] if forename else None
    surname_text = clean_text(values.get("surname"))
    surname = normalise_name(surname_text) if surname_text else None
    surname = surname or None
    former = _former(values.get("former_surnames"))
    surname_all = _surname_forms(surname)
    for name in former:
        surname_all += [f for f in _surname_forms(name) if f not in surname_all]
    dob = _clean_date(values.get("date_of_birth"))
    postcode, sector, district = _postcode(values.get("postcode"))
    address_text = clean_text(values.get("address"))
    address = _address(address_text)
    middle_text = clean_text(values.get("middle_names"))
    return {
        "unique_id": f"{agency}:{record_id}",
        "agency": agency,
        "record_id": record_id,
        "person_type": clean_text(values.get("person_type")),
        "forename": first,
        "forename_canonical": primary_canonical(first) if first else None,
        "forename_groups": sorted(canonical_forenames(first)) if first else None,
        "middle_names": (normalise_name(middle_text) or None) if middle_text else None,
        "surname": surname,
        "surname_std": surname.replace(" ", "") if surname else None,
        "surname_all": surname_all or None,
        "surname_metaphone": jellyfish.metaphone(surname.replace(" ", ""))[:12] or None if surname else None,
        "former_surnames": former or None,
        "dob": dob,
        "dob_year": dob.year if dob else None,
        "dob_month": dob.month if dob else None,
        "dob_day": dob.day if dob else None,
        "sex": SEX_CODES.get((clean_text(values.get("sex")) or "").lower()),
        "postcode": postcode,
        "postcode_sector": sector,
        "postcode_district": district,
        "address": address or None,
        "nhs_number": _identifier(values.get("nhs_number"), digits=True),
        "upn": _identifier(values.get("upn")),
        "police_id": _identifier(values.get("police_id")),
        "agency_key": _agency_key(kind, values),
    }


def records_from_rows(agency: str, rows: Iterable[Mapping[str, Any]], kind: str | None = None) -> list[dict[str, Any]]:
    return [linkage_record(agency, values, kind) for values in rows]


def agency_kinds(root: str | Path) -> dict[str, str]:
    """Agency code -> kind from a partnership directory's agencies.yaml (empty when there is none)."""
    path = Path(root) / "agencies.yaml"
    if not path.exists():
        return {}
    import yaml

    return {str(a["code"]): str(a["kind"]) for a in yaml.safe_load(path.read_text(encoding="utf-8")) or []}


_PEOPLE_FILES = ("people.csv", "people.jsonl", "bundle.json")


def partnership_records(root: str | Path) -> list[dict[str, Any]]:
    """Every valid people row of a partnership directory (one sub-directory per agency), as linkage records."""
    from engine.ingest import open_source  # local: keeps this module light to import

    out: list[dict[str, Any]] = []
    kinds = agency_kinds(root)
    for agency_dir in sorted(p for p in Path(root).iterdir() if p.is_dir() and p.name != "truth"):
        for name in _PEOPLE_FILES:
            path = agency_dir / name
            if path.exists():
                kind = kinds.get(agency_dir.name)
                out += [linkage_record(agency_dir.name, row.values, kind) for row in open_source(path).rows("people")
                        if row.ok]
    return out


# ---------------------------------------------------------------- the whole table at once (a million records)

_RAW = ("record_id", "person_type", "forename", "middle_names", "surname", "former_surnames", "date_of_birth", "sex",
        "address", "postcode", "nhs_number", "upn", "police_id", "la_child_id")


def _forename_parts(value: Any) -> tuple:
    text = clean_text(value)
    name = (normalise_name(text) or None) if text else None
    first = name.split(" ")[0] if name else None
    if not first:
        return None, None, None
    return first, primary_canonical(first), sorted(canonical_forenames(first))


def _surname_parts(key: str | None) -> tuple:
    surname_value, _, former_value = (key or "").partition("\x1f")
    text = clean_text(surname_value)
    surname = (normalise_name(text) or None) if text else None
    former = _former(former_value or None)
    surname_all = _surname_forms(surname)
    for name in former:
        surname_all += [f for f in _surname_forms(name) if f not in surname_all]
    std = surname.replace(" ", "") if surname else None
    return (surname, std, surname_all or None, (jellyfish.metaphone(std)[:12] or None) if std else None,
            former or None)


def _dob_parts(value: Any) -> tuple:
    dob = _clean_date(value)
    return (dob, dob.year, dob.month, dob.day) if dob else (None, None, None, None)


def _middle(value: Any) -> str | None:
    text = clean_text(value)
    return (normalise_name(text) or None) if text else None


def _map(column, fn, names: tuple[str, ...], types: dict) -> dict:
    """Apply `fn` once per distinct value of a pyarrow column and spread the results back to every row."""
    import pyarrow as pa
    import pyarrow.compute as pc

    encoded = pc.dictionary_encode(column.combine_chunks() if hasattr(column, "combine_chunks") else column)
    results = [fn(v) for v in encoded.dictionary.to_pylist()]
    null_result = fn(None)
    indices = encoded.indices
    if len(names) == 1:
        results, null_result = [(r,) for r in results], (null_result,)
    out = {}
    for i, name in enumerate(names):
        values = pa.array([r[i] for r in results] + [null_result[i]], type=types.get(name, pa.string()))
        out[name] = values.take(pc.fill_null(indices, len(results)))
    return out


def linkage_table(agency: str, rows, kind: str | None = None) -> Any:
    """Canonical people rows of one agency (a pyarrow table with engine.ingest field names, all text) as the
    linkage table: the same values `linkage_record` gives, computed once per distinct value, not per row."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from engine.linkage.splink_adapter import _schema

    schema = _schema()
    types = {f.name: f.type for f in schema}
    n = rows.num_rows

    def col(name):
        if name in rows.column_names:
            column = rows.column(name)
            if pa.types.is_list(column.type) or pa.types.is_large_list(column.type):
                return pc.binary_join(column, ";")
            if pa.types.is_timestamp(column.type):
                column = pc.cast(column, pa.date32())
            return pc.cast(column, pa.string())
        return pa.nulls(n, pa.string())

    record_id = col("record_id")
    former = col("former_surnames")
    surname_key = pc.binary_join_element_wise(pc.fill_null(col("surname"), ""), pc.fill_null(former, ""), "\x1f")
    columns: dict[str, Any] = {
        "unique_id": pc.binary_join_element_wise(pa.array([agency] * n, pa.string()), record_id, ":"),
        "agency": pa.array([agency] * n, pa.string()),
        "record_id": record_id,
    }
    columns |= _map(col("person_type"), clean_text, ("person_type",), types)
    columns |= _map(col("forename"), _forename_parts, ("forename", "forename_canonical", "forename_groups"), types)
    columns |= _map(col("middle_names"), _middle, ("middle_names",), types)
    columns |= _map(surname_key, _surname_parts,
                    ("surname", "surname_std", "surname_all", "surname_metaphone", "former_surnames"), types)
    columns |= _map(col("date_of_birth"), _dob_parts, ("dob", "dob_year", "dob_month", "dob_day"), types)
    columns |= _map(col("sex"), lambda v: SEX_CODES.get((clean_text(v) or "").lower()), ("sex",), types)
    columns |= _map(col("postcode"), _postcode, ("postcode", "postcode_sector", "postcode_district"), types)
    columns |= _map(col("address"), lambda v: _address(clean_text(v)), ("address",), types)
    columns |= _map(col("nhs_number"), lambda v: _identifier(v, digits=True), ("nhs_number",), types)
    columns |= _map(col("upn"), _identifier, ("upn",), types)
    columns |= _map(col("police_id"), _identifier, ("police_id",), types)
    own = AGENCY_IDENTIFIER.get(kind or "")
    columns["agency_key"] = (columns[own] if own in columns else
                             _map(col(own), _identifier, ("agency_key",), types)["agency_key"] if own else
                             pa.nulls(n, pa.string()))
    return pa.table([columns[f.name] for f in schema], schema=schema)


def _fhir_patients(path: Path):
    """Patient rows of a FHIR bundle written one entry per line (as engine.synth writes it), skipping the
    encounters without parsing them; None when the file is not in that shape."""
    import json

    import pyarrow as pa

    from engine.ingest.fhir import _patient_row

    rows = []
    with path.open("rb") as handle:
        first = handle.readline()
        if not first.rstrip().endswith(b'"entry":['):
            return None
        for line in handle:
            if b'"resourceType":"Patient"' not in line[:400]:
                continue
            entry = json.loads(line.rstrip().rstrip(b","))
            rows.append({k: (str(v) if v is not None else None) for k, v in _patient_row(entry["resource"]).items()})
    return pa.Table.from_pylist(rows, schema=pa.schema([(k, pa.string()) for k in _RAW if k in rows[0]])) if rows \
        else pa.table({})


def partnership_table(root: str | Path):
    """Every people row of a partnership directory as one pyarrow linkage table, built column-wise.

    The fast path for large partnerships (a million records in about a minute): people.csv through
    pyarrow's CSV reader, people.jsonl through its JSON reader, and a FHIR bundle's Patient entries; no
    per-row validation (use `partnership_records` for files that still need it).
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.json as pajson

    tables = []
    kinds = agency_kinds(root)
    for agency_dir in sorted(p for p in Path(root).iterdir() if p.is_dir() and p.name != "truth"):
        if (agency_dir / "people.csv").exists():
            names = pacsv.read_csv(agency_dir / "people.csv", read_options=pacsv.ReadOptions(block_size=1 << 20)
                                   ).column_names
            rows = pacsv.read_csv(agency_dir / "people.csv", convert_options=pacsv.ConvertOptions(
                column_types={c: pa.string() for c in names}, strings_can_be_null=True))
        elif (agency_dir / "people.jsonl").exists():
            rows = pajson.read_json(agency_dir / "people.jsonl")
        elif (agency_dir / "bundle.json").exists():
            rows = _fhir_patients(agency_dir / "bundle.json")
            if rows is None:
                rows = pa.Table.from_pylist(_ingest_rows(agency_dir / "bundle.json"))
        else:
            continue
        if rows.num_rows:
            tables.append(linkage_table(agency_dir.name, rows, kinds.get(agency_dir.name)))
    return pa.concat_tables(tables) if tables else linkage_table("none", pa.table({"record_id": pa.array([], pa.string())}))


def _ingest_rows(path: Path) -> list[dict]:
    from engine.ingest import open_source

    return [{k: (str(v) if v is not None and not isinstance(v, list) else (";".join(v) if v else None))
             for k, v in row.values.items()} for row in open_source(path).rows("people") if row.ok]
