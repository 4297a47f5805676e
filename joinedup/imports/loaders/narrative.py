"""What agencies write, read as it is imported: the warning signs in each new or changed event's note.

The notes of a chunk are read in one call (engine.signs.read_many: only sentences that could hold a
sign are tokenised), and the signs are written with the chunk (a COPY on PostgreSQL), in the import's
transaction: a file that fails leaves no signs behind, and a re-import of an unchanged row reads nothing.
"""

from __future__ import annotations

import json
from datetime import UTC
from zoneinfo import ZoneInfo

from django.conf import settings

from engine.signs import context_for, read_many
from joinedup.signs.models import TextSign
from joinedup.signs.services import COLUMNS, sign_row

__all__ = ["COLUMNS", "event_signs", "signs_copy_job"]

_ZONE = ZoneInfo(settings.TIME_ZONE)


def event_signs(agency_id: int, event_ids: list[int], notes: list, instant_of, event_types: list | None = None,
                births: list | None = None) -> list[tuple]:
    """Sign rows (COLUMNS order) for events: their ids, notes (None or text), `instant_of(k)`, the
    instant event k occurred (its day in the partnership's zone is the sign's day), their event types
    (what the kind of record implies: a missing report is about a missing episode) and the date of birth
    of the child each is about (None: unknown).

    The reader is told the child's age on the day the event occurred, not today's: "a man aged 19" is an
    older associate of a child who was 13 then, even if that child is 19 now, and not of one who was 18
    (rules.yaml `age_gap`). Where the date of birth is unknown (or no record of the event is a child's),
    the reader does not know the age and reads as it did before ages were known: any stated adult age
    counts as older. The ages come from dates already loaded with the chunk; nothing is queried here.
    """
    wanted = [k for k, note in enumerate(notes) if note]
    if not wanted:
        return []
    contexts = None
    if event_types is not None or births is not None:
        contexts = []
        for k in wanted:
            born = births[k] if births is not None else None
            contexts.append(context_for(event_types[k] if event_types is not None else None,
                                        born=born, on=_local_day(instant_of(k)) if born is not None else None))
    rows = []
    for k, signs in zip(wanted, read_many([notes[k] for k in wanted], contexts), strict=True):
        if not signs:
            continue
        day = _local_day(instant_of(k))
        for sign in signs:
            rows.append(sign_row(sign, source="event", source_id=event_ids[k], event_id=event_ids[k],
                                 written_on=day, agency_id=agency_id))
    return rows


def _local_day(instant):
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    return instant.astimezone(_ZONE).date()


def _copy_text(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, dict):
        value = json.dumps(value)
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def signs_copy_job(rows: list[tuple]) -> tuple[str, bytes]:
    """(COPY statement, data) for sign rows, for the import's writer thread (PostgreSQL)."""
    quoted = ", ".join(f'"{c}"' for c in COLUMNS)
    data = "".join("\t".join(_copy_text(v) for v in row) + "\n" for row in rows)
    return f'COPY "{TextSign._meta.db_table}" ({quoted}) FROM STDIN', data.encode()
