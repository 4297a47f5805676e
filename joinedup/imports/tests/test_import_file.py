"""File imports are atomic, idempotent and say exactly what was wrong."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from joinedup.associations.models import Association
from joinedup.events.models import Event, EventShare, EventSubject
from joinedup.imports.models import ImportBatch
from joinedup.imports.services import ImportRejected, import_file
from joinedup.people.models import HouseholdMembership, Person, SourceRecord
from joinedup.places.models import Location

PEOPLE = ("record_id,person_type,forename,surname,date_of_birth,sex,address,postcode,nhs_number\n"
          "P1,child,Caitlin,Smith,2012-04-03,F,1 Mill Lane,NR1 2AB,9434765919\n"
          "P2,adult,Dean,Smith,1985-06-01,M,1 Mill Lane,NR1 2AB,\n")
EVENTS = ("event_id,record_ids,occurred_at,event_type,note,attributes,shared_with,location_address,location_postcode\n"
          'E1,P1;P2,2025-03-01T22:10,police.domestic_abuse_incident,Officers attended.,"{""children_present"": true}",csc,1 Mill Lane,NR1 2AB\n'
          'E2,P1,2025-03-04,appointment.was_not_brought,Caitlin was not brought.,"{""service"": ""CAMHS""}",,,\n')

CASE_TABLES = (Person, SourceRecord, Event, EventSubject, EventShare, Location, Association, HouseholdMembership)


def _snapshot():
    return {model.__name__: sorted(model.objects.values_list("pk", flat=True)) for model in CASE_TABLES}


@pytest.fixture
def files(tmp_path):
    (tmp_path / "people.csv").write_text(PEOPLE)
    (tmp_path / "events.csv").write_text(EVENTS)
    return tmp_path


def test_a_file_imports_people_events_links_shares_and_places(files, agencies):
    import_file(files / "people.csv", agency=agencies["police"])
    [report] = import_file(files / "events.csv", agency=agencies["police"])
    assert report.created == 2 and report.rejected == 0
    incident = Event.objects.get(source_id="E1")
    assert [s.record.record_id for s in incident.eventsubject_set.order_by("position")] == ["P1", "P2"]
    assert list(incident.shared_with.values_list("code", flat=True)) == ["csc"]
    assert incident.location.postcode == "NR1 2AB" and incident.time_known
    assert incident.occurred_at == datetime(2025, 3, 1, 22, 10, tzinfo=ZoneInfo("Europe/London"))
    assert incident.attributes == {"children_present": True} and incident.note == "Officers attended."
    assert Event.objects.filter(occurred_at__date=date(2025, 3, 4), event_type="appointment.was_not_brought").count() == 1
    assert not Event.objects.get(source_id="E2").time_known


def test_reimporting_the_same_files_changes_nothing(files, agencies):
    for name in ("people.csv", "events.csv"):
        import_file(files / name, agency=agencies["police"])
    before = _snapshot()
    hashes = list(Event.objects.values_list("content_hash", "note"))
    reports = [r for name in ("people.csv", "events.csv") for r in import_file(files / name, agency=agencies["police"])]
    assert [(r.created, r.updated, r.unchanged) for r in reports] == [(0, 0, 2), (0, 0, 2)]
    assert _snapshot() == before
    assert list(Event.objects.values_list("content_hash", "note")) == hashes


def test_a_corrected_row_updates_the_record_in_place(files, agencies):
    import_file(files / "people.csv", agency=agencies["police"])
    (files / "people.csv").write_text(PEOPLE.replace("Caitlin,Smith", "Caitlin,Smith-Jones"))
    [report] = import_file(files / "people.csv", agency=agencies["police"])
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    assert SourceRecord.objects.get(record_id="P1").surname == "Smith-Jones"


def test_a_malformed_row_is_reported_and_leaves_the_database_unchanged(files, agencies):
    import_file(files / "people.csv", agency=agencies["police"])
    before = _snapshot()
    bad = EVENTS + "E3,P1,2025-13-01,youth.concern,,,,,\n"
    (files / "events.csv").write_text(bad)
    with pytest.raises(ImportRejected) as caught:
        import_file(files / "events.csv", agency=agencies["police"])
    [error] = caught.value.report.errors
    assert (error.file, error.line, error.field) == ("events.csv", 4, "occurred_at")
    assert "events.csv, line 4, field occurred_at" in str(caught.value)
    assert "nothing was imported" in str(caught.value)
    assert _snapshot() == before
    rejected = ImportBatch.objects.get(source="events.csv")
    assert rejected.status == "rejected" and rejected.rejected == 1


def test_a_reference_to_an_unknown_record_is_a_row_error(files, agencies):
    import_file(files / "people.csv", agency=agencies["police"])
    (files / "events.csv").write_text(EVENTS.replace("E2,P1,", "E2,P9,"))
    with pytest.raises(ImportRejected) as caught:
        import_file(files / "events.csv", agency=agencies["police"])
    [error] = caught.value.report.errors
    assert error.line == 3 and error.field == "record_ids" and "P9" in error.reason
    assert Event.objects.count() == 0


def test_a_key_repeated_within_one_file_is_refused(files, agencies):
    (files / "people.csv").write_text(PEOPLE + "P1,child,Caitlin,Smyth,2012-04-03,F,,,\n")
    with pytest.raises(ImportRejected) as caught:
        import_file(files / "people.csv", agency=agencies["police"])
    assert caught.value.report.errors[0].field == "record_id" and caught.value.report.errors[0].line == 4


def test_skip_invalid_imports_the_valid_rows_and_writes_the_rejects(files, agencies, tmp_path):
    import_file(files / "people.csv", agency=agencies["police"])
    (files / "events.csv").write_text(EVENTS + "E3,P1,yesterday,youth.concern,,,,,\n")
    [report] = import_file(files / "events.csv", agency=agencies["police"], skip_invalid=True)
    assert (report.created, report.rejected) == (2, 1)
    rejects = (files / "events.csv.rejects.csv").read_text().splitlines()
    assert rejects[0] == "line,field,reason,row" and rejects[1].startswith("4,occurred_at,")


def test_the_import_command_prints_a_clear_error(files, agencies):
    (files / "people.csv").write_text(PEOPLE.replace("NR1 2AB,9434765919", "NR1 2AB,1234567890"))
    with pytest.raises(CommandError, match="people.csv, line 2, field nhs_number: '1234567890' is not a valid NHS number"):
        call_command("import", str(files / "people.csv"), agency="police", no_progress=True)
    assert SourceRecord.objects.count() == 0
    with pytest.raises(CommandError, match="no agency with code 'nope'"):
        call_command("import", str(files / "people.csv"), agency="nope")


def test_records_with_the_same_nhs_number_join_one_person_across_agencies(files, agencies, tmp_path):
    import_file(files / "people.csv", agency=agencies["police"])
    (tmp_path / "health.csv").write_text("record_id,person_type,forename,surname,nhs_number\nH1,child,Katie,Smith,9434765919\n")
    import_file(tmp_path / "health.csv", agency=agencies["health"])
    person = SourceRecord.objects.get(record_id="P1").person
    assert set(person.records.values_list("agency__code", flat=True)) == {"police", "health"}


def test_a_large_file_read_in_the_background_imports_the_same_way(files, agencies):
    import_file(files / "people.csv", agency=agencies["police"])
    rows = "".join(f"B{n},P1,2025-01-01T10:00,youth.session_attended,,,,,\n" for n in range(3000))
    (files / "events.csv").write_text(EVENTS + rows)
    [report] = import_file(files / "events.csv", agency=agencies["police"], background=True)
    assert report.created == 3002 and Event.objects.count() == 3002
    (files / "events.csv").write_text(EVENTS + rows + "B-bad,P1,2025-02-30,youth.concern,,,,,\n")
    with pytest.raises(ImportRejected) as caught:
        import_file(files / "events.csv", agency=agencies["police"], background=True)
    assert caught.value.report.errors[0].line == 3004 and Event.objects.count() == 3002


def test_an_ssda903_header_fills_in_a_known_child_and_never_blanks_the_name(tmp_path, agencies):
    (tmp_path / "people.csv").write_text("record_id,person_type,forename,surname,la_child_id\nLA1,child,Mia,Hart,LA1\n")
    import_file(tmp_path / "people.csv", agency=agencies["csc"])
    (tmp_path / "header.csv").write_text("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nLA1,2,03/04/2012,WBRI,,0,\n")
    [report] = import_file(tmp_path / "header.csv", agency=agencies["csc"])
    record = SourceRecord.objects.get(record_id="LA1")
    assert (record.forename, record.surname, record.sex, record.date_of_birth) == ("Mia", "Hart", "F", date(2012, 4, 3))
    assert report.updated == 1
    [again] = import_file(tmp_path / "header.csv", agency=agencies["csc"])
    assert (again.updated, again.unchanged) == (0, 1)
    [people_again] = import_file(tmp_path / "people.csv", agency=agencies["csc"])
    assert people_again.unchanged == 1 and SourceRecord.objects.get(record_id="LA1").sex == "F"


def test_a_persons_summary_follows_their_records(tmp_path, agencies):
    (tmp_path / "a.csv").write_text("record_id,person_type,forename,surname,nhs_number\nH1,child,Katie,Smith,9434765919\n")
    import_file(tmp_path / "a.csv", agency=agencies["health"])
    person = SourceRecord.objects.get(record_id="H1").person
    assert (person.sex, person.date_of_birth) == ("U", None)
    (tmp_path / "b.csv").write_text("record_id,person_type,forename,surname,date_of_birth,sex,nhs_number\n"
                                    "P1,child,Caitlin,Smith,2012-04-03,F,9434765919\n")
    import_file(tmp_path / "b.csv", agency=agencies["police"])
    person.refresh_from_db()
    assert (person.sex, person.date_of_birth) == ("F", date(2012, 4, 3)) and person.records.count() == 2


def test_a_changed_event_is_updated_in_place_with_its_links(files, agencies):
    import_file(files / "people.csv", agency=agencies["police"])
    import_file(files / "events.csv", agency=agencies["police"])
    before = Event.objects.get(source_id="E1")
    (files / "events.csv").write_text(EVENTS.replace("Officers attended.", "Officers attended twice.").replace(",csc,", ",,"))
    [report] = import_file(files / "events.csv", agency=agencies["police"])
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    after = Event.objects.get(source_id="E1")
    assert after.pk == before.pk and after.note == "Officers attended twice." and after.occurred_at == before.occurred_at
    assert after.attributes == {"children_present": True} and after.location == before.location
    assert [s.record.record_id for s in after.eventsubject_set.order_by("position")] == ["P1", "P2"]
    assert not after.shared_with.exists()


def test_csv_and_json_lines_store_the_same_events(files, agencies, tmp_path):
    """CSV events are validated a column at a time, JSON Lines a row at a time: the stored rows agree."""
    import csv
    import io
    import json

    for code in ("police", "health"):
        import_file(files / "people.csv", agency=agencies[code])
    import_file(files / "events.csv", agency=agencies["police"])
    lines = []
    for row in csv.DictReader(io.StringIO(EVENTS)):
        lines.append(json.dumps({k: v for k, v in row.items() if v}))
    (tmp_path / "events.jsonl").write_text("\n".join(lines) + "\n")
    import_file(tmp_path / "events.jsonl", agency=agencies["health"])
    fields = ["source_id", "event_type", "occurred_at", "time_known", "recorded_at", "attributes", "note",
              "content_hash", "location_id", "child_seen"]
    police = list(Event.objects.filter(agency=agencies["police"]).order_by("source_id").values(*fields))
    health = list(Event.objects.filter(agency=agencies["health"]).order_by("source_id").values(*fields))
    assert police == health and len(police) == 2
    assert EventSubject.objects.count() == 6 and EventShare.objects.count() == 2


@pytest.mark.parametrize("background", [False, True])
def test_an_event_key_repeated_in_a_later_chunk_is_refused_with_its_lines(files, agencies, background):
    """Chunks of events are written one behind (the chunk before is still queued while the next is checked):
    a key repeated in the very next chunk, or several chunks later, is refused all the same."""
    from engine.ingest.columnar import CHUNK

    import_file(files / "people.csv", agency=agencies["police"])
    rows = [f"B{n},P1,2025-01-01T10:00,youth.session_attended,,,,,\n" for n in range(3 * CHUNK)]
    rows[CHUNK + 500] = rows[10].replace("youth.session_attended", "youth.concern")  # the next chunk repeats B10
    rows[2 * CHUNK + 500] = rows[20]                                                # two chunks later: B20
    (files / "events.csv").write_text(EVENTS + "".join(rows))
    with pytest.raises(ImportRejected) as caught:
        import_file(files / "events.csv", agency=agencies["police"], background=background)
    [error] = caught.value.report.errors  # once bound to fail, later chunks are only validated
    assert (error.line, error.field) == (CHUNK + 504, "event_id")
    assert error.reason.startswith("'B10' appears more than once in the file")
    assert Event.objects.count() == 0
    [report] = import_file(files / "events.csv", agency=agencies["police"], background=background, skip_invalid=True)
    assert (report.created, report.rejected) == (3 * CHUNK, 2) and Event.objects.count() == 3 * CHUNK
    rejects = (files / "events.csv.rejects.csv").read_text().splitlines()
    assert [line.split(",")[:2] for line in rejects[1:]] == [[str(CHUNK + 504), "event_id"],
                                                            [str(2 * CHUNK + 504), "event_id"]]
    assert Event.objects.get(source_id="B10").event_type == "youth.session_attended"  # the first one stands
