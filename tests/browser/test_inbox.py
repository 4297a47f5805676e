"""The inbox in a real browser: information from another agency waits, counted in the navigation, until it is
acknowledged with an action and a note (R02)."""

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import accessibility_violations, screenshot, sign_in


@pytest.fixture
def item(transactional_db, users, make_record, make_event):
    from joinedup.inbox.services import deliver_for_events
    from joinedup.people.models import Allocation

    make_record("csc", "C1", "Amira", "Khan", born=date(2012, 6, 1), nhs_number="4857773456")
    police = make_record("police", "P1", "Amira", "Khan", born=date(2012, 6, 1), nhs_number="4857773456")
    Allocation.objects.create(person=police.person, worker=users["socialworker"], start_date=date(2025, 1, 1))
    event = make_event("police", "E1", police, "police.missing_report",
                       note="Reported missing by her mother at 22:10; found at 02:00 in a car park.")
    return deliver_for_events([event.pk]).items[0]


def test_an_inbox_item_is_acknowledged_with_an_action(page, item):
    sign_in(page, "socialworker")
    page.get_by_role("link", name="Inbox (1)").click()
    expect(page.get_by_role("heading", name="Inbox", exact=True)).to_be_visible()
    assert accessibility_violations(page) == []
    page.get_by_role("link", name="Northshire Police: Reported missing to police").click()
    expect(page.get_by_text("found at 02:00 in a car park")).to_be_visible()
    assert accessibility_violations(page) == []
    page.get_by_label("Read: no change to what we are doing is needed (say why)").check()
    page.get_by_role("button", name="Acknowledge with this action").click()
    expect(page.locator(".error-summary")).to_contain_text("why this information does not change")
    assert accessibility_violations(page) == []
    page.get_by_label("Contacted the other agency").check()
    page.get_by_label("Note").fill("Rang the missing person coordinator; return interview booked for tomorrow.")
    page.get_by_role("button", name="Acknowledge with this action").click()
    expect(page.get_by_text("Recorded what was done")).to_be_visible()
    expect(page.get_by_role("link", name="Inbox", exact=True)).to_be_visible()        # nothing open now
    expect(page.get_by_role("cell", name="Contacted the other agency", exact=False)).to_be_visible()
    screenshot(page, "inbox-acknowledged")
