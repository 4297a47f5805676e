"""A referral in a real browser: a school's DSL refers from the child's page, the MASH officer decides with
reasons (refused without them) and gives feedback, and the DSL reads the outcome on My referrals (R03, R13)."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from joinedup.referrals.tests.conftest import CONCERN, FEEDBACK, NEXT, REASONS, WANTED
from tests.browser.conftest import accessibility_violations, screenshot, sign_in


@pytest.fixture
def child(transactional_db, users, make_record):
    make_record("police", "P1", "Amira", "Khan", born=date(2012, 6, 1), nhs_number="4857773456")
    return make_record("school", "S1", "Amira", "Khan", born=date(2012, 6, 1), nhs_number="4857773456").person


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def test_referral_decision_and_feedback_reach_the_referrer(page, child):
    sign_in(page, "dsl")
    page.goto(f"/people/{child.pk}/")
    page.get_by_role("link", name="Make a referral").click()
    expect(page.get_by_role("heading", name="Make a referral to children's social care")).to_be_visible()
    assert accessibility_violations(page) == []
    page.get_by_label(re.compile("^Child protection and statutory intervention")).check()
    page.get_by_label("What are you worried about?").fill(CONCERN)
    page.get_by_label("What do you want to happen?").fill(WANTED)
    page.get_by_label("Not sought").check()
    page.get_by_role("button", name="Send referral to the MASH").click()
    expect(page.locator(".error-summary")).to_contain_text("Consent was not given")   # the reason is required
    assert accessibility_violations(page) == []
    page.get_by_label("If consent was not given: why are you referring without it?").fill(
        "Telling her mother first could alert the adult and place Amira at greater risk of harm.")
    page.get_by_role("button", name="Send referral to the MASH").click()
    expect(page.get_by_text("sent to the MASH")).to_be_visible()
    reference = re.search(r"R\d+", page.get_by_role("heading", level=1).inner_text()).group(0)
    sign_out(page)

    sign_in(page, "mash")
    page.get_by_role("link", name="MASH referrals").click()
    expect(page.get_by_role("heading", name="MASH referral queue")).to_be_visible()
    expect(page.get_by_role("columnheader", name="Working days waited")).to_be_visible()
    assert accessibility_violations(page) == []
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_text(CONCERN)).to_be_visible()
    page.get_by_label("Strategy discussion (possible section 47 enquiry)").check()
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator(".error-summary")).to_contain_text("needs reasons as much as any other")
    assert accessibility_violations(page) == []
    page.get_by_label("Strategy discussion (possible section 47 enquiry)").check()
    page.get_by_label("Reasons for the decision").fill(REASONS)
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_text("Decision recorded with its reasons")).to_be_visible()
    page.get_by_label("What will happen next").fill(NEXT)
    page.get_by_label("What was decided, for the referrer").fill(FEEDBACK)
    page.get_by_role("button", name="Send feedback to the referrer").click()
    expect(page.get_by_text("Feedback sent")).to_be_visible()
    assert accessibility_violations(page) == []
    screenshot(page, "referral-decided-mash")
    sign_out(page)

    sign_in(page, "dsl")
    page.get_by_role("link", name="My referrals").click()
    notice = page.locator(".referral-feedback")
    expect(notice).to_contain_text("The MASH has responded")
    expect(notice).to_contain_text("Strategy discussion (possible section 47 enquiry)")
    assert accessibility_violations(page) == []
    screenshot(page, "referral-my-referrals")
    notice.get_by_role("link").click()
    outcome = page.locator(".referral-outcome")
    expect(outcome).to_contain_text(FEEDBACK)
    expect(outcome).to_contain_text("What will happen next")
    expect(page.get_by_text(REASONS)).to_have_count(0)       # the MASH's own reasons stay with the whole picture
    assert accessibility_violations(page) == []
