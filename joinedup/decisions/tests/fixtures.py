"""Fixtures shared by the decisions and escalations tests (and their browser tests): team managers, a child
known to social care and school, and a child whose was-not-brought pattern raised a prompt from the catalogue."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

__all__ = ["child", "managers", "reasons", "wnb_child"]

REASONS = ("Home visit on 3 March: mother engaging with the family support worker, the child attends school "
           "every day and says she feels safe at home; the concerns that led to the referral have not recurred.")


@pytest.fixture
def reasons():
    return REASONS


@pytest.fixture
def managers(make_user, users):
    """Team managers: two at children's social care, one at the school. Users get email addresses."""
    made = {
        "csc": make_user("manager", "team_manager", "csc"),
        "csc2": make_user("manager2", "team_manager", "csc"),
        "school": make_user("headteacher", "team_manager", "school"),
    }
    for user in [*users.values(), *made.values()]:
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
    return made


@pytest.fixture
def child(make_record):
    """A child held by children's social care, the school and police (linked by NHS number)."""
    csc = make_record("csc", "C1", "Mia", "Lowe", born=date(2013, 2, 14), nhs_number="9434765919")
    make_record("school", "S1", "Mia", "Lowe", born=date(2013, 2, 14), nhs_number="9434765919")
    make_record("police", "P1", "Mia", "Lowe", born=date(2013, 2, 14), nhs_number="9434765919")
    return csc.person


@pytest.fixture
def wnb_child(child, make_record, make_event):
    """The same child, not brought to three health appointments in the last months: P04 is raised."""
    from joinedup.prompts.services import evaluate_people

    health = make_record("health", "H1", "Mia", "Lowe", born=date(2013, 2, 14), nhs_number="9434765919")
    today = timezone.localdate()
    for n, days_ago in enumerate((70, 45, 20)):
        day = today - timedelta(days=days_ago)
        make_event("health", f"WNB{n}", health, "appointment.was_not_brought",
                   occurred_at=datetime(day.year, day.month, day.day, 10, tzinfo=UTC),
                   attributes={"service": "community paediatrics"})
    raised = evaluate_people([child.pk], as_of=today)
    assert any(prompt.rule_id == "P04" for prompt in raised)
    return child
