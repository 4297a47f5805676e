"""Understand a person-search query and rank candidate records against it (pure Python).

A query may mix names, a date of birth (DD/MM/YYYY or YYYY-MM-DD) and identifiers (NHS number,
UPN, or any other agency identifier). Names match by phonetic key and are ranked by Jaro-Winkler
similarity, so misspellings such as "Kaytlin Smyth" still find "Caitlin Smith".
"""

import re
from dataclasses import dataclass, field
from datetime import date

import jellyfish

from engine.ingest.values import nhs_number_is_valid, parse_date
from engine.names import normalise_name, phonetic_key

__all__ = ["SearchQuery", "parse_query", "score_record"]

_UPN = re.compile(r"^[A-Z][0-9]{11}[0-9A-Z]$")
_DATE = re.compile(r"^(\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2})$")


@dataclass(frozen=True)
class SearchQuery:
    names: tuple[str, ...] = ()
    name_keys: tuple[str, ...] = ()
    date_of_birth: date | None = None
    identifiers: tuple[str, ...] = field(default_factory=tuple)

    @property
    def empty(self) -> bool:
        return not (self.names or self.date_of_birth or self.identifiers)


def parse_query(text: str) -> SearchQuery:
    """Split free text into names, a date of birth and identifiers."""
    names, identifiers, born = [], [], None
    for token in (text or "").split():
        compact = token.strip(",;").replace("-", "") if token.replace("-", "").isdigit() else token.strip(",;")
        if _DATE.match(compact):
            try:
                born = parse_date(compact)
                continue
            except ValueError:
                pass
        if compact.isdigit() and len(compact) == 10 and nhs_number_is_valid(compact):
            identifiers.append(compact)
        elif _UPN.match(compact.upper()) or any(ch.isdigit() for ch in compact):
            identifiers.append(compact.upper())
        elif normalise_name(compact):
            names.extend(normalise_name(compact).split())
    keys = tuple(dict.fromkeys(phonetic_key(n) for n in names if phonetic_key(n)))
    return SearchQuery(tuple(names), keys, born, tuple(identifiers))


def score_record(query: SearchQuery, forename: str, surname: str, date_of_birth: date | None,
                 identifiers: set[str]) -> float:
    """How well a record matches, from 0 to 1 (for ordering results only, never shown as a rating)."""
    if query.identifiers and identifiers & set(query.identifiers):
        return 1.0
    parts = []
    record_names = normalise_name(f"{forename} {surname}").split()
    for name in query.names:
        parts.append(max((jellyfish.jaro_winkler_similarity(name, candidate) for candidate in record_names), default=0.0))
    if query.date_of_birth:
        parts.append(_date_similarity(query.date_of_birth, date_of_birth))
    return sum(parts) / len(parts) if parts else 0.0


def _date_similarity(wanted: date, held: date | None) -> float:
    if held is None:
        return 0.3
    if held == wanted:
        return 1.0
    swapped = wanted.day <= 12 and held == date(wanted.year, wanted.day, wanted.month)
    same_year = held.year == wanted.year
    if swapped or (same_year and (held.month == wanted.month or held.day == wanted.day)):
        return 0.7
    return 0.0
