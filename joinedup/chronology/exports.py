"""The chronology as CSV and as PDF (WeasyPrint, offline: local fonts, no URL is ever fetched)."""

from __future__ import annotations

import csv
import io

from django.template.loader import render_to_string

from joinedup.chronology.entries import ChronologyEntry

__all__ = ["CSV_COLUMNS", "to_csv", "to_pdf"]

CSV_COLUMNS = ["Date", "Time known", "Date recorded", "Agency", "Author", "Author role", "Source of information",
               "Event", "Details", "Note", "About", "Relationship to the child", "Significance", "Action",
               "Outcome", "Child seen", "Reference"]


def _safe(value: str) -> str:
    """Stop a spreadsheet treating a cell as a formula (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_row(entry: ChronologyEntry) -> list[str]:
    return [entry.date_text, "yes" if entry.time_known else "no", entry.recorded_text, entry.agency, entry.author,
            entry.author_role, entry.source, entry.title, "; ".join(entry.details), entry.note,
            entry.about or "the child", entry.relationship or "the child", entry.significance_label,
            entry.action, entry.outcome, entry.child_seen, entry.key]


def to_csv(entries: list[ChronologyEntry], heading: list[str]) -> bytes:
    """UTF-8 with a byte-order mark (so spreadsheet programs read it as UTF-8).

    The heading (marking, child, who, why, filters) comes first, one line per row in the first column, then
    a blank row, then the column names and one row per entry.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for line in heading:
        writer.writerow([_safe(line)])
    writer.writerow([])
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        writer.writerow([_safe(str(cell)) for cell in csv_row(entry)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _no_fetching():
    """A WeasyPrint URL fetcher that fetches nothing: every URL is refused (and logged by WeasyPrint as skipped)."""
    from weasyprint.urls import URLFetcher

    class NoFetching(URLFetcher):
        def fetch(self, url, headers=None):
            raise ValueError(f"the chronology PDF fetches nothing; refused {url[:80]!r}")

    return NoFetching(allowed_protocols=())


def to_pdf(context: dict) -> bytes:
    """Render chronology/pdf.html to PDF bytes. Any URL in the HTML is refused, so nothing leaves the machine."""
    from weasyprint import HTML

    html = render_to_string("chronology/pdf.html", context)
    return HTML(string=html, base_url=None, url_fetcher=_no_fetching()).write_pdf()


def pdf_document(context: dict):
    """The laid-out WeasyPrint document (for checking what a PDF says without a PDF reader)."""
    from weasyprint import HTML

    return HTML(string=render_to_string("chronology/pdf.html", context), base_url=None,
                url_fetcher=_no_fetching()).render()
