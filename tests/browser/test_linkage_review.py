"""A MASH officer works the linkage review queue in a real browser."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import accessibility_violations, screenshot, sign_in


@pytest.fixture
def item(transactional_db, users, make_record):
    from joinedup.linkage.models import LinkageModel, LinkRun, ReviewItem

    a = make_record("school", "S1", "Caitlin", "Smith", postcode="NR1 2AB")
    b = make_record("police", "P1", "Katie", "Smith", postcode="NR1 2AB")
    model = LinkageModel.objects.create(splink_version="5.0.0", duckdb_version="2.0.0", seed=1, statistics={},
                                        model={"comparisons": [{"output_column_name": "dob", "comparison_levels": [
                                            {"sql_condition": "=", "label_for_charts": "Exact match",
                                             "m_probability": 0.9, "u_probability": 0.01},
                                            {"sql_condition": "else", "label_for_charts": "All other",
                                             "m_probability": 0.1, "u_probability": 0.99}]}]})
    return ReviewItem.objects.create(record_a=a, record_b=b, match_weight=6.5, reason="review band",
                                     run=LinkRun.objects.create(model=model),
                                     breakdown={"forename": ["Nickname match", 3.2], "dob": ["Exact match", 7.1]})


def test_a_mash_officer_reviews_a_pair_and_records_a_decision_with_its_reason(page, item):
    sign_in(page, "mash")
    page.get_by_role("link", name="Linkage review").click()
    expect(page.get_by_role("heading", name="Records to review")).to_be_visible()
    assert accessibility_violations(page) == []
    page.get_by_role("link", name="Review Caitlin Smith and Katie Smith").click()
    expect(page.get_by_role("heading", name="Are these the same person?")).to_be_visible()
    expect(page.get_by_text("Nickname match")).to_be_visible()
    assert accessibility_violations(page) == []
    screenshot(page, "linkage-item")
    page.get_by_label("Unsure").check()
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator(".error-summary")).to_be_visible()  # a reason is required
    page.get_by_label("Unsure").check()
    page.get_by_label("Reason").fill("Dates of birth agree; the school nurse will confirm the first name.")
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_text("Decision recorded (Unsure)")).to_be_visible()
    expect(page.get_by_text("Nothing to review.")).to_be_visible()


def test_the_model_page_shows_weights_with_an_offline_chart(page, item):
    sign_in(page, "mash")
    page.goto("/linkage/model/")
    expect(page.get_by_role("heading", name="How linkage weighs evidence")).to_be_visible()
    expect(page.locator("svg rect")).to_have_count(2)
    assert accessibility_violations(page) == []
    screenshot(page, "linkage-model")


@pytest.fixture
def cleared_events():
    """Delete events through the ORM (subjects first) before the live-server test's flush.

    The flush deletes tables in an order the events' set-based reference triggers (events migration 0002)
    refuse when an event still has subjects.
    """
    yield
    from joinedup.events.models import Event

    Event.objects.all().delete()


def test_a_mash_officer_merges_two_records_then_splits_one_off_from_the_person_page(page, item, make_event,
                                                                                     cleared_events):
    from joinedup.people.models import SourceRecord

    school, police = item.record_a, item.record_b
    make_event("police", "E1", police, event_type="police.missing_report")
    sign_in(page, "mash")
    page.goto("/linkage/review/")
    page.get_by_role("link", name="Review Caitlin Smith and Katie Smith").click()
    page.get_by_label("Same person").check()
    page.get_by_label("Reason").fill("Same date of birth and address; Katie is the name she uses at school.")
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_text("Decision recorded (Same person); 1 record moved.")).to_be_visible()
    merged = SourceRecord.objects.get(pk=school.pk).person_id
    assert SourceRecord.objects.get(pk=police.pk).person_id == merged

    page.goto(f"/people/{merged}/")
    expect(page.get_by_role("heading", name="Hill Top Academy")).to_be_visible()
    expect(page.get_by_role("heading", name="Northshire Police")).to_be_visible()
    expect(page.get_by_role("heading", name="Events (1)")).to_be_visible()
    page.get_by_role("link", name="Split a record off this person").click()
    expect(page.get_by_role("heading", name="Split records off")).to_be_visible()
    expect(page.get_by_role("cell", name="Same person (Mash Tester): Same date of birth")).to_be_visible()  # history
    assert accessibility_violations(page) == []
    screenshot(page, "linkage-split")
    page.get_by_role("button", name="Split off").click()
    expect(page.locator(".error-summary")).to_be_visible()  # a record and a reason are required
    page.get_by_label("Katie Smith, Northshire Police ref P1").check()
    page.get_by_label("Reason").fill("Police confirmed Katie is Caitlin's cousin, not Caitlin.")
    page.get_by_role("button", name="Split off").click()
    expect(page.get_by_text("Split off Katie Smith")).to_be_visible()
    # back on the person page: only the school's record (and no police event) remains
    expect(page.get_by_role("heading", name="Hill Top Academy")).to_be_visible()
    expect(page.get_by_role("heading", name="Northshire Police")).to_have_count(0)
    expect(page.get_by_role("heading", name="Events (0)")).to_be_visible()
    police_person = SourceRecord.objects.get(pk=police.pk).person_id
    assert police_person != merged and police_person == police.person_id  # back to the person it came from
    page.goto(f"/people/{police_person}/")
    expect(page.get_by_role("heading", name="Katie Smith")).to_be_visible()
    expect(page.get_by_role("heading", name="Events (1)")).to_be_visible()
