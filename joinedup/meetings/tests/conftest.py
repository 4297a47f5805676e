"""A child known to social care, police and school; the school's DSL, a nurse and the MASH; email addresses."""

from datetime import date, timedelta

import pytest
from django.utils import timezone


@pytest.fixture
def people(users, make_record, make_user):
    from joinedup.people.models import Allocation

    csc = make_record("csc", "C1", "Maya", "Lewis", born=date(2012, 5, 9), nhs_number="9434765919")
    make_record("police", "P1", "Maya", "Lewis", born=date(2012, 5, 9), nhs_number="9434765919")
    make_record("school", "S1", "Maya", "Lewis", born=date(2012, 5, 9), nhs_number="9434765919")
    other = make_record("health", "H9", "Theo", "Grant", born=date(2013, 1, 2))
    nurse = make_user("nurse", "practitioner", "health")
    manager = make_user("manager", "team_manager", "csc")
    for user in (*users.values(), nurse, manager):
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
    child = csc.person
    assert child.records.count() == 3, "the three agencies' records are one child"
    Allocation.objects.create(person=child, worker=users["socialworker"], start_date=date(2025, 1, 1))
    return {"child": child, "other": other.person, "nurse": nurse, "manager": manager, **users}


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def meeting(people, agencies, today):
    from joinedup.meetings import services

    return services.create_meeting(
        person=people["child"], kind="strategy_discussion", held_on=today - timedelta(days=14),
        chair=people["socialworker"], organiser=people["socialworker"],
        purpose="Share what each agency knows after Maya disclosed harm at school, and plan the enquiry.",
        agencies=[agencies["police"], agencies["school"], agencies["health"], agencies["csc"]])
