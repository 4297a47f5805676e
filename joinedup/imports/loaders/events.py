"""Load events with the records they concern, the agencies they were shared with and their place.

Rows arrive as columns (`engine.ingest.columnar.EventBatch`: from the vectorised CSV reader, or made
from validated rows of any other format), so the events themselves are written with one COPY whose
text is built by pyarrow kernels, not a Python tuple per row.
"""

import json
from datetime import UTC, date
from itertools import chain

import pyarrow as pa
import pyarrow.compute as pc
from django.conf import settings
from django.db import connection

from engine.ingest import ParsedRow
from engine.ingest.columnar import EventBatch, batch_from_rows
from joinedup.events.models import Event, EventShare, EventSubject
from joinedup.imports.loaders.bulk import copy_job, insert, integer_copy_job, lookup, reserve_ids
from joinedup.imports.loaders.context import LoadContext, aware, stored
from joinedup.imports.loaders.narrative import COLUMNS as SIGN_COLUMNS
from joinedup.imports.loaders.narrative import event_signs, signs_copy_job
from joinedup.people.models import SourceRecord
from joinedup.places.services import location_from_values, resolve_locations
from joinedup.signs.models import TextSign

__all__ = ["load_events"]

_COLUMNS = ["id", "agency_id", "source_id", "event_type", "occurred_at", "time_known", "recorded_at", "attributes",
            "note", "author", "author_role", "child_seen", "information_source", "location_id", "content_hash",
            "import_batch_id"]
_PLACE = ("location_id", "location_kind", "location_name", "location_address", "location_postcode")
_UPDATABLE = ["event_type", "occurred_at", "time_known", "recorded_at", "attributes", "note", "author", "author_role",
              "child_seen", "information_source", "location", "content_hash", "import_batch"]


def load_events(ctx: LoadContext, rows: list[ParsedRow] | EventBatch) -> list:
    """Write one chunk of clean events; returns (row, error) for each row refused here.

    On PostgreSQL the chunk's COPYs are queued and sent by `ctx.writer` while the next chunk is prepared
    (`pipeline.py`); the import calls `ctx.writer.flush()` before anything reads what it wrote.
    """
    batch = rows if isinstance(rows, EventBatch) else batch_from_rows(rows)
    table = batch.table
    keys = table.column("event_id").to_pylist()
    record_lists = table.column("record_ids").to_pylist()
    shared_lists = table.column("shared_with").to_pylist()
    hashes = table.column("content_hash").to_pylist()
    lines = table.column("line").to_pylist()
    records = ctx.record_ids
    wanted = set(chain.from_iterable(record_lists)).difference(records)
    writer = ctx.writer
    writer.wait()  # the chunk before last is written: the connection is free and its rows are visible
    if wanted:
        found = lookup(SourceRecord, "record_id", wanted, ["id", "person_type", "date_of_birth"], agency_id=ctx.agency.id)
        records.update((key, pk) for key, pk, _, _ in found)
        ctx.child_births.update((key, _day(born)) for key, _, kind, born in found if kind == "child" and born)
    agencies = ctx.agencies_by_code
    rejected: list = []

    def refuse(index: int, field: str, reason: str) -> None:
        rejected.append(ctx.error(batch.parsed_row(index), field, reason))

    usable = []
    for index, record_ids in enumerate(record_lists):
        for record_id in record_ids:
            if record_id not in records:
                refuse(index, "record_ids", f"no people record {record_id!r} from {ctx.agency.code}; import people first")
                break
        else:
            shared = shared_lists[index]
            stranger = next((code for code in shared if code not in agencies), None) if shared else None
            if stranger is not None:
                refuse(index, "shared_with", f"{stranger!r} is not an agency code")
            else:
                usable.append(index)
    existing = stored(ctx, Event, [keys[index] for index in usable])
    unwritten = writer.pending_keys  # the previous chunk's new rows: queued, not yet in the database
    new, changed, seen = [], [], {}
    for index in usable:
        key = keys[index]
        line = batch.parsed_row(index).line if lines[index] is None else lines[index]
        if key in seen or key in unwritten:
            refuse(index, "event_id", f"{key!r} appears more than once in the file (also line {seen.get(key) or unwritten[key]})")
            continue
        seen[key] = line
        held = existing.get(key)
        if held is None:
            new.append(index)
        elif held[2] == ctx.batch.id:
            refuse(index, "event_id", f"{key!r} appears more than once in the file")
        elif held[1] == hashes[index]:
            ctx.unchanged += 1
        else:
            changed.append((held[0], index))
    locations = _locations(ctx, table, new + [index for _, index in changed])
    ids = reserve_ids(Event, len(new))
    if changed:  # rare (a corrected record): through the ORM, now, while no COPY is in flight
        updates = [_event(ctx, pk, table, index, locations.get(index)) for pk, index in changed]
        Event.objects.bulk_update(updates, _UPDATABLE)
        EventSubject.objects.filter(event__in=updates).delete()
        EventShare.objects.filter(event__in=updates).delete()
        TextSign.objects.filter(source="event", source_id__in=[e.pk for e in updates]).delete()
        _write(_link(ctx, changed, record_lists, shared_lists, records))
        insert(TextSign, SIGN_COLUMNS, event_signs(ctx.agency.id, [e.pk for e in updates], [e.note for e in updates],
                                                   lambda k: updates[k].occurred_at,
                                                   [e.event_type for e in updates],
                                                   _births(ctx, record_lists, [index for _, index in changed])))
        ctx.updated += len(updates)
    writer.submit()  # the previous chunk's COPYs go to the server while this one is built
    if new:
        rows = table.take(pa.array(new, pa.int64()))
        occurred = _instants(rows, "occurred")
        events = _write_events(ctx, rows, ids, [locations.get(index) for index in new], occurred)
        links = _link(ctx, zip(ids, new, strict=True), record_lists, shared_lists, records)
        # the warning signs in the notes, read now and written with the chunk (joinedup/signs)
        signs = event_signs(ctx.agency.id, ids, rows.column("note").to_pylist(), lambda k: occurred[k].as_py(),
                            rows.column("event_type").to_pylist(), _births(ctx, record_lists, new))
        if writer.threaded:
            jobs = [events, *(integer_copy_job(*link) for link in links if link[2])]
            if signs:
                jobs.append(signs_copy_job(signs))
        else:
            def jobs(events=events, links=links, signs=signs):
                events()
                _write(links)
                insert(TextSign, SIGN_COLUMNS, signs)
        writer.queue(jobs, {keys[index]: seen[keys[index]] for index in new})
    ctx.created += len(new)
    return rejected


def _births(ctx: LoadContext, record_lists: list, indices: list[int]) -> list:
    """For each row, the date of birth of the child it is about: its first record (in the file's order)
    that is a child with a known date of birth, from the records already looked up (no query); None when
    no record of the row is such a child (the reader then does not know the child's age)."""
    births = ctx.child_births
    if not births:
        return [None] * len(indices)
    return [next((births[r] for r in record_lists[index] if r in births), None) for index in indices]


def _day(value) -> date:
    """A date column as the database driver returns it (SQLite may give ISO text)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _locations(ctx: LoadContext, table: pa.Table, indices: list[int]) -> dict[int, int]:
    """Row index -> Location id for the rows that mention a place (creating places not yet known)."""
    if not indices:
        return {}
    mentions = pc.is_valid(table.column(_PLACE[0]))
    for name in _PLACE[1:]:
        mentions = pc.or_(mentions, pc.is_valid(table.column(name)))
    wanted = set(indices)
    with_place = [index for index in pc.indices_nonzero(mentions).to_pylist() if index in wanted]
    if not with_place:
        return {}
    columns = [table.column(name).take(pa.array(with_place, pa.int64())).to_pylist() for name in _PLACE]
    places, cache = {}, {}
    for index, fields in zip(with_place, zip(*columns, strict=True), strict=True):
        if fields not in cache:
            values = {name: value for name, value in zip(_PLACE, fields, strict=True) if value is not None}
            cache[fields] = location_from_values(values, ctx.agency.code, "venue")
        places[index] = cache[fields]
    # Places already resolved in this import are not asked for again (a place, once referenced by an
    # event of this transaction, is held by the reference check until it commits).
    known = ctx.location_ids
    unknown = [place for place in cache.values() if place and place["key"] not in known]
    if unknown:
        known.update(resolve_locations(unknown))
    return {index: known[place["key"]] for index, place in places.items() if place}


def _instants(table: pa.Table, prefix: str) -> pa.Array:
    """The UTC instants of a date-time column: wall-clock times get the partnership's zone as `aware` does."""
    local = table.column(f"{prefix}_local").combine_chunks()
    given = table.column(f"{prefix}_utc").combine_chunks()
    if local.null_count == len(local):
        return given
    zone = settings.TIME_ZONE
    earliest = pc.assume_timezone(local, zone, ambiguous="earliest", nonexistent="earliest").cast(given.type)
    latest = pc.assume_timezone(local, zone, ambiguous="earliest", nonexistent="latest").cast(given.type)
    gap = pc.fill_null(pc.not_equal(earliest, latest), False)
    if pc.any(gap).as_py():  # a time the clocks skipped: as Python's zoneinfo reads it (fold=0)
        positions = pc.indices_nonzero(gap).to_pylist()
        fixed = [aware(value).astimezone(UTC) for value in local.take(pa.array(positions)).to_pylist()]
        earliest = pc.replace_with_mask(earliest, gap, pa.array(fixed, given.type))
    return pc.coalesce(given, earliest)


def _copy_escaped(values: pa.Array) -> pa.Array:
    """Text for COPY's text format: backslash, tab, newline and carriage return escaped."""
    data = values.buffers()[2]
    raw = data.to_pybytes() if data is not None else b""
    for char, escaped in (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r")):
        if char.encode() in raw:
            values = pc.replace_substring(values, char, escaped)
    return values


def _text(values: pa.Array, default: str | None = None) -> pa.Array:
    values = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    if default is not None:
        values = pc.fill_null(values, default)
    return pc.fill_null(_copy_escaped(values), "\\N")


def _flag(values) -> pa.Array:
    return pc.fill_null(pc.if_else(values, "t", "f"), "\\N")


def _stamp(instants: pa.Array) -> pa.Array:
    wall = pc.cast(instants.cast(pa.timestamp("us")), pa.string())
    return pc.fill_null(pc.binary_join_element_wise(wall, "+00", ""), "\\N")


def _write_events(ctx: LoadContext, table: pa.Table, ids: list[int], location_ids: list, occurred: pa.Array):
    """The chunk's events as a COPY job (PostgreSQL) or, on SQLite, a function that inserts them."""
    recorded = _instants(table, "recorded")
    if connection.vendor != "postgresql":
        columns = {
            "id": ids, "occurred_at": occurred.to_pylist(), "recorded_at": recorded.to_pylist(),
            "attributes": pc.fill_null(table.column("attributes"), "{}").to_pylist(), "location_id": location_ids,
            "time_known": table.column("time_known").to_pylist(),
            "child_seen": table.column("child_seen").to_pylist(),
        }
        for name in ("event_type", "content_hash"):
            columns[name] = table.column(name).to_pylist()
        for name in ("note", "author", "author_role", "information_source"):
            columns[name] = pc.fill_null(table.column(name), "").to_pylist()
        n = table.num_rows
        columns.update(agency_id=[ctx.agency.id] * n, source_id=table.column("event_id").to_pylist(),
                       import_batch_id=[ctx.batch.id] * n)
        rows = list(zip(*(columns[name] for name in _COLUMNS), strict=True))
        return lambda: insert(Event, _COLUMNS, rows, json_as_text=True)
    lines = pc.binary_join_element_wise(
        pc.cast(pa.array(ids, pa.int64()), pa.string()),
        str(ctx.agency.id),
        _text(table.column("event_id")),
        _text(table.column("event_type")),
        _stamp(occurred),
        _flag(table.column("time_known")),
        _stamp(recorded),
        _text(table.column("attributes"), "{}"),
        _text(table.column("note"), ""),
        _text(table.column("author"), ""),
        _text(table.column("author_role"), ""),
        _flag(table.column("child_seen")),
        _text(table.column("information_source"), ""),
        pc.fill_null(pc.cast(pa.array(location_ids, pa.int64()), pa.string()), "\\N"),
        _text(table.column("content_hash")),
        f"{ctx.batch.id}\n",
        "\t",
    )
    return copy_job(Event, _COLUMNS, lines)


def _event(ctx: LoadContext, pk: int, table: pa.Table, index: int, location_id) -> Event:
    """An Event object for one changed row (updates are rare; they go through the ORM)."""
    row = table.slice(index, 1)
    [values] = row.to_pylist()
    occurred, recorded = _instants(row, "occurred")[0].as_py(), _instants(row, "recorded")[0].as_py()
    return Event(
        id=pk,
        agency=ctx.agency,
        source_id=values["event_id"],
        event_type=values["event_type"],
        occurred_at=occurred,
        time_known=values["time_known"],
        recorded_at=recorded,
        attributes=json.loads(values["attributes"]) if values["attributes"] is not None else {},
        note=values["note"] or "",
        author=values["author"] or "",
        author_role=values["author_role"] or "",
        child_seen=values["child_seen"],
        information_source=values["information_source"] or "",
        location_id=location_id,
        content_hash=values["content_hash"],
        import_batch=ctx.batch,
    )


def _link(ctx: LoadContext, pairs, record_lists: list, shared_lists: list, records: dict) -> list:
    """Which records each event concerns (in order) and which agencies it was shared with, to write."""
    subjects, shares = [], []
    agencies = ctx.agencies_by_code
    for event_id, index in pairs:
        record_ids = record_lists[index]
        if len(record_ids) == 1:
            subjects.append((event_id, records[record_ids[0]], 0))
        else:
            for position, record_id in enumerate(dict.fromkeys(record_ids)):
                subjects.append((event_id, records[record_id], position))
        shared = shared_lists[index]
        if shared:
            for code in dict.fromkeys(shared):
                shares.append((event_id, agencies[code]))
    # Nothing refers to a subject or share by id, so the database numbers them (no ids to reserve).
    return [(EventSubject, ["event_id", "record_id", "position"], subjects),
            (EventShare, ["event_id", "agency_id"], shares)]


def _write(links: list) -> None:
    """Write subjects and shares now (`integer_rows` jobs), on either database."""
    for model, columns, rows in links:
        insert(model, columns, rows, integers=True)
