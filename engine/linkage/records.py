"""Canonical people rows → a flat linkage table (one dict per record, nulls for missing/sentinel values)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import jellyfish

from engine.linkage.nicknames import canonical_forenames, primary_canonical
from engine.names import normalise_name

__all__ = ["COLUMNS", "SENTINEL_DATES", "SENTINEL_TEXT", "clean_text", "linkage_record", "partnership_records"]

SENTINEL_TEXT = frozenset({
    "", "nfa", "n f a", "no fixed abode", "unknown", "not known", "n/a", "na", "n a", "none", "null", "nil",
    "not stated", "not recorded", "tbc", "x", "xx", "xxx", "-", "--", "?", "unk", "zz99 3vz", "zz993vz",
})
SENTINEL_DATES = frozenset({date(1900, 1, 1), date(1901, 1, 1), date(1800, 1, 1), date(1970, 1, 1)})
SEX_CODES = {"m": "M", "male": "M", "f": "F", "female": "F"}
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
_NON_DIGITS = re.compile(r"\D+")

COLUMNS = (
    "unique_id", "agency", "record_id", "person_type", "forename", "forename_canonical", "forename_groups",
    "middle_names", "surname", "surname_std", "surname_all", "surname_metaphone", "former_surnames", "dob",
    "dob_year", "dob_month", "dob_day", "sex", "postcode", "postcode_sector", "postcode_district", "address",
    "nhs_number", "upn", "police_id",
)


def clean_text(value: Any) -> str | None:
    """Stripped text, or None for blanks and sentinel values ('NFA', 'UNKNOWN', 'N/A', …)."""
    if value is None:
        return None
    text = " ".join(str(value).split())
    return None if text.lower().strip(".") in SENTINEL_TEXT else text


def _clean_date(value: Any) -> date | None:
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
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


def linkage_record(agency: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """One canonical people row (engine.ingest field names) as a linkage-table record."""
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
    }


def records_from_rows(agency: str, rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [linkage_record(agency, values) for values in rows]


_PEOPLE_FILES = ("people.csv", "people.jsonl", "bundle.json")


def partnership_records(root: str | Path) -> list[dict[str, Any]]:
    """Every valid people row of a partnership directory (one sub-directory per agency), as linkage records."""
    from engine.ingest import open_source  # local: keeps this module light to import

    out: list[dict[str, Any]] = []
    for agency_dir in sorted(p for p in Path(root).iterdir() if p.is_dir() and p.name != "truth"):
        for name in _PEOPLE_FILES:
            path = agency_dir / name
            if path.exists():
                out += [linkage_record(agency_dir.name, row.values) for row in open_source(path).rows("people")
                        if row.ok]
    return out
