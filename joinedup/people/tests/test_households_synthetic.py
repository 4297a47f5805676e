"""Inferred households on a synthetic partnership, checked against the generator's truth."""

import csv
from collections import defaultdict
from datetime import date

from django.core.management import call_command

from joinedup.people.households import refresh_all_households
from joinedup.people.models import HouseholdMember, PersonRelationship, SourceRecord


def _truth(out):
    with (out / "truth" / "records.csv").open() as handle:
        key_of = {(r["agency"], r["record_id"]): r["person_key"] for r in csv.DictReader(handle)}
    stays = defaultdict(list)
    with (out / "truth" / "households.csv").open() as handle:
        for r in csv.DictReader(handle):
            start = date.fromisoformat(r["start_date"]) if r["start_date"] else date.min
            end = date.fromisoformat(r["end_date"]) if r["end_date"] else date.max
            stays[r["person_key"]].append((r["postcode"].replace(" ", ""), r["address"], start, end))
    return key_of, stays


def _lived_together(stays, a, b) -> bool:
    return any(pa == pb and xa == xb and sa < eb and sb < ea
               for pa, xa, sa, ea in stays.get(a, []) for pb, xb, sb, eb in stays.get(b, []))


def test_inferred_households_agree_with_who_really_lived_together(db, tmp_path):
    out = tmp_path / "partnership"
    call_command("synth", children=120, seed=5, out=str(out))
    call_command("import_partnership", str(out))
    counts = refresh_all_households()
    assert counts["households"] > 0 and counts["members"] > 0
    key_of, stays = _truth(out)
    person_key = {}
    for person_id, agency, record_id in SourceRecord.objects.values_list("person_id", "agency__code", "record_id"):
        person_key.setdefault(person_id, set()).add(key_of[(agency, record_id)])
    truth_of = {pid: next(iter(keys)) for pid, keys in person_key.items() if len(keys) == 1}
    members = defaultdict(list)
    for m in HouseholdMember.objects.filter(withdrawn=False, superseded_by__isnull=True):
        members[m.household_id].append(m.person_id)
    pairs = right = 0
    for people in members.values():
        keys = sorted({truth_of[p] for p in people if p in truth_of})
        for i, a in enumerate(keys):
            for b in keys[i + 1:]:
                pairs += 1
                right += _lived_together(stays, a, b)
    print(f"\nco-resident pairs inferred: {pairs}, of which truly lived together at that address: {right}")
    assert pairs > 20
    assert right / pairs >= 0.95
    declared = PersonRelationship.objects.filter(origin="declared", relationship="parent")
    assert declared.exists() and PersonRelationship.objects.filter(origin="inferred").exists()
    # Rebuilding again changes nothing.
    assert refresh_all_households() == {"households": 0, "members": 0, "relationships": 0, "withdrawn": 0}
