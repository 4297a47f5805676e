"""The evaluators' input: one child's events, and the events of the people around the child, as rows.

Both evaluators read the same row shape (see the package docstring): the incremental one as dicts, the
bulk one as a table with the same columns. `matches` and `normalise_value` define what a sign means.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from .calendar import as_date, day_number
from .catalogue import normalise
from .model import ABOUT, Sign

COLUMNS = ("child_key", "event_id", "event_type", "day", "agency", "about", "attributes")


@dataclass(frozen=True, slots=True)
class ChildEvent:
    event_id: str
    event_type: str
    dn: int  # day number (days since 1970-01-01)
    agency: str
    about: str  # child | household | associate
    attributes: Mapping


def to_date(value: object) -> date:
    """A required date (`as_date`, refusing None, "" and anything that is not a date or an ISO string)."""
    day = as_date(value) if isinstance(value, (date, str)) else None
    if day is None:
        raise ValueError(f"not a date: {value!r}")
    return day


def attributes_of(value: object) -> Mapping:
    if value in (None, ""):
        return {}
    if isinstance(value, str):
        return json.loads(value)
    if isinstance(value, Mapping):
        return value
    raise ValueError(f"attributes must be a mapping or JSON text, not {type(value).__name__}")


def child_event(row: Mapping) -> ChildEvent:
    """One input row (dict) as a ChildEvent. Accepts `id`/`event_id`, `type`/`event_type`,
    `occurred_at`/`day`; `about` defaults to "child"."""
    about = row.get("about") or "child"
    if about not in ABOUT:
        raise ValueError(f"about must be one of {ABOUT}, not {about!r}")
    when = row["day"] if "day" in row else row["occurred_at"]
    return ChildEvent(str(row["event_id"] if "event_id" in row else row["id"]),
                      str(row["event_type"] if "event_type" in row else row["type"]),
                      day_number(to_date(when)), str(row.get("agency") or ""), about,
                      attributes_of(row.get("attributes")))


def normalise_value(value: object) -> str | None:
    """An attribute value as compared by a sign: None and "" are "not recorded"."""
    if value is None or value == "":
        return None
    return normalise(value)


def matches(sign: Sign, ev: ChildEvent) -> bool:
    """Whether `ev` is an event of the plain sign `sign` (types, about and where)."""
    if ev.event_type not in sign.types or ev.about not in sign.about:
        return False
    return all(normalise_value(ev.attributes.get(attr)) in allowed for attr, allowed in sign.where)
