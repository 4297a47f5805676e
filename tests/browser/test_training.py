"""Training records in a real browser (R77): a school's team manager adds a volunteer, records the sessions the
volunteer attended, and sees the school's compliance change."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import accessibility_violations, screenshot, sign_in


@pytest.fixture
def manager(transactional_db, users, make_user):
    return make_user("manager", "team_manager", "school")


def _school_row(page):
    return page.locator("tr", has=page.get_by_role("rowheader", name="Hill Top Academy"))


def test_recording_attendance_changes_the_schools_compliance(page, manager):
    sign_in(page, "manager")
    page.get_by_role("link", name="Training").click()
    expect(page.get_by_role("heading", name="Compliance by agency")).to_be_visible()
    # the teacher, the DSL and the manager: nobody has attended anything yet
    expect(_school_row(page).get_by_role("cell").nth(1)).to_have_text("0")
    assert accessibility_violations(page) == []
    screenshot(page, "training-before")

    page.get_by_role("link", name="Add a volunteer or other learner").first.click()
    page.get_by_label("Name").fill("Sam Okafor")
    page.get_by_label("Job or volunteering role (optional)").fill("Reading volunteer")
    page.get_by_label("Training pathway").select_option(label="Volunteers")
    assert accessibility_violations(page) == []
    page.get_by_role("button", name="Add learner").click()
    expect(page.get_by_text("Sam Okafor added with the pathway for volunteers")).to_be_visible()
    row = page.locator("tr", has_text="Sam Okafor")
    expect(row.get_by_text("Child exploitation awareness")).to_be_visible()
    expect(row.get_by_text("Appropriate language about children and exploitation")).to_be_visible()
    expect(row.get_by_text("No", exact=True)).to_be_visible()
    assert accessibility_violations(page) == []

    today = timezone.localdate().isoformat()
    for course in ("Safeguarding children: recognising and reporting concerns", "Child exploitation awareness",
                   "Appropriate language about children and exploitation"):
        page.get_by_role("link", name="Record attendance at a session").click()
        page.get_by_label("Course").select_option(label=course)
        page.get_by_label("Date of the session").fill(today)
        page.get_by_label("How attendance is known").fill("Signed register")
        page.get_by_label("Sam Okafor").check()
        if course.startswith("Safeguarding"):
            assert accessibility_violations(page) == []
            screenshot(page, "training-record-session")
        page.get_by_role("button", name="Record attendance").click()
        expect(page.get_by_text("Attendance recorded: 1 learner attended")).to_be_visible()
    expect(page.locator("tr", has_text="Sam Okafor").get_by_text("Yes", exact=True)).to_be_visible()
    screenshot(page, "training-agency")

    page.get_by_role("link", name="← Training").click()
    expect(_school_row(page).get_by_role("cell").nth(1)).to_have_text("1")       # up to date: the volunteer
    expect(_school_row(page).get_by_role("cell").first).to_have_text("4")        # learners
    assert accessibility_violations(page) == []
    screenshot(page, "training-after")
