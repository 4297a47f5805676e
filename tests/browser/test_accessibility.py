"""Every page a practitioner uses passes axe-core's WCAG 2.1 AA checks (serious and critical issues)."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import accessibility_violations, sign_in


@pytest.fixture
def child(transactional_db, users, make_record, make_event):
    from joinedup.casenotes.services import write_case_note

    record = make_record("school", "S1", "Caitlin", "Smith", upn="A123456789012", postcode="NR1 2AB")
    make_event("school", "SE1", record, note="Caitlin said she does not feel safe at home.")
    write_case_note(record.person, author=users["teacher"], text="Caitlin has been putting herself at risk.")
    return record.person


def test_the_sign_in_page_is_accessible(page, child):
    page.goto("/accounts/login/")
    assert accessibility_violations(page) == []


@pytest.mark.parametrize("username, path", [
    ("teacher", "/?q=Caitlin+Smith"),
    ("teacher", "/people/{pk}/"),
    ("dsl", "/people/{pk}/access-log/"),
    ("teacher", "/people/{pk}/notes/new/"),
    ("analyst", "/partnership/language/"),
    ("analyst", "/"),
])
def test_each_page_is_accessible(page, child, username, path):
    sign_in(page, username)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.goto(path.format(pk=child.pk))
    page.wait_for_load_state("networkidle")
    assert accessibility_violations(page) == []


def test_the_case_note_form_is_accessible_while_showing_flags(page, child):
    sign_in(page, "teacher")
    page.goto(f"/people/{child.pk}/notes/new/")
    page.get_by_label("Case note").fill("She chose to go with him; she is promiscuous.")
    page.get_by_label("Case note").dispatch_event("input")
    expect(page.locator(".language-flags")).to_be_visible()
    assert accessibility_violations(page) == []


def test_the_check_finds_problems_when_there_are_some(page, child):
    """Guard against a check that cannot fail: an unlabelled field and an image without alt text."""
    page.goto("/accounts/login/")
    page.evaluate("""() => {
        document.querySelector('main').insertAdjacentHTML('beforeend',
            '<input type="text" id="x"><img src="/static/joinedup/joinedup.css">');
    }""")
    problems = accessibility_violations(page)
    assert any(p.startswith("label") for p in problems) and any(p.startswith("image-alt") for p in problems)
