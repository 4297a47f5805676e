"""State shared by the loaders during one import: the agency, the batch, counts and look-ups."""

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings

from engine.ingest import ParsedRow, RowError
from joinedup.imports.loaders.bulk import lookup
from joinedup.imports.loaders.pipeline import WritePipeline

__all__ = ["LoadContext", "aware", "split_existing", "stored"]

_ZONE = ZoneInfo(settings.TIME_ZONE)


def aware(value: datetime | None) -> datetime | None:
    """Attach the partnership's time zone to a naive date-time from a file."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=_ZONE)


@dataclass
class LoadContext:
    agency: object
    batch: object
    file: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    agencies_by_code: dict = field(default_factory=dict)
    # The agency's record_id -> SourceRecord id, filled as chunks look records up. Safe to keep for
    # the whole import: rows that point at a record hold it (FOR KEY SHARE) until the import commits.
    record_ids: dict = field(default_factory=dict)
    # The agency's record_id -> the child's date of birth, for its child records whose date of birth is
    # known, looked up with record_ids: the signs reader is told the child's age when each note was written.
    child_births: dict = field(default_factory=dict)
    location_ids: dict = field(default_factory=dict)  # place key -> Location id, filled as chunks resolve places
    # Chunks of events are written by a second thread while the next is prepared (PostgreSQL).
    writer: WritePipeline = field(default_factory=WritePipeline)

    def error(self, row: ParsedRow, field_name: str, reason: str) -> tuple[ParsedRow, RowError]:
        return row, RowError(self.file, row.line, field_name, reason)


def stored(ctx, model, keys, key_column: str = "source_id") -> dict:
    """key -> (id, content_hash, import_batch_id) of the agency's rows already stored under those keys."""
    rows = lookup(model, key_column, set(keys), ["id", "content_hash", "import_batch_id"], agency_id=ctx.agency.id)
    return {key: (pk, content_hash, batch_id) for key, pk, content_hash, batch_id in rows}


def split_existing(ctx: LoadContext, rows: list[ParsedRow], existing: dict, rejected: list):
    """Sort rows into new, changed and unchanged; a key seen twice in one file is rejected.

    `existing` maps key -> (id, content_hash, import_batch_id). A row whose stored copy already came
    from this batch appeared earlier in the same file.
    """
    new, changed, seen = [], [], {}
    for row in rows:
        key = row.key
        if key in seen:
            rejected.append(ctx.error(row, _key_field(row), f"{key!r} appears more than once in the file (also line {seen[key]})"))
            continue
        seen[key] = row.line
        held = existing.get(key)
        if held is None:
            new.append(row)
        elif held[2] == ctx.batch.id:
            rejected.append(ctx.error(row, _key_field(row), f"{key!r} appears more than once in the file"))
        elif held[1] == row.content_hash:
            ctx.unchanged += 1
        else:
            changed.append((held[0], row))
    return new, changed


def _key_field(row: ParsedRow) -> str:
    return {"people": "record_id", "events": "event_id", "associations": "association_id"}.get(
        row.kind, "membership_id"
    )
