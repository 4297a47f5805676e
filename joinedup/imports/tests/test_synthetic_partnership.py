"""The synthetic partnership imports whole, through the same commands the demo uses."""

import csv

from django.core.management import call_command

from joinedup.events.models import Event
from joinedup.imports.models import ImportBatch
from joinedup.people.models import SourceRecord


def test_a_synthetic_partnership_imports_with_no_rejected_rows(db, tmp_path):
    out = tmp_path / "partnership"
    call_command("synth", children=80, seed=3, out=str(out))
    call_command("import_partnership", str(out))
    batches = ImportBatch.objects.all()
    assert batches and all(b.status == "committed" and b.rejected == 0 for b in batches)
    with (out / "truth" / "records.csv").open() as handle:
        truth = {(row["agency"], row["record_id"]) for row in csv.DictReader(handle)}
    stored = set(SourceRecord.objects.values_list("agency__code", "record_id"))
    assert stored == truth
    assert Event.objects.filter(agency__code="health").exists() and Event.objects.filter(event_type="csc.missing_episode").exists()
    call_command("import_partnership", str(out))  # again: nothing changes
    assert all(b.created == 0 and b.updated == 0 for b in ImportBatch.objects.filter(id__gt=max(b.id for b in batches)))
