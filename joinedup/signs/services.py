"""Read warning signs from what someone wrote (engine/signs) and keep them with the record.

Imports read every new or changed event's note in bulk (`joinedup/imports/loaders/narrative.py`);
casework written in JoinedUp (case notes, referrals, ...) calls `store_signs` when it is saved.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from django.db import transaction

from engine.signs import FoundSign, SignContext, age_on, read_signs
from joinedup.signs.models import TextSign

__all__ = ["COLUMNS", "sign_row", "store_signs"]

# The columns the import writes (in this order), one tuple per sign.
COLUMNS = ["source", "source_id", "event_id", "person_id", "agency_id", "written_on", "category", "about",
           "certainty", "start", "end", "matched_text", "sentence", "sentence_start", "attributes"]


def sign_row(sign: FoundSign, *, source: str, source_id: int, written_on: date, agency_id: int | None,
             event_id: int | None = None, person_id: int | None = None) -> tuple:
    """One sign as a tuple in COLUMNS order."""
    return (source, source_id, event_id, person_id, agency_id, written_on, sign.category, sign.about, sign.certainty,
            sign.start, sign.end, sign.matched_text[:400], sign.sentence, sign.sentence_start, sign.attributes or {})


@transaction.atomic
def store_signs(source: str, source_id: int, text: str, *, written_on: date, agency=None, person=None,
                event=None, context: SignContext | None = None) -> list[TextSign]:
    """Read `text` and replace the signs kept for this record (a record edited is read again).

    When `person` is a child with a known date of birth and `context` gives no age, the reader is told
    the child's age on `written_on` (not today's), so "a man aged 19" is an older associate of a child of
    13 but not of one of 18 (engine/signs rules.yaml `age_gap`). Without a date of birth the age is
    unknown and any stated adult age counts as older, as before.
    """
    TextSign.objects.filter(source=source, source_id=source_id).delete()
    if (context is None or context.child_age is None) and getattr(person, "person_type", None) == "child":
        age = age_on(person.date_of_birth, written_on)
        if age is not None:
            context = replace(context or SignContext(), child_age=age)
    found = read_signs(text or "", context)
    return TextSign.objects.bulk_create([
        TextSign(**dict(zip(COLUMNS, sign_row(s, source=source, source_id=source_id, written_on=written_on,
                                                agency_id=getattr(agency, "pk", None),
                                                event_id=getattr(event, "pk", None),
                                                person_id=getattr(person, "pk", None)), strict=True)))
        for s in found
    ])
