"""Agency systems push the same rows through the API, with the same validation."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from joinedup.events.models import Event
from joinedup.people.models import SourceRecord

PERSON = {"record_id": "P1", "person_type": "child", "forename": "Ty", "surname": "Reed", "date_of_birth": "2011-02-03"}


@pytest.fixture
def system(users):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=users['system']).key}")
    return client


def test_a_push_creates_records_for_the_callers_agency_and_repeating_it_changes_nothing(system):
    first = system.post("/api/imports/people/", {"rows": [PERSON]}, format="json")
    assert first.status_code == 201 and first.json()["created"] == 1
    assert SourceRecord.objects.get(record_id="P1").agency.code == "police"
    again = system.post("/api/imports/people/", {"rows": [PERSON]}, format="json")
    assert again.json()["unchanged"] == 1 and SourceRecord.objects.count() == 1


def test_an_invalid_push_imports_nothing_and_names_the_row_and_field(system):
    rows = [PERSON, {**PERSON, "record_id": "P2", "date_of_birth": "2011-02-30"}]
    response = system.post("/api/imports/people/", {"rows": rows}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == [{"line": 2, "field": "date_of_birth", "reason": "'2011-02-30' is not a date (use YYYY-MM-DD)"}]
    assert SourceRecord.objects.count() == 0


def test_events_pushed_refer_to_the_agencys_records(system):
    system.post("/api/imports/people/", {"rows": [PERSON]}, format="json")
    event = {"event_id": "E1", "record_ids": ["P1"], "occurred_at": "2025-05-01T23:00", "event_type": "police.missing_report"}
    assert system.post("/api/imports/events/", {"rows": [event]}, format="json").status_code == 201
    assert Event.objects.get().subjects.get().record_id == "P1"


def test_only_agency_system_accounts_may_push(client, users):
    client.force_login(users["police"])
    assert client.post("/api/imports/people/", {"rows": [PERSON]}, content_type="application/json").status_code == 403
    assert SourceRecord.objects.count() == 0
