"""A prompt in a real browser: opened from the queue, decided with reasons, and shown on the chronology."""

from datetime import UTC, date, datetime

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import accessibility_violations, screenshot, sign_in


@pytest.fixture
def child(transactional_db, users, make_record, make_event):
    from joinedup.prompts.services import evaluate_people

    school = make_record("school", "S1", "Amira", "Khan", born=date(2011, 6, 1), nhs_number="4857773456")
    police = make_record("police", "P1", "Amira", "Khan", born=date(2011, 6, 1), nhs_number="4857773456")
    for n, day in enumerate(["2026-01-05", "2026-02-01", "2026-03-02"]):
        make_event("police", f"M{n}", police, "police.missing_report",
                   occurred_at=datetime.fromisoformat(day).replace(hour=22, tzinfo=UTC))
    assert evaluate_people([school.person_id], as_of=date(2026, 3, 3))
    return school.person


def test_a_mash_officer_decides_a_prompt_with_reasons_and_sees_it_on_the_chronology(page, child):
    sign_in(page, "mash")
    page.get_by_role("link", name="Prompts").first.click()
    expect(page.get_by_role("heading", name="Prompts to decide")).to_be_visible()
    assert accessibility_violations(page) == []
    page.get_by_role("link", name="Repeated missing episodes").click()
    expect(page.get_by_role("heading", name="Questions to consider")).to_be_visible()
    expect(page.get_by_text("Northshire Police").first).to_be_visible()
    assert accessibility_violations(page) == []
    screenshot(page, "prompt-detail")
    page.get_by_label("No further action").check()
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator(".error-summary")).to_be_visible()          # reasons are required
    page.get_by_label("No further action").check()
    page.get_by_label("Reasons").fill("Return interviews held after each episode; the plan covers where she goes.")
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_text("Decision recorded with its reasons")).to_be_visible()
    # "no further action" closes the prompt only when a MASH manager agrees it (issue 16)
    expect(page.get_by_text("Awaiting a manager's agreement").first).to_be_visible()
    page.goto(page.url.split("/prompts/")[0] + f"/people/{child.pk}/chronology/")
    expect(page.get_by_text("Return interviews held after each episode").first).to_be_visible()
    expect(page.locator("td", has_text="Decision on prompt").first).to_be_visible()
    screenshot(page, "prompt-decision-on-chronology")
