"""A strategy discussion in a real browser: agencies invited, attendance, a decision with reasons, two actions
(one already overdue), minutes circulated, one action done with a note, and the overdue one raising a drift
prompt in its owner's queue (R21, R22)."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import accessibility_violations, screenshot, sign_in


@pytest.fixture
def child(transactional_db, users, make_record):
    for user in users.values():
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
    csc = make_record("csc", "C1", "Maya", "Lewis", born=date(2012, 5, 9), nhs_number="9434765919")
    make_record("police", "P1", "Maya", "Lewis", born=date(2012, 5, 9), nhs_number="9434765919")
    make_record("school", "S1", "Maya", "Lewis", born=date(2012, 5, 9), nhs_number="9434765919")
    return csc.person


def test_a_strategy_discussion_with_an_overdue_action_raising_a_drift_prompt(page, child):
    today = timezone.localdate()
    held = today - timedelta(days=10)
    sign_in(page, "socialworker")
    page.goto(f"/people/{child.pk}/")
    page.get_by_role("link", name="Meetings", exact=True).click()
    expect(page.get_by_role("heading", name="Meetings about Maya Lewis")).to_be_visible()
    assert accessibility_violations(page) == []
    page.get_by_role("link", name="Record a meeting").click()
    page.get_by_label("Kind of meeting").select_option(label="Strategy discussion")
    page.get_by_label("Date held").fill(held.isoformat())
    page.get_by_label("Purpose").fill("Share what each agency knows after Maya's disclosure at school and plan the enquiry.")
    for agency in ("Northshire Police", "Hill Top Academy", "Northshire Hospitals NHS Trust"):
        page.get_by_label(agency).check()
    page.get_by_label("The child's views and wishes").fill("Maya told her teacher she wants to stay at Hill Top.")
    assert accessibility_violations(page) == []
    screenshot(page, "meeting-new")
    page.get_by_role("button", name="Record meeting").click()
    expect(page.get_by_role("heading", name="Strategy discussion about Maya Lewis")).to_be_visible()

    # attendance, per agency
    page.get_by_label("How Northshire Police took part").select_option(label="Attended")
    page.get_by_label("Who represented Northshire Police (name and role)").fill("DC Amy Shaw, child protection")
    page.get_by_label("How Hill Top Academy took part").select_option(label="Sent apologies and a written report")
    page.get_by_label("Who represented Hill Top Academy (name and role)").fill("Ms Dean, designated lead")
    page.get_by_label("How Northshire Hospitals NHS Trust took part").select_option(
        label="Did not attend (no apologies or report)")
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("Attendance recorded.")).to_be_visible()

    # a decision with its reasons
    page.get_by_label("What was decided").select_option(label="Section 47 enquiries to start")
    page.get_by_label("Reasons").fill("Maya's disclosure, and police information about the adult at the address.")
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_text("Decision recorded with its reasons")).to_be_visible()

    # two actions: one due before today (already overdue), one due next week
    mail.outbox.clear()
    page.get_by_label("Action", exact=True).fill("Check police intelligence on the address Maya named.")
    page.get_by_label("Owner (a JoinedUp user)").select_option(label="Police Tester, practitioner, Northshire Police")
    page.get_by_label("Due by").fill((held + timedelta(days=2)).isoformat())
    page.get_by_role("button", name="Add action").click()
    expect(page.get_by_text("Action added")).to_be_visible()
    page.get_by_label("Action", exact=True).fill("Share Maya's attendance since September with the social worker.")
    page.get_by_label("Owner (a JoinedUp user)").select_option(label="Teacher Tester, practitioner, Hill Top Academy")
    page.get_by_label("Due by").fill((today + timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Add action").click()
    expect(page.get_by_text("Action added")).to_be_visible()
    assert sorted(m.to[0] for m in mail.outbox) == ["police@example.org", "teacher@example.org"]
    overdue_days = (today - (held + timedelta(days=2))).days
    overdue_row = page.locator("tr", has_text="Check police intelligence")
    expect(overdue_row.get_by_text(f"Overdue by {overdue_days} days")).to_be_visible()

    # the chair records the second action as done: a note is required
    row = page.locator("tr", has_text="Share Maya's attendance")
    row.locator("summary").click()
    row.get_by_role("button", name="Record as done").click()
    expect(page.locator(".error-summary")).to_be_visible()
    row = page.locator("tr", has_text="Share Maya's attendance")
    row.get_by_label("What was done").fill("School sent the attendance record; two unexplained absences in October.")
    row.get_by_role("button", name="Record as done").click()
    expect(page.get_by_text("Action recorded as done")).to_be_visible()
    expect(page.locator("tr", has_text="Share Maya's attendance").get_by_text("Done", exact=True)).to_be_visible()

    # minutes, then circulation to the invited agencies
    page.get_by_role("textbox", name="Minutes").fill("Police shared two reports about the address. School sent attendance. "
                                      "Health did not attend; the chair will follow up with the GP.")
    page.get_by_role("button", name="Save minutes").click()
    expect(page.get_by_text("Minutes saved")).to_be_visible()
    mail.outbox.clear()
    page.get_by_role("button", name="Circulate minutes").click()
    expect(page.get_by_text("Minutes circulated to")).to_be_visible()
    expect(page.get_by_text("Circulated", exact=False).first).to_be_visible()
    # the invited agencies' users who may open Maya's record (social care was not invited: its chair circulates)
    assert {m.to[0] for m in mail.outbox} == {"police@example.org", "teacher@example.org", "dsl@example.org"}
    assert accessibility_violations(page) == []
    screenshot(page, "meeting-detail")

    # the overdue action is a drift prompt in the owner's queue
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "police")
    page.get_by_role("link", name="Prompts").first.click()
    expect(page.get_by_role("link", name="A meeting action is overdue")).to_be_visible()
    assert accessibility_violations(page) == []
    page.get_by_role("link", name="A meeting action is overdue").click()
    expect(page.get_by_text(f"({overdue_days} days overdue)")).to_be_visible()
    expect(page.get_by_role("heading", name="Questions to consider")).to_be_visible()
    assert accessibility_violations(page) == []
    screenshot(page, "meeting-drift-prompt")
    # the prompt links back to the meeting, where the owner can see and complete the action
    page.get_by_role("link", name="Open the meeting action").click()
    expect(page.locator("tr", has_text="Check police intelligence")).to_be_visible()
    page.get_by_role("link", name="My actions").click()
    expect(page.locator("tr", has_text="Check police intelligence").get_by_text(
        f"Overdue by {overdue_days} days")).to_be_visible()
    assert accessibility_violations(page) == []
    screenshot(page, "meeting-my-actions")

    # the meeting, its decision and the action done are on the chronology
    page.goto(f"/people/{child.pk}/chronology/")
    expect(page.locator("td", has_text="Decision at the strategy discussion").first).to_be_visible()
    expect(page.locator("td", has_text="School sent the attendance record").first).to_be_visible()
    screenshot(page, "meeting-on-chronology")
