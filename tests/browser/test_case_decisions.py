"""A case decision in a real browser: closing the case of a child who was not brought to appointments is
refused without a risk review (R35), then recorded with one, signed off by a team manager (R14), and shown
on the chronology."""

import pytest
from playwright.sync_api import expect

from joinedup.decisions.tests.fixtures import child, managers, reasons, wnb_child  # noqa: F401
from tests.browser.conftest import accessibility_violations, screenshot, sign_in


@pytest.fixture
def scene(transactional_db, users, managers, wnb_child):  # noqa: F811
    return wnb_child


def test_closure_after_was_not_brought_is_refused_without_a_risk_review_then_recorded_with_one(page, scene):
    sign_in(page, "socialworker")
    page.goto(f"/people/{scene.pk}/")
    page.get_by_role("link", name="Record a decision", exact=True).click()
    expect(page.get_by_role("heading", name="A risk review is needed before taking concerns no further")).to_be_visible()
    expect(page.get_by_role("link", name="Repeated was-not-brought, cancelling or rescheduling")).to_be_visible()
    assert accessibility_violations(page) == []
    screenshot(page, "case-decision-form")

    page.get_by_label("Close the case").check()
    page.get_by_label("Reasons", exact=True).fill(
        "Mother has engaged with early help for three months; school reports full attendance and Mia says "
        "things are calmer at home.")
    page.get_by_label("Help in place (closure or step-down)").fill(
        "Early help worker visits fortnightly until July; the school nurse sees Mia monthly about her asthma.")
    page.get_by_label("Who confirmed the help is in place (closure or step-down)").fill(
        "Jo Hart, early help worker, Northshire Council")
    page.get_by_role("button", name="Record decision").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("record a risk review")
    assert accessibility_violations(page) == []
    screenshot(page, "case-decision-refused-without-risk-review")

    page.get_by_label("Close the case").check()
    page.get_by_label("What the missed appointments mean for the child").fill(
        "Mia missed three asthma reviews; her mother is responsible for bringing her and could not get time off "
        "work. Her asthma has not been reviewed since last year.")
    page.get_by_label("Risks considered").fill(
        "Uncontrolled asthma and a family under strain; the school nurse will now review Mia in school each month "
        "so that she does not depend on being brought.")
    page.get_by_label("Who was consulted").fill("Dr Shah, community paediatrician; Ms Ellis, school nurse")
    page.get_by_label("Northshire Hospitals NHS Trust").check()
    page.get_by_label("Hill Top Academy").check()
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_text("Decision recorded with its reasons")).to_be_visible()
    expect(page.get_by_role("heading", name="Risk review")).to_be_visible()
    expect(page.locator(".lead")).to_contain_text("Awaiting manager sign-off")
    assert accessibility_violations(page) == []
    screenshot(page, "case-decision-recorded-with-risk-review")
    decision_url = page.url

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "manager")
    page.get_by_role("link", name="Decisions", exact=True).click()
    expect(page.get_by_role("heading", name="Awaiting your sign-off")).to_be_visible()
    assert accessibility_violations(page) == []
    screenshot(page, "case-decisions-awaiting-sign-off")
    from joinedup.decisions.models import CaseDecision

    page.get_by_role("link", name=f"Close the case ({CaseDecision.objects.get().reference})").click()
    assert page.url == decision_url
    page.get_by_label("Yes: sign it off, the decision stands").check()
    page.get_by_label("Your reasons").fill("Read the risk review and spoke to the school nurse; the monthly "
                                           "reviews in school answer the missed appointments.")
    page.get_by_role("button", name="Record sign-off").click()
    expect(page.get_by_text("Sign-off recorded with your reasons")).to_be_visible()
    expect(page.locator(".lead")).to_contain_text("Signed off by a manager")
    assert accessibility_violations(page) == []

    page.goto(f"/people/{scene.pk}/chronology/")
    expect(page.locator("td", has_text="Case decision: Close the case").first).to_be_visible()
    expect(page.locator("td", has_text="Signed off by a manager").first).to_be_visible()
    expect(page.get_by_text("Dr Shah, community paediatrician").first).to_be_visible()
    screenshot(page, "case-decision-on-chronology")


@pytest.fixture
def known_child(transactional_db, users, managers, child):  # noqa: F811
    return child


def test_a_deferral_says_when_it_is_due_and_a_later_decision_meets_it(page, known_child):
    from datetime import timedelta

    from django.utils import timezone

    due = timezone.localdate() + timedelta(days=10)
    sign_in(page, "socialworker")
    page.goto(f"/people/{known_child.pk}/decisions/new/")
    page.get_by_label("Defer the decision").check()
    page.get_by_label("Reasons", exact=True).fill(
        "Mia described a bruise her stepfather caused; the paediatric assessment is booked for next week and "
        "will show whether the injury matches her account.")
    page.get_by_label("Decide by (deferral)").fill(due.isoformat())
    page.get_by_label("What the decision waits for (deferral)").fill(
        "The paediatrician's report on the bruising Mia showed her teacher")
    page.get_by_role("button", name="Record decision").click()
    facts = page.locator("dl.casework-facts")
    expect(facts).to_contain_text(f"No later decision yet; it is due by {due.day} {due:%B %Y}")
    assert accessibility_violations(page) == []
    screenshot(page, "case-decision-deferral")
    deferral_url = page.url

    page.goto(f"/people/{known_child.pk}/decisions/new/")
    page.get_by_label("Step up to a higher level of help").check()
    page.get_by_label("Reasons", exact=True).fill(
        "The paediatrician found the bruising matches Mia's account of being grabbed by her stepfather; a "
        "strategy discussion is needed today.")
    page.get_by_label("Level of help before (step-up or step-down)").select_option("targeted")
    page.get_by_label("Level of help after (step-up or step-down)").select_option("specialist")
    page.get_by_role("button", name="Record decision").click()
    page.goto(deferral_url)
    expect(facts).to_contain_text("A later decision by Northshire Children's Social Care is recorded")
