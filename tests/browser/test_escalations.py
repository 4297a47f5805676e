"""An escalation in a real browser (R15): raised by the MASH against children's social care's decision to close
a child's case, answered at stage 1, moved to stage 2 with reasons, resolved with an agreed outcome; the
timeline shows every stage, and so does the child's chronology."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from joinedup.decisions.tests.fixtures import child, managers, reasons  # noqa: F401
from tests.browser.conftest import accessibility_violations, screenshot, sign_in

CONCERN = ("Mia went missing twice this month and was found with an adult the police know; closing the case now "
           "leaves no one working with her.")
SOUGHT = "The case stays open and a strategy discussion is held with police and the school."
RESPONSE = "The early help plan covers the missing episodes; the threshold for a social worker is not met."
REASONS = ("Early help cannot act on the adult the police know; the practitioner would not reconsider, so the "
           "difference goes to the managers.")
OUTCOME = ("Agreed with the team manager: the closure is withdrawn, a strategy discussion is held on Monday, and a "
           "social worker visits Mia at school this week.")


@pytest.fixture
def decision(transactional_db, users, managers, child, reasons):  # noqa: F811
    from joinedup.decisions.models import Kind
    from joinedup.decisions.services import record_decision, sign_off

    made = record_decision(child, users["socialworker"], kind=Kind.CLOSURE, reasons=reasons,
                           help_in_place="Early help worker visits weekly; school reports full attendance.",
                           help_confirmed_with="Jo Hart, early help worker, Northshire Council")
    return sign_off(made, managers["csc"], agreed=True, reasons="Agree: early help is in place and working well.")


def _switch(page, username):
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, username)


def test_an_escalation_through_its_stages_with_its_timeline(page, decision):
    sign_in(page, "mash")
    page.goto(f"/decisions/{decision.pk}/")
    page.get_by_role("link", name="Raise an escalation against this decision").click()
    expect(page.get_by_label("The decision you disagree with")).to_have_value(f"case:{decision.pk}")
    assert accessibility_violations(page) == []
    page.get_by_label("Need for action: whether, or how quickly, something should be done").check()
    page.get_by_label("Your concern").fill(CONCERN)
    page.get_by_label("The outcome you are seeking").fill(SOUGHT)
    page.get_by_label("Name of the person it is with").fill("Socialworker Tester")
    page.get_by_label("Their role").fill("Social worker")
    page.get_by_label("Their agency").select_option(label="Northshire Children's Social Care")
    page.get_by_label("Their email address").fill("socialworker@example.org")
    screenshot(page, "escalation-raise-form")
    page.get_by_role("button", name="Raise escalation").click()
    ref = decision.escalations.get().reference
    expect(page.get_by_text(f"Escalation {ref} raised")).to_be_visible()
    expect(page.locator(".lead")).to_contain_text("at stage 1: Practitioner to practitioner")
    assert ["socialworker@example.org"] in [m.to for m in mail.outbox]
    assert accessibility_violations(page) == []

    _switch(page, "socialworker")
    page.get_by_role("link", name="Escalations", exact=True).click()
    expect(page.locator("tbody tr").first).to_contain_text("due")
    assert accessibility_violations(page) == []
    page.get_by_role("link", name=ref, exact=True).click()
    page.get_by_label("The response").fill(RESPONSE)
    page.get_by_role("button", name="Record response").click()
    expect(page.get_by_text("Response recorded")).to_be_visible()
    expect(page.get_by_role("button", name="Resolve")).to_have_count(0)      # not the raising side

    _switch(page, "mash")
    page.goto(f"/escalations/{decision.escalations.get().pk}/")
    page.get_by_role("button", name="Move to the next stage").click()
    expect(page.locator(".error-summary")).to_contain_text("why the difference is not resolved")
    page.get_by_label("Why the difference is not resolved at this stage").fill(REASONS)
    page.get_by_label("Name of the person it is with").fill("Manager Tester")
    page.get_by_label("Their role").fill("Team manager")
    page.get_by_label("Their agency").select_option(label="Northshire Children's Social Care")
    page.get_by_label("Their email address").fill("manager@example.org")
    page.get_by_role("button", name="Move to the next stage").click()
    expect(page.locator(".lead")).to_contain_text("at stage 2: Manager to manager")
    assert ["manager@example.org"] in [m.to for m in mail.outbox]
    page.get_by_label("The agreed outcome").fill(OUTCOME)
    page.get_by_role("button", name="Resolve").click()
    expect(page.locator(".lead")).to_contain_text("Resolved with an agreed outcome")

    stages = page.locator("table.escalation-stages tbody tr")
    expect(stages).to_have_count(2)
    expect(stages.nth(0)).to_contain_text("Practitioner to practitioner")
    expect(stages.nth(0)).to_contain_text(RESPONSE)
    expect(stages.nth(1)).to_contain_text("Manager to manager")
    steps = page.locator("ol.escalation-timeline > li")
    expect(steps).to_have_count(4)
    for i, text in enumerate(["Escalation raised", "Response at stage 1", "moved to stage 2: Manager to manager",
                              "resolved with an agreed outcome"]):
        expect(steps.nth(i)).to_contain_text(text)
    expect(steps.nth(2)).to_contain_text(REASONS)
    expect(steps.nth(3)).to_contain_text(OUTCOME)
    assert accessibility_violations(page) == []
    screenshot(page, "escalation-timeline")

    page.get_by_role("link", name="Chronology").click()
    for text in (f"Escalation raised ({ref})", "Response at stage 1 (Practitioner to practitioner)",
                 f"Escalation {ref} moved to stage 2: Manager to manager",
                 f"Escalation {ref} resolved with an agreed outcome"):
        expect(page.locator("td", has_text=text).first).to_be_visible()
    assert accessibility_violations(page) == []
    screenshot(page, "escalation-on-chronology")

    page.get_by_role("link", name="Escalations", exact=True).click()
    page.get_by_role("link", name="Partnership overview").click()
    expect(page.get_by_role("heading", name="Escalations by raising agency and the highest stage reached")).to_be_visible()
    expect(page.get_by_text("Mia")).to_have_count(0)
    assert accessibility_violations(page) == []
    screenshot(page, "escalation-partnership-overview")
