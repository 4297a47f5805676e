"""A new partnership links from its first file: the default model until its own records can train one, and
`joinedup link` says which model it used (issue 14, item 5)."""

import csv
from io import StringIO

import pytest
from django.core.management import call_command

from joinedup.agencies.models import Agency
from joinedup.imports.partnership import create_agencies, partnership_files
from joinedup.imports.services import import_file
from joinedup.linkage.models import LinkageModel, LinkRun, ModelSource, RunKind
from joinedup.people.models import Person, SourceRecord


@pytest.fixture
def first_files(db, tmp_path):
    """A new partnership's first files: the police and children's social care people files of 100 children."""
    out = tmp_path / "p"
    call_command("synth", children=100, seed=1, out=str(out))
    create_agencies(out)
    later = []
    for code, path in partnership_files(out):
        if path.name.startswith("people") and code in ("police", "csc"):
            import_file(path, agency=Agency.objects.get(code=code))
        elif path.name.startswith(("people", "bundle")):
            later.append((code, path))
    with (out / "truth" / "records.csv").open() as handle:
        truth = {(row["agency"], row["record_id"]): row["person_key"] for row in csv.DictReader(handle)}
    return later, truth


def _persons_by_truth(truth):
    holders = {}
    for record in SourceRecord.objects.select_related("agency"):
        holders.setdefault(truth[(record.agency.code, record.record_id)], set()).add(record.person_id)
    return holders


def _link(*args) -> str:
    out = StringIO()
    call_command("link", *args, stdout=out)
    return out.getvalue()


def test_a_first_file_links_with_the_default_model_and_the_command_says_so(first_files):
    _, truth = first_files
    records = SourceRecord.objects.count()
    persons_before = Person.objects.filter(records__isnull=False).distinct().count()
    said = _link()
    assert said.startswith("model: the default model (estimated on a synthetic partnership")
    assert f"this partnership holds {records:,} records; a model of its own needs at least 10,000" in said
    stored = LinkageModel.objects.get()
    assert stored.source == ModelSource.DEFAULT
    assert stored.statistics["prior"]["deterministic_pairs"] >= 0
    run = LinkRun.objects.get(kind=RunKind.FULL)
    assert run.model == stored and "default model" in run.model_note
    persons_after = Person.objects.filter(records__isnull=False).distinct().count()
    assert persons_after < persons_before  # police and social care records of one child are one person now
    merged = [p for p in Person.objects.filter(records__isnull=False).distinct()
              if len({truth[(r.agency.code, r.record_id)] for r in p.records.select_related("agency")}) > 1]
    assert not merged  # no two children in one person


def test_later_files_link_as_they_arrive_with_the_default_model(first_files):
    later, truth = first_files
    _link()
    for code, path in later:
        import_file(path, agency=Agency.objects.get(code=code))
    runs = LinkRun.objects.filter(kind=RunKind.INCREMENTAL)
    assert runs.count() == len(later) and all(r.model.source == ModelSource.DEFAULT for r in runs)
    holders = _persons_by_truth(truth)
    whole = sum(len(p) == 1 for p in holders.values())
    assert whole / len(holders) >= 0.9  # most children's records, across agencies, in one person


def test_own_model_once_the_records_can_train_one_and_it_is_kept(first_files, monkeypatch):
    _link()
    assert LinkageModel.objects.first().source == ModelSource.DEFAULT
    monkeypatch.setattr("joinedup.linkage.services.cannot_train", lambda records: None)
    said = _link()
    assert said.startswith("model: this partnership's own model, trained now on")
    assert LinkageModel.objects.first().source == ModelSource.TRAINED
    said = _link()
    assert said.startswith("model: this partnership's own model (trained") and LinkageModel.objects.count() == 2
    said = _link("--default-model")
    assert said.startswith("model: the default model") and "asked for" in said


def test_a_training_asked_for_on_records_that_cannot_train_falls_back_to_the_default(db, first_files):
    police = Agency.objects.get(code="police")
    SourceRecord.objects.exclude(agency=police).delete()
    said = _link("--train")
    assert said.startswith("model: the default model") and "training on this partnership's records failed" in said
    assert LinkageModel.objects.get().source == ModelSource.DEFAULT


def test_the_model_page_says_the_partnership_links_with_the_default_model(client, users, first_files):
    from django.urls import reverse

    _link()
    client.force_login(users["mash"])
    page = client.get(reverse("linkage:model")).content.decode()
    assert "links with the <strong>default model</strong>" in page and "synthetic partnership of 30000 children" in page
    assert "until this partnership holds 10,000 records" in page
