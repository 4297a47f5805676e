"""CSV and PDF exports: they honour the filters and the reader's access, ask why, and are logged."""

import csv
import hashlib
import io

from django.test import RequestFactory
from django.urls import reverse

from joinedup.audit.models import AccessLog
from joinedup.chronology.exports import CSV_COLUMNS, pdf_document
from joinedup.chronology.models import ChronologyExport
from joinedup.chronology.views import build


def _export(client, user, person, fmt, query="", **data):
    client.force_login(user)
    url = reverse("chronology:export", args=[person.pk, fmt]) + query
    return client.post(url, {"purpose": "strategy", "purpose_detail": "Strategy meeting 3 June", **data})


def _csv(response):
    """(heading lines, rows as dicts): the heading is every row before the blank row and the column names."""
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    start = rows.index(CSV_COLUMNS)
    assert rows[start - 1] == []
    heading = [row[0] for row in rows[:start - 1]]
    return heading, [dict(zip(CSV_COLUMNS, row, strict=True)) for row in rows[start + 1:]]


def test_the_export_asks_why_before_sending_anything(client, users, family):
    client.force_login(users["mash"])
    url = reverse("chronology:export", args=[family["child"].pk, "pdf"]) + "?agency=police"
    page = client.get(url).content.decode()
    assert "Why are you exporting this chronology?" in page and "Strategy discussion or meeting" in page
    assert f'action="/people/{family["child"].pk}/chronology/export/pdf/?agency=police"' in page
    response = client.post(url, {"purpose": "other"})  # "another reason" needs words
    assert response.status_code == 200 and "Say why you are exporting" in response.content.decode()
    assert not ChronologyExport.objects.exists()
    assert not AccessLog.objects.filter(what__endswith="export").exists()


def test_the_csv_has_the_standard_columns_and_honours_the_filters(client, users, family):
    response = _export(client, users["mash"], family["child"], "csv", "?agency=police&from=2024-01-01")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="chronology-')
    heading, rows = _csv(response)
    assert rows and list(rows[0]) == CSV_COLUMNS
    assert [r["Event"] for r in rows] == ["Domestic abuse incident", "Reported missing to police",
                                          "Found with an adult of concern"]
    da = rows[0]
    assert da["Date"] == "1 Feb 2024 23:15" and da["Agency"] == "Northshire Police"
    assert da["About"].startswith("Jo Hart, mother") and da["Relationship to the child"] == "mother"
    assert da["Significance"] == "significant — harm or risk from adults around the child"
    assert da["Source of information"] == "Seen or heard first-hand" and da["Child seen"].startswith("not recorded")
    assert rows[1]["Action"] == "Shared with Hill Top Academy" and rows[1]["Outcome"] == "Found at: a flat in town"
    assert rows[1]["Child seen"] == "yes"
    assert any("Purpose: Strategy discussion or meeting: Strategy meeting 3 June" in h for h in heading)
    assert any("recorded by Northshire Police; from 1 Jan 2024" in h for h in heading)
    assert any("OFFICIAL-SENSITIVE" in h for h in heading)


def test_every_export_is_logged_with_who_why_what_and_which_bytes(client, users, family):
    response = _export(client, users["mash"], family["child"], "csv", "?significance=decision")
    export = ChronologyExport.objects.get()
    assert (export.user, export.person, export.format, export.purpose, export.rows) == (
        users["mash"], family["child"], "csv", "strategy", 1)
    assert export.purpose_detail == "Strategy meeting 3 June" and export.filters == {"significance": "decision"}
    assert export.whole_picture and export.sha256 == hashlib.sha256(response.content).hexdigest()
    log = export.access_log
    assert (log.user, log.person, log.what) == (users["mash"], family["child"], "chronology CSV export")
    assert log.route.endswith("?significance=decision")


def test_a_restricted_readers_export_holds_only_what_they_may_see(client, users, family):
    response = _export(client, users["teacher"], family["child"], "csv")
    heading, rows = _csv(response)
    assert sorted(r["Event"] for r in rows) == ["Reported missing to police", "Safeguarding concern raised by school"]
    body = response.content.decode("utf-8-sig")
    assert "domestic abuse at the address" not in body and "Found in a car" not in body
    assert any("Other agencies hold further records: Northshire Children's Social Care (1 events" in h
               for h in heading)
    assert not ChronologyExport.objects.get().whole_picture


def test_cells_that_a_spreadsheet_would_run_as_formulas_are_defused(client, users, family):
    event = family["events"]["SE1"]
    event.note = "=HYPERLINK(\"http://example.invalid\")"
    event.save()
    _, rows = _csv(_export(client, users["mash"], family["child"], "csv", "?type=school.safeguarding_concern"))
    assert rows[0]["Note"].startswith("'=HYPERLINK")


def test_the_pdf_is_a_pdf_holding_the_rows_and_is_logged(client, users, family):
    response = _export(client, users["mash"], family["child"], "pdf", "?agency=police")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    export = ChronologyExport.objects.get()
    assert export.format == "pdf" and export.rows == 4
    assert export.sha256 == hashlib.sha256(response.content).hexdigest()
    assert export.access_log.what == "chronology PDF export"


def test_the_pdf_says_what_the_rows_say(rf_user_request, family):
    request = rf_user_request("/x/?agency=police")
    found = build(request, family["child"])
    document = pdf_document({"chronology": found, "person": family["child"], "rows": found.shown,
                             "heading": ["Purpose: test"]})
    text = " ".join(box.text for page in document.pages for box in page._page_box.descendants()
                    if hasattr(box, "text"))
    for words in ("Multi-agency chronology: Mia Hart", "Domestic abuse incident", "Reported missing to police",
                  "Found with an adult of concern", "Arrested", "mother", "Child seen", "Significance",
                  "OFFICIAL-SENSITIVE", "Page 1 of"):
        assert words in text, words
    assert "Safeguarding concern raised by school" not in text  # filtered out


def test_the_pdf_refuses_to_fetch_anything(rf_user_request, family):
    import pytest
    from weasyprint import HTML

    from joinedup.chronology.exports import _no_fetching

    with pytest.raises(ValueError):
        _no_fetching().fetch("http://example.invalid/font.woff")
    # A URL in the HTML is refused, not fetched: the PDF still renders, without it.
    pdf = HTML(string='<img src="http://example.invalid/x.png"><p>ok</p>', url_fetcher=_no_fetching()).write_pdf()
    assert pdf.startswith(b"%PDF")


def test_a_long_pdf_breaks_across_pages_with_headings_repeated(rf_user_request, family, make_event):
    from datetime import timedelta

    from joinedup.chronology.tests.conftest import at

    for i in range(120):
        make_event("school", f"L{i}", family["records"]["mia_school"], event_type="appointment.was_not_brought",
                   occurred_at=at(2023, 1, 1) + timedelta(days=i), attributes={"service": "school nurse"})
    found = build(rf_user_request("/x/"), family["child"])
    document = pdf_document({"chronology": found, "person": family["child"], "rows": found.shown, "heading": []})
    assert len(document.pages) > 2
    last = " ".join(box.text for box in document.pages[-1]._page_box.descendants() if hasattr(box, "text"))
    assert "Child seen" in last  # the column headings repeat on every page


import pytest  # noqa: E402


@pytest.fixture
def rf_user_request(users):
    def make(path):
        request = RequestFactory().get(path)
        request.user = users["mash"]
        return request

    return make


def test_the_pdf_html_names_no_remote_resource(rf_user_request, family):
    from django.template.loader import render_to_string

    found = build(rf_user_request("/x/"), family["child"])
    html = render_to_string("chronology/pdf.html", {"chronology": found, "person": family["child"],
                                                    "rows": found.shown, "heading": ["h"]})
    assert "http:" not in html and "https:" not in html and "url(" not in html and "<link" not in html
    assert "@font-face" not in html  # the machine's own fonts only
