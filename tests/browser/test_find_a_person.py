"""Login → search with a misspelt name → the person page, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot


@pytest.fixture
def child(transactional_db, users, make_record, make_event):
    record = make_record("school", "S1", "Caitlin", "Smith", upn="A123456789012", postcode="NR1 2AB")
    make_event("school", "SE1", record, note="Caitlin told her head of year she does not feel safe at home.")
    make_record("police", "PX1", "Katie", "Smith", upn="A123456789012")
    return record.person


def _sign_in(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()


def test_sign_in_search_with_a_misspelt_name_and_open_the_person(page, child):
    _sign_in(page, "teacher")
    expect(page.get_by_role("heading", name="Find a person")).to_be_visible()
    page.get_by_label("Name, date of birth or identifier").fill("Kaytlin Smyth")  # results arrive as you type
    link = page.get_by_role("link", name="Caitlin Smith")
    expect(link).to_be_visible()
    screenshot(page, "search-results")
    link.click()
    expect(page).to_have_url(re.compile(rf"/people/{child.pk}/$"))
    expect(page.get_by_role("heading", name="Caitlin Smith", level=1)).to_be_visible()
    expect(page.get_by_text("does not feel safe at home")).to_be_visible()
    expect(page.get_by_role("heading", name="Hill Top Academy")).to_be_visible()
    screenshot(page, "person-page")


def test_a_wrong_password_is_explained(page, child):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("teacher")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("did not match")


def test_a_designated_lead_opens_the_access_log(page, child):
    _sign_in(page, "dsl")
    page.goto(f"/people/{child.pk}/")
    page.get_by_role("link", name="Who has viewed this record").click()
    expect(page.get_by_role("heading", name=re.compile("Who has viewed"))).to_be_visible()
    expect(page.locator("tbody")).to_contain_text("person page")
    screenshot(page, "access-log")
