"""A context in a real browser: referred without naming a child, assessed (the context triangle), planned for
with an owned action and a review, discussed at a context conference with a non-statutory partner and weighted;
everything is then on the context's page."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from engine.names import location_key
from tests.browser.conftest import accessibility_violations, screenshot, sign_in


@pytest.fixture
def known_elsewhere(transactional_db, users, make_record):
    """A child the police alone link to the takeaway: the school's DSL is told there is one, not who."""
    from joinedup.associations.models import Association
    from joinedup.places.models import Location

    place = Location.objects.create(key=location_key(kind="takeaway", name="Chicken Express",
                                                   address="4 Station Road", postcode="NR1 4AB"),
                                    kind="takeaway", name="Chicken Express", address="4 Station Road",
                                    postcode="NR1 4AB")
    record = make_record("police", "P1", "Jade", "Morgan", born=date(2011, 2, 3))
    Association.objects.create(agency=record.agency, source_id="A1", association_type="frequents", record=record,
                               location=place, how_known="observed", reliability="unverified", content_hash="x",
                               valid_from=date(2026, 9, 12), note="Seen inside after 11pm with two adult men.")
    return record


def test_a_context_is_referred_assessed_planned_and_conferenced(page, users, known_elsewhere):
    today = timezone.localdate()
    sign_in(page, "dsl")
    page.get_by_role("link", name="Contexts").first.click()
    expect(page.get_by_role("heading", name="Contexts", exact=True)).to_be_visible()
    assert accessibility_violations(page) == []
    page.get_by_role("link", name="Refer a context").click()

    # 1. Refer the place: no child is asked for.
    expect(page.get_by_text("You can make this referral without naming a child.")).to_be_visible()
    assert accessibility_violations(page) == []
    page.get_by_label("What kind of context is it?").select_option("takeaway")
    page.get_by_label("Name", exact=True).fill("Chicken Express")
    page.get_by_label("Address").fill("4 Station Road")
    page.get_by_label("Postcode").fill("NR1 4AB")
    page.get_by_label("What is happening there?").fill(
        "Men aged 20-45 wait in cars at the side door and offer girls from the school free food and lifts.")
    page.get_by_label("Observed by a practitioner").check()
    page.get_by_label("Who said or saw it?").fill("Our attendance officer saw it on her way home.")
    page.get_by_label("When was it seen or did it happen?").fill(str(today - timedelta(days=3)))
    page.get_by_label("Probable").check()
    screenshot(page, "context-refer")
    page.get_by_role("button", name="Refer the context").click()
    expect(page.get_by_text("the information about Chicken Express is recorded")).to_be_visible()
    expect(page.get_by_role("heading", name="Chicken Express", level=1)).to_be_visible()
    expect(page.get_by_text("wait in cars at the side door")).to_be_visible()
    expect(page.get_by_text("1 child known to other agencies is linked to this context")).to_be_visible()
    expect(page.get_by_text("Jade Morgan")).to_have_count(0)
    expect(page.get_by_role("link", name="Network view")).to_be_visible()

    # 2. The context assessment triangle.
    page.get_by_role("link", name="Record a context assessment").click()
    assert accessibility_violations(page) == []
    page.get_by_label("Young people's collective needs and strengths").fill(
        "Girls aged 13-15 from Hill Top come here after school; they say it is the only warm place open late.")
    page.get_by_label("Guardianship").fill("The owner wants to help; night staff have had no safeguarding training.")
    page.get_by_label("Environment").fill("The side door opens onto an unlit car park where cars wait.")
    page.get_by_label("Policy and practice").fill("The licence sets no conditions about under-18s after 10pm.")
    page.get_by_label("Sources consulted").fill("A walkabout with the youth service and the neighbourhood officer.")
    page.get_by_role("button", name="Record the assessment").click()
    expect(page.get_by_text("Context assessment recorded.")).to_be_visible()
    expect(page.get_by_text("night staff have had no safeguarding training")).to_be_visible()

    # 3. A plan with an owned action and a review.
    page.get_by_role("link", name="Start a context plan").click()
    page.get_by_label("Objectives").fill("Make the takeaway and its car park safe for girls after dark.")
    page.get_by_label("First review by").fill(str(today + timedelta(days=28)))
    page.get_by_role("button", name="Start the plan").click()
    page.get_by_role("link", name="Add an action").click()
    assert accessibility_violations(page) == []
    page.get_by_label("Action", exact=True).fill("Brief night staff on the signs of exploitation and who to call.")
    page.get_by_label("Owner's name").fill("Hasan Ali")
    page.get_by_label("Owner's organisation").fill("Chicken Express (owner)")
    page.get_by_label("Non-statutory partner").check()
    page.get_by_label("Due by").fill(str(today + timedelta(days=14)))
    page.get_by_role("button", name="Add the action").click()
    action_cell = page.get_by_role("cell", name="Brief night staff on the signs of exploitation and who to call.")
    expect(action_cell).to_be_visible()
    page.get_by_role("link", name="Record a plan review").click()
    page.get_by_label("Progress").fill("The owner has booked the training and asked the council about lighting.")
    page.get_by_label("What changes").fill("Add an action for the council to light the car park.")
    page.get_by_label("Next review by").fill(str(today + timedelta(days=56)))
    page.get_by_role("button", name="Record the review").click()
    expect(page.get_by_text("Plan review recorded.")).to_be_visible()

    # 4. A context conference: naming a child is refused; the context is discussed, with a non-statutory partner.
    page.get_by_role("link", name="Record a context conference").click()
    assert accessibility_violations(page) == []
    page.get_by_label("Chair's name").fill("Alex Morgan")
    page.get_by_label("Chair's organisation").fill("Northshire Children's Social Care")
    page.get_by_label("What was discussed about the context").fill(
        "Jade Morgan was seen there with two men.")
    page.get_by_label("Attendee 1: name").fill("Hasan Ali")
    page.get_by_label("Attendee 1: organisation").fill("Chicken Express (owner)")
    page.get_by_label("Attendee 1: partner").select_option("non_statutory")
    page.get_by_label("Attendee 2: name").fill("Sam Patel")
    page.get_by_label("Attendee 2: organisation").fill("Northshire Police")
    page.get_by_role("button", name="Record the conference").click()
    expect(page.locator(".error-summary")).to_contain_text("not individual children")
    expect(page.locator(".error-summary")).not_to_contain_text("Jade")
    page.get_by_label("What was discussed about the context").fill(
        "Men in cars wait at the unlit side door after 10pm; staff do not know who to call. The owner will help.")
    page.get_by_label("Action 1: action").fill("Fit lighting and a camera over the side car park.")
    page.get_by_label("Action 1: owner's name").fill("Priya Shah")
    page.get_by_label("Action 1: owner's organisation").fill("Northshire Council highways")
    page.get_by_label("Action 1: due by").fill(str(today + timedelta(days=30)))
    screenshot(page, "context-conference-form")
    page.get_by_role("button", name="Record the conference").click()

    # 5. Context weighting: an order with reasons.
    expect(page.get_by_role("heading", name="Context weighting: which context needs to change first?")).to_be_visible()
    assert accessibility_violations(page) == []
    page.get_by_label("Chicken Express: place in the order").select_option("1")
    page.get_by_label("Chicken Express: why it is at this place").fill(
        "The men gather here; changing the car park and staff response removes their easiest contact point.")
    page.get_by_role("button", name="Record the weighting").click()
    expect(page.get_by_text("Context weighting recorded.")).to_be_visible()
    expect(page.get_by_text("Hasan Ali")).to_be_visible()
    page.get_by_role("link", name="Chicken Express").click()

    # 6. All of it on the context page.
    expect(page.get_by_role("heading", name="Context assessment")).to_be_visible()
    expect(page.get_by_text("the only warm place open late")).to_be_visible()
    expect(page.locator(".plan-actions")).to_contain_text("Hasan Ali")
    expect(page.locator(".plan-actions")).to_contain_text("Non-statutory partner")
    expect(page.get_by_text("Add an action for the council to light the car park.")).to_be_visible()
    conference = page.locator(".conference").first
    expect(conference).to_contain_text("Hasan Ali (Chicken Express (owner), non-statutory partner)")
    expect(conference).to_contain_text("Chicken Express — needs to change first")
    expect(conference).to_contain_text("Fit lighting and a camera over the side car park.")
    expect(page.get_by_text("Jade Morgan")).to_have_count(0)
    assert accessibility_violations(page) == []
    screenshot(page, "context-page")


@pytest.fixture
def overdue_action(transactional_db, users):
    """A takeaway with a plan whose action (owned by a partner without a JoinedUp account) is three days late."""
    from joinedup.contexts.services import add_action, refer, start_plan

    context = refer(user=users["police"], place={"kind": "takeaway", "name": "Chicken Express",
                                                 "address": "4 Station Road", "postcode": "NR1 4AB"},
                    concern="Men aged 20-45 give girls free food and lifts from here late at night.",
                    how_known="observed", observed_on=date(2026, 10, 1), reliability="probable").context
    plan = start_plan(context, user=users["mash"], objectives="Make the takeaway safe for girls after dark.",
                      first_review_on=timezone.localdate() + timedelta(days=30))
    add_action(plan, user=users["mash"], action="Fit lighting over the side car park.", owner_name="Hasan Ali",
               owner_organisation="Chicken Express (owner)", owner_partner="non_statutory",
               due_on=timezone.localdate() - timedelta(days=3))
    return context


def test_an_overdue_context_plan_action_is_a_prompt_for_the_mash_that_leads_back_to_the_plan(page, overdue_action):
    sign_in(page, "mash")
    page.get_by_role("link", name="Prompts").first.click()
    page.get_by_role("link", name="An action in a context's safety plan is overdue").click()
    expect(page.get_by_text("(3 days overdue)")).to_be_visible()
    expect(page.get_by_text("it names no child")).to_be_visible()
    assert accessibility_violations(page) == []
    screenshot(page, "context-action-overdue-prompt")
    page.get_by_role("link", name="Open the context action").click()
    expect(page.get_by_role("heading", name="Chicken Express")).to_be_visible()
    expect(page.get_by_role("cell", name="Fit lighting over the side car park.", exact=True)).to_be_visible()
