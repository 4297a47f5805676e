"""Shared personas for platform tests: agencies, one user per role, and people held by different agencies."""

from datetime import date

import pytest


@pytest.fixture
def agencies(db):
    from joinedup.agencies.models import Agency

    specs = {
        "police": ("Northshire Police", "police"),
        "csc": ("Northshire Children's Social Care", "social_care"),
        "school": ("Hill Top Academy", "school"),
        "health": ("Northshire Hospitals NHS Trust", "health"),
        "mash": ("Northshire MASH", "mash"),
    }
    return {code: Agency.objects.create(code=code, name=name, kind=kind) for code, (name, kind) in specs.items()}


@pytest.fixture
def make_user(agencies):
    from joinedup.accounts.models import User

    def make(username: str, role: str, agency: str | None):
        return User.objects.create_user(username=username, password="correct horse battery", role=role,
                                        agency=agencies[agency] if agency else None,
                                        first_name=username.title(), last_name="Tester")

    return make


@pytest.fixture
def users(make_user):
    return {
        "police": make_user("police", "practitioner", "police"),
        "teacher": make_user("teacher", "practitioner", "school"),
        "dsl": make_user("dsl", "dsl", "school"),
        "socialworker": make_user("socialworker", "practitioner", "csc"),
        "mash": make_user("mash", "mash_officer", "mash"),
        "analyst": make_user("analyst", "analyst", None),
        "admin": make_user("admin", "administrator", None),
        "system": make_user("police-system", "agency_system", "police"),
    }


@pytest.fixture
def make_record(agencies):
    """Create a source record (and its own Person) the way an import would."""
    from joinedup.people.models import SourceRecord
    from joinedup.people.services import assign_people

    def make(agency: str, record_id: str, forename: str, surname: str, born=date(2012, 4, 3), **fields):
        record = SourceRecord(agency=agencies[agency], record_id=record_id, forename=forename, surname=surname,
                              date_of_birth=born, person_type=fields.pop("person_type", "child"),
                              content_hash="x", **fields)
        from engine.names import phonetic_key

        record.forename_key, record.surname_key = phonetic_key(forename), phonetic_key(surname)
        assign_people([record])
        record.save()
        return record

    return make


@pytest.fixture
def make_event(agencies):
    from django.utils import timezone

    from joinedup.events.models import Event, EventShare, EventSubject

    def make(agency: str, source_id: str, record, event_type="safeguarding.concern", shared_with=(), **fields):
        event = Event.objects.create(agency=agencies[agency], source_id=source_id, event_type=event_type,
                                     occurred_at=fields.pop("occurred_at", timezone.now()), content_hash="x", **fields)
        EventSubject.objects.create(event=event, record=record)
        for code in shared_with:
            EventShare.objects.create(event=event, agency=agencies[code])
        return event

    return make
