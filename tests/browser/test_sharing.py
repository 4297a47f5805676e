"""Withholding information in a real browser: refused without written reasons, with a clear message, then
recorded with them (R01)."""

from datetime import date

import pytest
from playwright.sync_api import expect

from joinedup.sharing.services import REASONS_MESSAGE
from tests.browser.conftest import accessibility_violations, screenshot, sign_in


@pytest.fixture
def child(transactional_db, users, make_record, make_event):
    make_record("school", "S1", "Amira", "Khan", born=date(2012, 6, 1), nhs_number="4857773456")
    police = make_record("police", "P1", "Amira", "Khan", born=date(2012, 6, 1), nhs_number="4857773456")
    make_event("police", "E1", police, "police.missing_report")
    return police.person


def test_withholding_without_reasons_is_refused_then_recorded_with_them(page, child):
    from joinedup.sharing.models import WithholdDecision

    sign_in(page, "police")
    page.goto(f"/people/{child.pk}/")
    page.get_by_role("link", name="Record a decision not to share").click()
    expect(page.get_by_role("heading", name="Record a decision not to share information")).to_be_visible()
    assert accessibility_violations(page) == []
    page.get_by_label("The event withheld").select_option(index=1)
    page.get_by_label("Withheld from which agency").select_option(label="Hill Top Academy")
    page.get_by_label("Sharing now would prejudice a criminal investigation or prosecution").check()
    page.get_by_role("button", name="Record the decision not to share").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text(REASONS_MESSAGE)
    expect(summary.get_by_role("link", name="Reasons for withholding")).to_be_visible()
    assert accessibility_violations(page) == []
    screenshot(page, "withhold-refused")
    assert not WithholdDecision.objects.exists()
    page.get_by_label("Sharing now would prejudice a criminal investigation or prosecution").check()
    page.get_by_label("Reasons for withholding").fill(
        "Police are about to arrest the adult; telling the school now could alert him through the family and "
        "prejudice the investigation. Agreed with DS Patel.")
    page.get_by_role("button", name="Record the decision not to share").click()
    expect(page.get_by_text("Decision not to share recorded with its reasons")).to_be_visible()
    decision = WithholdDecision.objects.get()
    assert decision.withheld_from.code == "school" and "DS Patel" in decision.reasons


def test_a_request_states_its_purpose_is_answered_and_counted(page, child):
    sign_in(page, "teacher")
    page.goto(f"/people/{child.pk}/")
    page.get_by_role("link", name="Ask another agency for information").click()
    page.get_by_label("Which agency are you asking?").select_option(label="Northshire Police")
    page.get_by_role("button", name="Send the request").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Choose the purpose of the request")
    expect(summary).to_contain_text("Say what you need to know and why")
    assert accessibility_violations(page) == []
    page.get_by_label("I am worried about the child's safety now").check()
    page.get_by_label("What do you need to know, and why?").fill(
        "She said an adult collects her from the park in a silver car; do police know of him or the car?")
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_text("sent to Northshire Police, with its purpose")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "police")
    page.get_by_role("link", name="Information sharing").click()
    assert accessibility_violations(page) == []
    page.get_by_role("link", name="Q", exact=False).first.click()
    expect(page.get_by_text("do police know of him or the car?")).to_be_visible()
    page.get_by_label("Shared", exact=True).check()
    page.get_by_label("If sharing: the information shared").fill(
        "Police know the car: its driver, aged 34, was given a child abduction warning notice about another girl.")
    page.get_by_role("button", name="Send the answer").click()
    expect(page.get_by_text("Answer recorded")).to_be_visible()
    assert accessibility_violations(page) == []
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "analyst")
    page.get_by_role("link", name="Information-sharing report").click()
    expect(page.get_by_role("heading", name="Information-sharing report")).to_be_visible()
    expect(page.get_by_role("row", name="Northshire Police")).to_contain_text("1")
    expect(page.get_by_text("Amira")).to_have_count(0)
    assert accessibility_violations(page) == []
    screenshot(page, "sharing-report")
