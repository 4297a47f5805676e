"""The administrator's pages and the API documentation page, in a real browser."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot


@pytest.fixture
def staff(transactional_db, users):
    users["admin"].is_staff = True
    users["admin"].is_superuser = True
    users["admin"].save()
    return users


def _sign_in(page, path, username):
    page.goto(path)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").or_(page.get_by_role("button", name="Sign in")).click()


def test_an_administrator_manages_accounts_and_sees_no_case_data(page, staff):
    _sign_in(page, "/admin/", "admin")
    expect(page.get_by_role("link", name="Users")).to_be_visible()
    expect(page.locator("#agencies-agency").get_by_role("link", name="Agencies")).to_be_visible()
    expect(page.get_by_role("link", name="People")).to_have_count(0)
    expect(page.get_by_role("link", name="Events")).to_have_count(0)
    page.get_by_role("link", name="Users").click()
    expect(page.get_by_role("link", name="teacher")).to_be_visible()
    screenshot(page, "admin-users")


def test_the_api_documentation_renders_from_local_assets(page, staff):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    _sign_in(page, "/accounts/login/?next=/api/docs/", "teacher")
    expect(page.get_by_text("JoinedUp API")).to_be_visible()
    expect(page.get_by_text("/api/people/{id}/").first).to_be_visible()
    assert all(url.startswith(page.url.split("/api/")[0]) for url in requested)
    screenshot(page, "api-docs")
