"""Operation Encompass in a real browser: a police officer notifies from the child's page; the school's DSL sees it
waiting, reads the content the guidance lists and records the support offered; the analyst sees timeliness by
school, with small numbers suppressed (issue 20)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import accessibility_violations, screenshot, sign_in


@pytest.fixture
def child(transactional_db, users, make_record):
    police = make_record("police", "P1", "Maya", "Lewis", born=date(2012, 5, 9), nhs_number="9434765919")
    make_record("school", "S1", "Maya", "Lewis", born=date(2012, 5, 9), nhs_number="9434765919")
    return police.person


def test_police_notify_the_school_and_the_dsl_records_the_support(page, child):
    when = timezone.localtime() - timedelta(hours=2)
    sign_in(page, "police")
    page.goto(f"/people/{child.pk}/")
    page.get_by_role("link", name="Operation Encompass notification").click()
    expect(page.get_by_role("heading", name="Operation Encompass notification about Maya Lewis")).to_be_visible()
    assert accessibility_violations(page) == []
    page.get_by_label("Police incident reference").fill("NP-26-4410")
    page.get_by_label("When the incident happened").fill(when.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Where it happened").fill("1 Mill Lane, Northshire")
    page.get_by_role("group", name="Was the child present?").get_by_label("Yes").check()
    page.get_by_label("Where the child was during the incident").fill("On the stairs")
    page.get_by_role("group", name="Did officers speak to the child?").get_by_label("Yes").check()
    page.get_by_label("What the child said, in their own words").fill("I want to go to school tomorrow.")
    page.get_by_label("Who else was there when the child was spoken to").fill("Her grandmother")
    page.get_by_label("The circumstances of the incident").fill(
        "The mother's partner shouted at the mother and broke a window; he was arrested at the address.")
    screenshot(page, "encompass-record")
    page.get_by_role("button", name="Send notification").click()
    expect(page.get_by_text("Notification sent to Hill Top Academy.")).to_be_visible()
    assert accessibility_violations(page) == []
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "dsl")
    page.get_by_role("link", name="Operation Encompass (1)").click()
    expect(page.get_by_role("heading", name="Sent, waiting to be read (1)")).to_be_visible()
    assert accessibility_violations(page) == []
    page.get_by_role("link", name="Maya Lewis").click()
    for words in ("NP-26-4410", "I want to go to school tomorrow.", "On the stairs", "Her grandmother",
                  "broke a window"):
        expect(page.get_by_text(words, exact=False).first).to_be_visible()
    assert accessibility_violations(page) == []
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.locator(".error-summary")).to_be_visible()
    page.get_by_label("Silent support: staff who need to know are aware and watchful").check()
    page.get_by_label("A trusted adult checks in with the child, as the child wants").check()
    page.get_by_label("What the school will do").fill("Her tutor and head of year know; her key adult will meet "
                                                      "her at the gate and check in at lunch.")
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_role("heading", name="Support offered")).to_be_visible()
    assert accessibility_violations(page) == []
    screenshot(page, "encompass-acknowledged")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "analyst")
    page.goto("/encompass/timeliness/")
    expect(page.get_by_role("row", name="Hill Top Academy")).to_contain_text("fewer than 5")
    assert accessibility_violations(page) == []
    screenshot(page, "encompass-timeliness")
