"""Typing a flagged phrase into a case note shows why and an alternative; replacing it clears the flag."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot


@pytest.fixture
def child(transactional_db, users, make_record):
    return make_record("school", "S1", "Mia", "Hart").person


def test_the_checker_explains_a_flagged_phrase_and_clears_when_it_is_replaced(page, child):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("teacher")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"/people/{child.pk}/")
    page.get_by_role("link", name="Write a case note").click()
    note = page.get_by_label("Case note")
    note.press_sequentially("Mia has been putting herself at risk by going to the flat.", delay=5)
    flags = page.locator(".language-flags")
    expect(flags).to_contain_text("putting herself at risk")
    expect(flags.locator(".alternative").first).to_be_visible()
    expect(flags.locator("mark")).to_have_count(1)
    screenshot(page, "case-note-flagged")
    note.fill("Mia is being exploited by adults at the flat.")
    note.dispatch_event("input")
    expect(page.locator(".language-clear")).to_have_text("No wording flagged.")
    expect(flags).to_have_count(0)
    page.get_by_role("button", name="Save case note").click()
    expect(page.get_by_role("status").first).to_contain_text("Case note saved")
    expect(page.get_by_text("Mia is being exploited by adults at the flat.")).to_be_visible()
    screenshot(page, "case-note-saved")


def test_the_partnership_language_view(page, child, users):
    from joinedup.casenotes.services import write_case_note

    write_case_note(child, author=users["teacher"], text="Mia has been putting herself at risk.")
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("analyst")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    page.goto("/partnership/language/")
    expect(page.get_by_role("heading", name="Flagged wording across the partnership")).to_be_visible()
    expect(page.locator("tbody tr")).to_have_count(1)
    screenshot(page, "partnership-language")
