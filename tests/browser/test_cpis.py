"""CP-IS in a real browser: a nurse opening a child on a child protection plan sees the flag with the local
authority's contact numbers (a teacher does not), records an emergency department attendance, and the allocated
social worker receives it in the inbox and records what was done (issue 20)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import accessibility_violations, screenshot, sign_in


@pytest.fixture
def child(transactional_db, users, make_record, make_user, make_event):
    from joinedup.people.models import Allocation

    make_user("nurse", "practitioner", "health")
    csc = make_record("csc", "C1", "Maya", "Lewis", born=date(2012, 5, 9), nhs_number="9434765919")
    make_record("health", "H1", "Maya", "Lewis", born=date(2012, 5, 9), nhs_number="9434765919")
    make_record("school", "S1", "Maya", "Lewis", born=date(2012, 5, 9), nhs_number="9434765919")
    make_event("csc", "CP1", csc, event_type="csc.cp_plan_start",
               occurred_at=datetime(2026, 9, 14, 11, 0, tzinfo=ZoneInfo("Europe/London")))
    Allocation.objects.create(person=csc.person, worker=users["socialworker"], start_date=date(2026, 1, 1))
    return csc.person


def test_a_nurse_sees_the_flag_and_the_social_worker_receives_the_attendance(page, child):
    sign_in(page, "nurse")
    page.goto(f"/people/{child.pk}/")
    flag = page.locator(".cp-flag")
    expect(flag.get_by_role("heading", name="CP-IS: Child protection plan")).to_be_visible()
    expect(flag).to_contain_text("since 14 September 2026")
    expect(flag).to_contain_text("Northshire County Council children's services")
    expect(flag.get_by_role("link", name="01632 960999")).to_be_visible()
    expect(page.get_by_text("NHS number 943 476 5919")).to_be_visible()
    assert accessibility_violations(page) == []
    screenshot(page, "cpis-flag-nurse")

    flag.get_by_role("link", name="Record an attendance; the last 25 attendances").click()
    page.get_by_label("Kind of setting").select_option(label="Emergency department")
    page.get_by_label("Setting", exact=True).fill("Northshire General Hospital")
    page.get_by_label("When the child attended").fill(
        (timezone.localtime() - timedelta(minutes=20)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Record attendance").click()
    expect(page.get_by_text("Attendance recorded. Told the allocated worker: Socialworker Tester.")).to_be_visible()
    expect(page.get_by_role("cell", name="Northshire General Hospital", exact=False)).to_be_visible()
    assert accessibility_violations(page) == []
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "teacher")
    page.goto(f"/people/{child.pk}/")
    expect(page.get_by_role("heading", name="Maya Lewis")).to_be_visible()
    expect(page.locator(".cp-flag")).to_have_count(0)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "socialworker")
    page.get_by_role("link", name="Inbox (1)").click()
    page.get_by_role("link", name="CP-IS: emergency department attendance, Northshire General Hospital",
                     exact=False).click()
    expect(page.get_by_text("The child's child protection or looked after status was seen")).to_be_visible()
    assert accessibility_violations(page) == []
    page.get_by_label("Contacted the other agency").check()
    page.get_by_label("Note").fill("Spoke to the ED paediatric liaison nurse; Maya was treated for a sprain and "
                                   "went home with her grandmother.")
    page.get_by_role("button", name="Acknowledge with this action").click()
    expect(page.get_by_text("Recorded what was done")).to_be_visible()
    screenshot(page, "cpis-attendance-acknowledged")
