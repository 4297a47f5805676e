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
