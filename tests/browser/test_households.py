"""A social worker sees who lives with a child over time, confirms an inferred member and corrects a relationship."""

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import accessibility_violations, screenshot, sign_in

HOME = ("114 Whinmoor Row, Thornwick", "NS12 3UX")


@pytest.fixture
def mia(transactional_db, users, agencies, make_record):
    from joinedup.people.households import refresh_households
    from joinedup.people.models import Allocation, Household, HouseholdMembership
    from joinedup.places.models import Location

    child = make_record("csc", "C1", "Mia", "Hart", address=HOME[0], postcode=HOME[1])
    mum = make_record("csc", "C2", "Dawn", "Hart", born=date(1988, 1, 5), person_type="adult",
                      address=HOME[0], postcode=HOME[1])
    partner = make_record("police", "P1", "Lee", "Cole", born=date(1985, 6, 1), person_type="adult",
                          address="114 Whinmoor Rw", postcode="NS123UX")
    place = Location.objects.create(key="addr|hart", address=HOME[0], postcode=HOME[1])
    household = Household.objects.create(agency=agencies["csc"], source_id="H1", location=place)
    for source_id, rec, role, start in [("M1", child, "child", date(2012, 4, 3)),
                                        ("M2", mum, "parent", date(2011, 1, 1))]:
        HouseholdMembership.objects.create(agency=agencies["csc"], source_id=source_id, household=household,
                                           record=rec, role=role, start_date=start, location=place, content_hash="x")
    refresh_households([child.person_id, mum.person_id, partner.person_id])
    Allocation.objects.create(person=child.person, worker=users["socialworker"], start_date=date(2025, 1, 1))
    return child.person


def test_a_social_worker_confirms_an_inferred_member_and_corrects_a_relationship(page, mia):
    sign_in(page, "socialworker")
    page.goto(f"/people/{mia.pk}/")
    expect(page.get_by_role("heading", name="Household and relationships")).to_be_visible()
    household = page.locator("#household")
    expect(household.get_by_role("heading", name="114 Whinmoor Row, Thornwick")).to_be_visible()
    expect(household.get_by_role("cell", name="Lee Cole").first).to_be_visible()
    expect(household.get_by_text("Inferred by JoinedUp").first).to_be_visible()
    expect(household.get_by_text("Declared by an agency").first).to_be_visible()
    assert accessibility_violations(page) == []
    screenshot(page, "household-before")

    household.locator("summary", has_text="Lee Cole in this household").click()
    page.get_by_role("button", name="Confirm Lee Cole").click()  # no reason: the browser asks for one
    expect(page.get_by_label("Reason for confirming Lee Cole lived here")).to_be_focused()
    page.get_by_label("Reason for confirming Lee Cole lived here").fill(
        "Dawn told me at the home visit on 3 November that Lee has lived with them since the spring.")
    page.get_by_role("button", name="Confirm Lee Cole").click()
    expect(page.get_by_text("Confirmed: Lee Cole in the household")).to_be_visible()
    expect(page.locator("#household").get_by_text("Confirmed by a practitioner").first).to_be_visible()

    page.locator("#household summary", has_text="the relationship of Lee Cole").click()
    page.get_by_label("What Lee Cole is to Mia Hart").select_option(label="Parent's partner")
    page.get_by_label("Reason for correcting how Lee Cole is related").fill("Dawn named Lee as her partner; he is not Mia's father.")
    page.get_by_role("button", name="Correct relationship").click()
    expect(page.get_by_text("Relationship corrected: Parent's partner.")).to_be_visible()
    relationships = page.locator("#household table").last
    expect(relationships.get_by_role("row", name="Lee Cole Parent's partner").first).to_be_visible()
    expect(relationships.get_by_text("Recorded by a practitioner").first).to_be_visible()
    assert accessibility_violations(page) == []
    screenshot(page, "household-after")

    from joinedup.people.models import HouseholdEdit

    assert list(HouseholdEdit.objects.order_by("id").values_list("action", flat=True)) == [
        "confirm", "correct_relationship"]

    page.locator("#household").get_by_role("link", name="Household page").first.click()
    expect(page.get_by_role("heading", name="Household at 114 Whinmoor Row, Thornwick")).to_be_visible()
    # Lee Cole is known only to the police: the social worker sees him on Mia's page (her whole picture) but may
    # not open his record, so the household page counts him without naming him (issue 16), nor his rows or edits.
    expect(page.get_by_text("1 other person is recorded at this address whose records you may not open")).to_be_visible()
    expect(page.get_by_role("link", name="Dawn Hart")).to_be_visible()
    expect(page.get_by_text("Lee Cole")).to_have_count(0)
    expect(page.get_by_role("region", name="Changes by practitioners")).to_have_count(0)
    assert accessibility_violations(page) == []
    screenshot(page, "household-page")
