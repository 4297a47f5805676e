"""Load events with the records they concern, the agencies they were shared with and their place."""

from engine.ingest import ParsedRow
from joinedup.events.models import Event, EventShare, EventSubject
from joinedup.imports.loaders.bulk import insert, lookup, reserve_ids
from joinedup.imports.loaders.context import LoadContext, aware, split_existing, stored
from joinedup.people.models import SourceRecord
from joinedup.places.services import location_from_values, resolve_locations

__all__ = ["load_events"]

_COLUMNS = ["id", "agency_id", "source_id", "event_type", "occurred_at", "time_known", "recorded_at", "attributes",
            "note", "author", "author_role", "child_seen", "information_source", "location_id", "content_hash",
            "import_batch_id"]




def load_events(ctx: LoadContext, rows: list[ParsedRow]) -> list:
    rejected: list = []
    record_ids = {record_id for row in rows for record_id in row.values["record_ids"]}
    records = dict(lookup(SourceRecord, "record_id", record_ids, ["id"], agency_id=ctx.agency.id))
    usable = []
    for row in rows:
        unknown = [r for r in row.values["record_ids"] if r not in records]
        strangers = [a for a in row.values.get("shared_with", []) if a not in ctx.agencies_by_code]
        if unknown:
            rejected.append(ctx.error(row, "record_ids", f"no people record {unknown[0]!r} from {ctx.agency.code}; import people first"))
        elif strangers:
            rejected.append(ctx.error(row, "shared_with", f"{strangers[0]!r} is not an agency code"))
        else:
            usable.append(row)
    existing = stored(ctx, Event, [row.key for row in usable])
    new, changed = split_existing(ctx, usable, existing, rejected)
    places = {row.line: location_from_values(row.values, ctx.agency.code, "venue") for row in new}
    places.update({row.line: location_from_values(row.values, ctx.agency.code, "venue") for _, row in changed})
    locations = resolve_locations([place for place in places.values() if place])
    ids = reserve_ids(Event, len(new))
    insert(Event, _COLUMNS, [_event_row(ctx, pk, row, places[row.line], locations) for pk, row in zip(ids, new, strict=True)])
    _link(ctx, zip(ids, new, strict=True), records)
    ctx.created += len(new)
    if changed:
        updates = [_event(ctx, row, places[row.line], locations, pk=pk) for pk, row in changed]
        Event.objects.bulk_update(updates, ["event_type", "occurred_at", "time_known", "recorded_at", "attributes",
                                            "note", "author", "author_role", "child_seen", "information_source",
                                            "location", "content_hash", "import_batch"])
        EventSubject.objects.filter(event__in=updates).delete()
        EventShare.objects.filter(event__in=updates).delete()
        _link(ctx, changed, records)
        ctx.updated += len(updates)
    return rejected


def _event(ctx: LoadContext, row: ParsedRow, place, locations, pk=None) -> Event:
    values = row.values
    occurred_at, time_known = values["occurred_at"]
    recorded_at = values.get("recorded_at")
    return Event(
        id=pk,
        agency=ctx.agency,
        source_id=row.key,
        event_type=values["event_type"],
        occurred_at=aware(occurred_at),
        time_known=time_known,
        recorded_at=aware(recorded_at[0]) if recorded_at else None,
        attributes=values.get("attributes", {}),
        note=values.get("note", ""),
        author=values.get("author", ""),
        author_role=values.get("author_role", ""),
        child_seen=values.get("child_seen"),
        information_source=values.get("information_source", ""),
        location_id=locations[place["key"]] if place else None,
        content_hash=row.content_hash,
        import_batch=ctx.batch,
    )


def _event_row(ctx: LoadContext, pk: int, row: ParsedRow, place, locations) -> tuple:
    values = row.values
    occurred_at, time_known = values["occurred_at"]
    recorded_at = values.get("recorded_at")
    return (pk, ctx.agency.id, row.key, values["event_type"], aware(occurred_at), time_known,
            aware(recorded_at[0]) if recorded_at else None, values.get("attributes", {}), values.get("note", ""),
            values.get("author", ""), values.get("author_role", ""), values.get("child_seen"),
            values.get("information_source", ""), locations[place["key"]] if place else None, row.content_hash,
            ctx.batch.id)


def _link(ctx: LoadContext, pairs, records: dict) -> None:
    """Write which records each event concerns (in order) and which agencies it was shared with."""
    subjects, shares = [], []
    for event_id, row in pairs:
        for position, record_id in enumerate(dict.fromkeys(row.values["record_ids"])):
            subjects.append((event_id, records[record_id], position))
        for code in dict.fromkeys(row.values.get("shared_with", [])):
            shares.append((event_id, ctx.agencies_by_code[code]))
    insert(EventSubject, ["id", "event_id", "record_id", "position"],
           [(pk, *subject) for pk, subject in zip(reserve_ids(EventSubject, len(subjects)), subjects, strict=True)])
    insert(EventShare, ["id", "event_id", "agency_id"],
           [(pk, *share) for pk, share in zip(reserve_ids(EventShare, len(shares)), shares, strict=True)])
