"""Readers: every bad row names its file, line and field; each format maps to the canonical rows."""

import json

import pytest

from engine.ingest import FileError, open_source, rows_from_objects

PEOPLE_HEADER = "record_id,person_type,forename,surname,date_of_birth,sex,postcode,nhs_number\n"


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_a_clean_people_csv_gives_clean_rows(tmp_path):
    path = _write(tmp_path, "people.csv", PEOPLE_HEADER + "P1,child,Caitlin,Smith,2012-04-03,F,nr1 2ab,943 476 5919\n")
    [row] = list(open_source(path).rows())
    assert row.ok and row.kind == "people"
    assert row.values["postcode"] == "NR1 2AB" and row.values["nhs_number"] == "9434765919"


def test_a_malformed_row_names_file_line_field_and_reason(tmp_path):
    text = PEOPLE_HEADER + "P1,child,Caitlin,Smith,2012-04-03,F,NR1 2AB,\nP2,child,Dee,Jones,2012-13-40,F,NR1 2AB,\n"
    rows = list(open_source(_write(tmp_path, "people.csv", text)).rows())
    assert rows[0].ok
    [error] = rows[1].errors
    assert (error.file, error.line, error.field) == ("people.csv", 3, "date_of_birth")
    assert "not a date" in error.reason
    assert str(error).startswith("people.csv, line 3, field date_of_birth:")


def test_line_numbers_count_physical_lines_when_a_note_spans_lines(tmp_path):
    text = ('event_id,record_ids,occurred_at,event_type,note\n'
            'E1,P1,2025-01-01,youth.concern,"first line\nsecond line"\n'
            'E2,P1,not-a-date,youth.concern,ok\n')
    rows = list(open_source(_write(tmp_path, "events.csv", text)).rows())
    assert rows[0].ok
    assert rows[1].errors[0].line == 4 and rows[1].errors[0].field == "occurred_at"


def test_an_unknown_column_or_missing_required_column_rejects_the_file(tmp_path):
    with pytest.raises(FileError, match="favourite_colour"):
        open_source(_write(tmp_path, "a.csv", PEOPLE_HEADER.strip() + ",favourite_colour\n"))
    with pytest.raises(FileError, match="surname"):
        open_source(_write(tmp_path, "b.csv", "record_id,person_type,forename\n"))


def test_event_types_and_their_attributes_are_checked_against_the_vocabulary(tmp_path):
    text = ('event_id,record_ids,occurred_at,event_type,attributes\n'
            'E1,P1,2025-01-01,appointment.was_not_brought,"{""service"": ""CAMHS""}"\n'
            'E2,P1,2025-01-01,made.up.type,\n'
            'E3,P1,2025-01-01,csc.missing_episode,"{""missing_type"": ""Q""}"\n'
            'E4,P1,2025-01-01,csc.missing_episode,"{""missing_type"": ""M"", ""colour"": 1}"\n')
    rows = list(open_source(_write(tmp_path, "events.csv", text)).rows())
    assert rows[0].ok
    assert rows[1].errors[0].field == "event_type"
    assert rows[2].errors[0].field == "attributes.missing_type"
    assert rows[3].errors[0].field == "attributes.colour"


def test_jsonl_rows_and_broken_lines(tmp_path):
    lines = [json.dumps({"record_id": "Y1", "person_type": "child", "forename": "Ty", "surname": "Reed"}),
             "{not json", json.dumps({"record_id": "Y2", "person_type": "child", "forename": "Al"})]
    rows = list(open_source(_write(tmp_path, "people.jsonl", "\n".join(lines) + "\n")).rows())
    assert rows[0].ok
    assert rows[1].errors[0].line == 2 and rows[1].errors[0].field == "(line)"
    assert rows[2].errors[0].line == 3 and rows[2].errors[0].field == "surname"


def test_ssda903_header_and_missing_files(tmp_path):
    header = _write(tmp_path, "header.csv", "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nLA1,2,03/04/2012,WBRI,,0,\nLA2,7,03/04/2012,WBRI,,0,\n")
    source = open_source(header)
    assert source.format == "ssda903_header"
    good, bad = list(source.rows())
    assert good.values == {"record_id": "LA1", "la_child_id": "LA1", "person_type": "child", "sex": "F",
                           "date_of_birth": good.values["date_of_birth"]}
    assert bad.errors[0].field == "SEX" and bad.errors[0].line == 3
    missing = _write(tmp_path, "missing.csv", "CHILD,DOB,MISSING,MIS_START,MIS_END\nLA1,03/04/2012,M,01/05/2025,02/05/2025\nLA1,03/04/2012,X,03/05/2025,\n")
    ok, wrong = list(open_source(missing).rows())
    assert ok.values["event_type"] == "csc.missing_episode"
    assert ok.values["attributes"] == {"missing_type": "M", "ended_at": "2025-05-02"}
    assert wrong.errors[0].field == "MISSING"


def test_a_fhir_bundle_gives_patients_then_encounters(tmp_path):
    bundle = {"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Patient", "id": "H1", "gender": "female", "birthDate": "2012-04-03",
                      "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9434765919"}],
                      "name": [{"use": "official", "family": "Smith", "given": ["Caitlin", "Rose"]}]}},
        {"resource": {"resourceType": "Encounter", "id": "ENC1", "status": "finished",
                      "class": {"code": "EMER"}, "subject": {"reference": "Patient/H1"},
                      "period": {"start": "2025-02-01T02:30:00"}}},
        {"resource": {"resourceType": "Encounter", "id": "ENC2", "subject": {"reference": "Patient/H1"},
                      "type": [{"coding": [{"system": "https://joinedup.org.uk/fhir/CodeSystem/event-type",
                                            "code": "health.self_harm_presentation"}]}]}},
    ]}
    source = open_source(_write(tmp_path, "bundle.json", json.dumps(bundle)))
    assert source.kinds == ("people", "events")
    [patient] = list(source.rows("people"))
    assert patient.values["forename"] == "Caitlin" and patient.values["middle_names"] == "Rose"
    assert patient.values["person_type"] == "child" and patient.values["sex"] == "F"
    first, second = list(source.rows("events"))
    assert first.values["event_type"] == "health.ae_attendance"
    assert second.errors[0].field == "Encounter.period.start" and second.errors[0].line.startswith("entry 2")


def test_a_json_file_that_is_not_a_bundle_is_refused(tmp_path):
    with pytest.raises(FileError, match="not a FHIR Bundle"):
        open_source(_write(tmp_path, "x.json", json.dumps({"resourceType": "Patient"})))


def test_pushed_objects_are_validated_like_jsonl_lines():
    rows = list(rows_from_objects("people", [{"record_id": "A", "person_type": "adult", "forename": "B", "surname": "C"}, 7]))
    assert rows[0].ok and rows[1].errors[0].reason == "is not a JSON object"
