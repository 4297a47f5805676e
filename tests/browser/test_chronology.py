"""The chronology in a real browser: filter by agency and period without a reload, bookmark it, export a PDF."""

import re

import pytest
from playwright.sync_api import expect

from joinedup.chronology.tests.conftest import family as family_fixture
from tests.browser.conftest import accessibility_violations, screenshot, sign_in


@pytest.fixture
def family(transactional_db, agencies, make_record, make_event):
    return family_fixture.__wrapped__(agencies, make_record, make_event)


def _rows(page):
    return page.locator("table.chronology tbody tr")


def test_filter_the_chronology_by_agency_and_period_and_bookmark_it(page, users, family):
    child = family["child"]
    sign_in(page, "mash")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.goto(f"/people/{child.pk}/")
    page.get_by_role("link", name="Multi-agency chronology").click()
    expect(page.get_by_role("heading", name="Chronology of Mia Hart", level=1)).to_be_visible()
    expect(_rows(page)).to_have_count(7)
    expect(page.get_by_text("About Jo Hart, mother", exact=False).first).to_be_visible()
    page.evaluate("window.__not_reloaded = true")

    page.get_by_label("Agency").select_option(label="Northshire Police")
    expect(_rows(page)).to_have_count(4)
    expect(page).to_have_url(re.compile(r"agency=police"))
    page.get_by_label("From").fill("2024-01-01")
    page.get_by_label("From").dispatch_event("change")
    expect(_rows(page)).to_have_count(3)
    expect(page.get_by_role("status")).to_contain_text("3 entries of 7")
    expect(page.get_by_text("Arrested after an assault")).to_have_count(0)
    assert page.evaluate("window.__not_reloaded") is True  # HTMX swapped the rows; the page did not reload
    screenshot(page, "chronology-filtered")

    bookmarked = page.url
    assert "from=2024-01-01" in bookmarked
    page.goto(bookmarked)
    expect(_rows(page)).to_have_count(3)
    expect(page.get_by_label("Agency")).to_have_value("police")
    expect(page.get_by_label("From")).to_have_value("2024-01-01")
    assert accessibility_violations(page) == []


def test_the_unfiltered_chronology_and_the_restricted_view_are_accessible(page, users, family):
    sign_in(page, "teacher")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.goto(f"/people/{family['child'].pk}/chronology/")
    expect(page.get_by_role("heading", name="Other agencies hold further records")).to_be_visible()
    expect(_rows(page)).to_have_count(2)
    assert accessibility_violations(page) == []
    page.get_by_role("link", name="Ask the MASH for the whole picture").click()
    assert accessibility_violations(page) == []
    page.get_by_label("Strategy discussion or section 47 enquiry").check()
    page.get_by_label("What do you need to know, and why?").fill("Strategy discussion tomorrow at 10.")
    page.get_by_role("button", name="Send the request to the MASH").click()
    expect(page.get_by_text("Your request has gone to the MASH")).to_be_visible()


def test_download_the_filtered_chronology_as_a_pdf_that_renders(page, users, family, tmp_path):
    from PIL import Image

    from joinedup.chronology.models import ChronologyExport

    sign_in(page, "mash")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.goto(f"/people/{family['child'].pk}/chronology/?agency=police")
    expect(_rows(page)).to_have_count(4)
    page.get_by_role("link", name=re.compile("Export as PDF")).click()
    expect(page.get_by_role("heading", name="Export the chronology as PDF")).to_be_visible()
    assert accessibility_violations(page) == []
    page.get_by_label("Strategy discussion or meeting").check()
    page.get_by_label(re.compile("More about the purpose")).fill("Strategy meeting, 3 June")
    with page.expect_download() as caught:
        page.get_by_role("button", name="Download PDF").click()
    saved = tmp_path / "chronology.pdf"
    caught.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF-")
    export = ChronologyExport.objects.get()
    assert export.rows == 4 and export.filters == {"agency": "police"} and export.purpose == "strategy"

    # Open the downloaded file in Chromium's own PDF viewer and check the page shows text (dark pixels on white).
    viewer = page.context.new_page()
    viewer.goto(saved.as_uri())
    viewer.wait_for_timeout(2500)
    shot = screenshot(viewer, "chronology-pdf")
    image = Image.open(shot).convert("L")
    width, height = image.size
    page_area = image.crop((width // 3, 70, width - 100, min(height, 700)))
    histogram = page_area.histogram()  # pixels per grey level, 0 (black) to 255 (white)
    white, dark = sum(histogram[241:]), sum(histogram[:110])
    assert white > sum(histogram) * 0.4, "no white PDF page was rendered"
    assert dark > 500, "the rendered PDF page shows no text"
