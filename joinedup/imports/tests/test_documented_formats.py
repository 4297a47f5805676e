"""docs/import-formats.md matches formats.yaml, and every documented example file imports cleanly."""

from pathlib import Path

import pytest

from engine.ingest.docs import render_formats_markdown
from joinedup.imports.services import import_file

DOCS = Path(__file__).resolve().parents[3] / "docs"


def test_the_import_formats_document_is_current():
    assert (DOCS / "import-formats.md").read_text() == render_formats_markdown(), (
        "regenerate with: .venv/bin/python -m engine.ingest.docs > docs/import-formats.md")


@pytest.mark.parametrize("agency, files", [
    ("police", ["people.csv", "households.csv", "associations.csv", "events.csv"]),
    ("health", ["bundle.json"]),
    ("csc", ["ssda903_header.csv", "ssda903_missing.csv"]),
    ("school", ["people.jsonl", "events.jsonl"]),
])
def test_every_example_file_imports_without_errors(agencies, agency, files):
    from joinedup.agencies.models import Agency

    Agency.objects.create(code="school-hilltop", name="Hill Top Academy", kind="school")
    for name in files:
        for report in import_file(DOCS / "examples" / name, agency=agencies[agency]):
            assert report.rejected == 0 and report.created > 0, report.errors
