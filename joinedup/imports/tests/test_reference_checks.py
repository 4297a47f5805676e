"""Events, subjects and shares cannot point at rows that do not exist (set-based triggers, events 0002).

The per-row foreign-key constraints on these tables were replaced by statement-level checks for
import speed; these tests prove the database still refuses a dangling reference however it is
written (ORM insert, COPY, update) and refuses to delete a row something still points at.
"""

from datetime import UTC, datetime

import pytest
from django.db import IntegrityError, connection, transaction

from joinedup.events.models import Event, EventShare, EventSubject
from joinedup.imports.loaders.bulk import insert, reserve_ids
from joinedup.people.models import SourceRecord
from joinedup.places.models import Location

MISSING = 987_654_321


@pytest.fixture
def event(agencies):
    record = SourceRecord.objects.create(agency=agencies["police"], record_id="P1", person_type="child",
                                         forename="Ty", surname="Reed")
    event = Event.objects.create(agency=agencies["police"], source_id="E1", event_type="youth.concern",
                                 occurred_at=datetime(2025, 1, 1, tzinfo=UTC), content_hash="x")
    EventSubject.objects.create(event=event, record=record)
    return event


def _refused(write) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        write()


def test_a_subject_or_share_pointing_at_a_missing_row_is_refused(event, agencies):
    record = SourceRecord.objects.get()
    _refused(lambda: EventSubject.objects.create(event_id=MISSING, record=record))
    _refused(lambda: EventSubject.objects.create(event=event, record_id=MISSING))
    _refused(lambda: EventShare.objects.create(event_id=MISSING, agency=agencies["csc"]))
    _refused(lambda: EventShare.objects.create(event=event, agency_id=MISSING))
    assert EventSubject.objects.count() == 1 and EventShare.objects.count() == 0


def test_an_event_pointing_at_a_missing_agency_or_place_is_refused(event):
    _refused(lambda: Event.objects.create(agency_id=MISSING, source_id="E2", event_type="youth.concern",
                                          occurred_at=datetime(2025, 1, 1, tzinfo=UTC), content_hash="x"))
    _refused(lambda: Event.objects.filter(pk=event.pk).update(location_id=MISSING))
    place = Location.objects.create(key="k", kind="address", address="1 Mill Lane")
    Event.objects.filter(pk=event.pk).update(location_id=place.id)  # an existing place is fine
    assert Event.objects.get(pk=event.pk).location == place


def test_bulk_copy_with_one_dangling_reference_is_refused_as_a_whole(event):
    record = SourceRecord.objects.get()
    rows = [(pk, event.id if n else MISSING, record.id, 1) for n, pk in enumerate(reserve_ids(EventSubject, 3))]
    _refused(lambda: insert(EventSubject, ["id", "event_id", "record_id", "position"], rows))
    assert EventSubject.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite checks written rows only (migration events 0002)")
def test_a_row_still_referenced_cannot_be_deleted_behind_the_orms_back(event, agencies):
    record = SourceRecord.objects.get()
    for table, pk in (("people_sourcerecord", record.id), ("events_event", event.id),
                      ("agencies_agency", agencies["police"].id)):
        def delete(table=table, pk=pk):
            with connection.cursor() as cursor:
                cursor.execute(f'DELETE FROM "{table}" WHERE id = %s', [pk])
        _refused(delete)
    # Through the ORM, deleting the event deletes its subjects first, as on_delete=CASCADE says.
    event.delete()
    assert EventSubject.objects.count() == 0 and SourceRecord.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_database_with_events_can_still_be_emptied_between_tests(agencies):
    """Django flushes after a TransactionTestCase (TRUNCATE on PostgreSQL, DELETE per table on SQLite)."""
    record = SourceRecord.objects.create(agency=agencies["police"], record_id="P1", person_type="child",
                                         forename="Ty", surname="Reed")
    event = Event.objects.create(agency=agencies["police"], source_id="E1", event_type="youth.concern",
                                 occurred_at=datetime(2025, 1, 1, tzinfo=UTC), content_hash="x")
    EventSubject.objects.create(event=event, record=record)
    EventShare.objects.create(event=event, agency=agencies["csc"])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_a_referenced_record_is_held_until_the_writing_transaction_ends(agencies):
    """As a foreign key does: while an import that points at a record is open, nobody else can delete it,
    whether the record was first referenced by this statement or by an earlier one (events 0003)."""
    import psycopg

    record = SourceRecord.objects.create(agency=agencies["police"], record_id="P1", person_type="child",
                                         forename="Ty", surname="Reed")
    other = SourceRecord.objects.create(agency=agencies["police"], record_id="P2", person_type="child",
                                        forename="Jo", surname="Reed")
    settings = connection.settings_dict
    dsn = (f"host={settings['HOST'] or '127.0.0.1'} port={settings['PORT'] or 5432} dbname={settings['NAME']} "
           f"user={settings['USER']}" + (f" password={settings['PASSWORD']}" if settings["PASSWORD"] else ""))
    try:
        with transaction.atomic():
            events = [Event.objects.create(agency=agencies["police"], source_id=f"E{n}", event_type="youth.concern",
                                           occurred_at=datetime(2025, 1, 1, tzinfo=UTC), content_hash="x")
                      for n in range(2)]
            EventSubject.objects.create(event=events[0], record=record)
            EventSubject.objects.create(event=events[1], record=record)  # held already: no second lock taken
            with psycopg.connect(dsn, autocommit=True) as elsewhere:
                elsewhere.execute("SET lock_timeout = '300ms'")
                with pytest.raises(psycopg.errors.LockNotAvailable):
                    elsewhere.execute("DELETE FROM people_sourcerecord WHERE id = %s", [record.id])
                elsewhere.execute("DELETE FROM people_sourcerecord WHERE id = %s", [other.id])  # not referenced
            raise RuntimeError("roll back")
    except RuntimeError:
        pass
    assert SourceRecord.objects.filter(pk=record.pk).exists() and not SourceRecord.objects.filter(pk=other.pk).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's trigger names the column, not the value")
def test_the_refusal_names_the_missing_reference(event):
    with pytest.raises(IntegrityError, match=str(MISSING)), transaction.atomic():
        EventSubject.objects.create(event=event, record_id=MISSING)
