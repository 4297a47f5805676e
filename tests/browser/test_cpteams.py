"""Multi-agency child protection teams in a real browser: a team lacking a health member cannot take a section 47
enquiry; once a registered health professional joins, it can, and the enquiry gets a task for each agency and an
outcome with its reasons (issue 20)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import accessibility_violations, screenshot, sign_in


@pytest.fixture
def setting(transactional_db, users, make_record, make_user, agencies):
    from joinedup.cpteams import services
    from joinedup.meetings import services as meetings

    nurse = make_user("nurse", "practitioner", "health")
    manager = make_user("manager", "team_manager", "csc")
    team = services.create_team(actor=manager, name="Northshire North MACPT", area="North district")
    for name, discipline, role, registration in (("socialworker", "social_work", "Senior social worker", "SW123456"),
                                                 ("police", "police", "Detective constable", ""),
                                                 ("dsl", "education", "Designated safeguarding lead", "")):
        services.add_member(team, actor=manager, discipline=discipline, user=users[name], role=role,
                            registration=registration, start_date=date(2026, 1, 5))
    record = make_record("csc", "C1", "Maya", "Lewis", born=date(2012, 5, 9), nhs_number="9434765919")
    strategy = meetings.create_meeting(person=record.person, kind="strategy_discussion",
                                       held_on=timezone.localdate() - timedelta(days=1), chair=users["socialworker"],
                                       organiser=users["socialworker"],
                                       purpose="Maya disclosed that her mother's partner hit her; plan the enquiry.",
                                       agencies=[agencies["police"], agencies["school"], agencies["health"]])
    meetings.record_decision(strategy, kind="section_47", actor=users["socialworker"],
                             reasons="Maya's disclosure and the bruising the school nurse saw meet the threshold.")
    return {"child": record.person, "team": team, "nurse": nurse}


def test_a_team_lacking_a_health_member_cannot_take_an_enquiry(page, setting):
    child, team = setting["child"], setting["team"]
    sign_in(page, "socialworker")
    page.goto(f"/people/{child.pk}/")
    page.get_by_role("link", name="Section 47 enquiry").click()
    expect(page.get_by_role("heading", name="Open a section 47 enquiry about Maya Lewis")).to_be_visible()
    page.get_by_label("The strategy discussion it comes from").select_option(index=1)
    page.get_by_label("Multi-agency child protection team").select_option(
        label="Northshire North MACPT (cannot take an enquiry: no health (registered health professional) member)")
    page.get_by_label("Lead social worker").select_option(index=1)
    page.get_by_label("What the enquiry is about").fill(
        "Maya said her mother's partner hit her with a belt; the school nurse saw bruising on her arm.")
    page.get_by_role("button", name="Open enquiry").click()
    expect(page.locator(".error-summary")).to_contain_text("cannot take a section 47 enquiry: it has no current "
                                                           "member for health")
    assert accessibility_violations(page) == []
    screenshot(page, "cpteams-refused")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "manager")
    page.goto(f"/cp-teams/{team.pk}/")
    expect(page.get_by_role("heading", name="This team cannot take a section 47 enquiry")).to_be_visible()
    assert accessibility_violations(page) == []
    page.get_by_label("Discipline").select_option(label="Health (registered health professional)")
    page.get_by_label("Member (a JoinedUp user)").select_option(label="Nurse Tester, Northshire Hospitals NHS Trust")
    page.get_by_label("Role").fill("Named nurse for safeguarding children")
    page.get_by_label("Professional registration").fill("NMC 12A3456E")
    page.get_by_label("Nominated by (health: the ICB)").fill("Northshire Integrated Care Board")
    page.get_by_role("button", name="Add member").click()
    expect(page.get_by_text("The team has all four disciplines the Act requires")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "socialworker")
    page.goto(f"/people/{child.pk}/section-47/new/")
    page.get_by_label("The strategy discussion it comes from").select_option(index=1)
    page.get_by_label("Multi-agency child protection team").select_option(label="Northshire North MACPT")
    page.get_by_label("Lead social worker").select_option(index=1)
    page.get_by_label("What the enquiry is about").fill(
        "Maya said her mother's partner hit her with a belt; the school nurse saw bruising on her arm.")
    page.get_by_role("button", name="Open enquiry").click()
    expect(page.get_by_role("heading", name="Section 47 enquiry: Maya Lewis")).to_be_visible()
    page.get_by_label("Which agency's task").select_option(label="Health (registered health professional)")
    page.get_by_label("Task", exact=True).fill("Arrange a child protection medical for Maya.")
    page.get_by_label("Owner (a JoinedUp user)").select_option(label="Nurse Tester, Northshire Hospitals NHS Trust")
    page.get_by_label("Due by").fill((timezone.localdate() + timedelta(days=2)).isoformat())
    page.get_by_role("button", name="Set task").click()
    expect(page.get_by_text("Task set.")).to_be_visible()
    expect(page.get_by_role("cell", name="Arrange a child protection medical for Maya.")).to_be_visible()
    page.get_by_label("Concerns substantiated: convene an initial child protection conference").check()
    page.get_by_label("Reasons").fill("Maya's account is consistent, the bruising matches it and police hold two "
                                      "earlier call-outs to the address; she is likely to suffer significant harm.")
    page.get_by_role("button", name="Record outcome").click()
    expect(page.get_by_role("heading", name="Outcome: Concerns substantiated")).to_be_visible()
    assert accessibility_violations(page) == []
    screenshot(page, "cpteams-enquiry")
