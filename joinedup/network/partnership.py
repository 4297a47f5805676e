"""The partnership's context graph, built from the database and kept in memory until the records change.

`build(until)` reads the rows (`joinedup.network.rows`) and builds the graph (`engine.context.build_graph`):
about a second at demo scale (2,000 children, 24,000 events). `current()` keeps the last build per process
and rebuilds it when the records it rests on change: `version()` is one cheap query over the highest id
of every table the graph reads (imports, links, relinks, household refreshes and practitioners'
corrections all add rows) and the latest import or household refresh. Prompt evaluation always builds
afresh (`build`), inside the transaction of the import that asks for it.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import date

from django.db import connection

from engine.context import ContextGraph, Event, build_graph
from joinedup.network.rows import Readers, partnership_rows

__all__ = ["Partnership", "build", "current", "forget", "version"]


@dataclass
class Partnership:
    graph: ContextGraph
    events: dict[str, Event]
    readers: Readers
    seconds: float          # how long the build took
    token: tuple = ()


def build(until: date | None = None, scope=None) -> Partnership:
    started = time.perf_counter()
    rows, readers = partnership_rows(until, scope)
    graph, events = build_graph(rows["persons"], rows["places"], rows["groups"], rows["events"], rows["associations"],
                                rows["households"], rows["rolls"])
    return Partnership(graph, events, readers, time.perf_counter() - started)


def _tables() -> list[tuple[str, str]]:
    from joinedup.associations.models import Association, PeerGroup
    from joinedup.events.models import Event as EventRow
    from joinedup.events.models import EventShare, EventSubject
    from joinedup.imports.models import ImportBatch
    from joinedup.linkage.models import LinkRun, RecordMove
    from joinedup.people.household_models import (
        HouseholdEdit,
        HouseholdMember,
        InferredHousehold,
        PersonRelationship,
    )
    from joinedup.people.models import Person, SourceRecord
    from joinedup.places.models import Location

    highest = [(m._meta.db_table, "MAX(id)") for m in (
        EventRow, EventSubject, EventShare, Association, PeerGroup, Location, Person, SourceRecord, HouseholdMember,
        PersonRelationship, HouseholdEdit, LinkRun, RecordMove, ImportBatch)]
    return highest + [(ImportBatch._meta.db_table, "MAX(finished_at)"), (LinkRun._meta.db_table, "MAX(finished_at)"),
                      (InferredHousehold._meta.db_table, "MAX(refreshed_at)")]


def version() -> tuple:
    """Changes whenever a record the graph reads is added, relinked, refreshed or corrected."""
    sql = "SELECT " + ", ".join(f"(SELECT {what} FROM {connection.ops.quote_name(table)})"
                                for table, what in _tables())
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(str(v) for v in cursor.fetchone())


_lock = threading.Lock()
_cached: Partnership | None = None


def current() -> Partnership:
    """The partnership's graph as the records stand now (rebuilt only when they have changed)."""
    global _cached
    token = version()
    cached = _cached
    if cached is not None and cached.token == token:
        return cached
    with _lock:
        if _cached is not None and _cached.token == token:
            return _cached
        fresh = build()
        fresh.token = token
        _cached = fresh
        return fresh


def forget() -> None:
    """Drop the kept graph (tests whose rolled-back rows may reuse ids)."""
    global _cached
    with _lock:
        _cached = None
