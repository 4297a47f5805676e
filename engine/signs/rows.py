"""Signs as the prompt evaluators' input rows (the contract in the package docstring of engine.prompts).

Each sign about the record's child becomes a row `event_type = "text.<category>"` with the source
event's id, day and agency and `about = "child"`; a sign about a parent becomes an `about = "household"`
row for the child (a midwife's "mother on a methadone programme" in the baby's birth record). Signs about
other children or other adults are kept with the record but are not the child's. One row per category
and source record: several sentences naming the same sign are one indicator on that day.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

ROW_ABOUT = {"child": "child", "parent": "household"}


def _merge_attributes(current: dict, new: dict) -> dict:
    """For sexual_activity: an adult other party wins; the youngest stated child age wins."""
    out = dict(current)
    for key, value in new.items():
        if value is None:
            continue
        old = out.get(key)
        if old is None:
            out[key] = value
        elif key == "other_party" and value == "adult":
            out[key] = value
        elif key == "child_age" and value < old:
            out[key] = value
        elif key == "other_age" and value > old:
            out[key] = value
    return out


def evaluator_rows(signs: Iterable, *, event_id: str, day: date, agency: str, source: str = "event",
                   source_type: str = "") -> list[dict]:
    """The evaluator rows for the signs read from one record (FoundSign, or any object with category,
    about, certainty, sentence, start, end and attributes). `source_type`: the record's event type."""
    rows: dict[tuple[str, str], dict] = {}
    for sign in signs:
        about = ROW_ABOUT.get(sign.about)
        if about is None:
            continue
        key = (sign.category, about)
        attrs = {"sentence": sign.sentence, "span": [sign.start, sign.end], "certainty": sign.certainty,
                 "source": source, "about_sign": sign.about}
        if source_type:
            attrs["source_type"] = source_type
        extra = {k: v for k, v in (sign.attributes or {}).items()}
        held = rows.get(key)
        if held is None:
            rows[key] = {"event_id": str(event_id), "event_type": f"text.{sign.category}", "day": day,
                         "agency": agency, "about": about, "attributes": {**attrs, **extra}}
            continue
        merged = _merge_attributes({k: held["attributes"].get(k) for k in extra}, extra)
        if held["attributes"]["certainty"] == "hedged" and sign.certainty == "asserted":
            held["attributes"].update(attrs)
        held["attributes"].update(merged)
    return list(rows.values())
