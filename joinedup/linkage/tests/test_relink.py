"""Relinking joins each child's records into one person, never across a conflict, and keeps every move."""

import csv
from collections import defaultdict

import pytest
from django.core.management import call_command

from joinedup.events.models import EventSubject
from joinedup.linkage.models import Decision, LinkDecision, RecordMove, ReviewItem
from joinedup.linkage.services import decide, relink
from joinedup.people.models import Person, SourceRecord


@pytest.fixture
def partnership(db, tmp_path):
    out = tmp_path / "p"
    call_command("synth", children=120, seed=5, out=str(out))
    call_command("import_partnership", str(out))
    with (out / "truth" / "records.csv").open() as handle:
        return {(row["agency"], row["record_id"]): row["person_key"] for row in csv.DictReader(handle)}


@pytest.fixture
def reviewer(partnership):
    from joinedup.accounts.models import User
    from joinedup.agencies.models import Agency

    mash, _ = Agency.objects.get_or_create(code="mash", defaults={"name": "MASH", "kind": "mash"})
    return User.objects.create_user("reviewer", password="correct horse battery", role="mash_officer", agency=mash)


def _people_of(truth):
    persons = defaultdict(set)
    for record in SourceRecord.objects.select_related("agency"):
        persons[record.person_id].add(truth[(record.agency.code, record.record_id)])
    return persons


def test_relinking_joins_records_never_merges_conflicts_and_loses_no_event(partnership):
    subjects_before = sorted(EventSubject.objects.values_list("event_id", "record_id"))
    people_before = Person.objects.filter(records__isnull=False).distinct().count()
    run = relink(retrain=True)
    people_after = Person.objects.filter(records__isnull=False).distinct().count()
    assert run.records_moved > 0 and people_after < people_before
    assert sorted(EventSubject.objects.values_list("event_id", "record_id")) == subjects_before
    persons = _people_of(partnership)
    false_merges = [p for p, keys in persons.items() if len(keys) > 1]
    assert len(false_merges) <= max(1, len(persons) // 100)
    for person in Person.objects.filter(records__isnull=False).distinct():
        nhs = {n for n in person.records.values_list("nhs_number", flat=True) if n}
        assert len(nhs) <= 1, f"{person} holds two NHS numbers"
    moved = RecordMove.objects.first()
    assert moved.run == run and moved.record.person_id == moved.to_person_id
    emptied = Person.objects.filter(records__isnull=True)
    assert all(p.merged_into_id for p in emptied)
    again = relink()
    assert again.records_moved == 0  # a second relink with nothing new changes nothing


def test_a_reviewers_different_people_decision_holds_in_every_later_relink(partnership, reviewer):
    relink(retrain=True)
    a, b = next(((x, y) for x in SourceRecord.objects.all() for y in x.person.records.exclude(id=x.id)), (None, None))
    assert a is not None, "expected at least one person with two linked records"
    item = ReviewItem.objects.create(record_a=a, record_b=b, match_weight=12.0, reason="test", run=relink())
    with pytest.raises(ValueError, match="reason"):
        decide(item, decision=Decision.DIFFERENT, reason="  ", actor=reviewer)
    decide(item, decision=Decision.DIFFERENT, reason="Different dates of birth confirmed with school.", actor=reviewer)
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.person_id != b.person_id
    relink()
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.person_id != b.person_id
    decision = LinkDecision.objects.get()
    assert decision.decided_by == reviewer and RecordMove.objects.filter(decision=decision).exists()


def test_a_same_person_decision_merges_the_two_records(partnership, reviewer):
    relink(retrain=True)
    a, b = SourceRecord.objects.exclude(person__records__agency__code="health").first(), None
    b = SourceRecord.objects.exclude(person=a.person).filter(agency__code="health").first()
    item = ReviewItem.objects.create(record_a=a, record_b=b, match_weight=5.0, reason="test", run=relink())
    decide(item, decision=Decision.SAME, reason="Same child: confirmed by the school nurse.", actor=reviewer)
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.person_id == b.person_id


def test_a_decision_recluters_only_the_two_persons_and_is_audited(partnership, reviewer):
    from joinedup.audit.models import ActionLog
    from joinedup.linkage.models import LinkRun, RunKind

    relink(retrain=True)
    person = next(p for p in Person.objects.filter(records__isnull=False).distinct() if p.records.count() >= 3)
    a, b = list(person.records.order_by("id"))[:2]
    elsewhere = dict(SourceRecord.objects.exclude(person=person).values_list("id", "person_id"))
    full_runs = LinkRun.objects.filter(kind=RunKind.FULL).count()
    item = ReviewItem.objects.create(record_a=a, record_b=b, match_weight=12.0, reason="test", run=LinkRun.objects.first())
    made = decide(item, decision=Decision.DIFFERENT, reason="Twins: school confirmed two children.", actor=reviewer)
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.person_id != b.person_id
    assert made.run.kind == RunKind.DECISION and LinkRun.objects.filter(kind=RunKind.FULL).count() == full_runs
    moved_in = dict(SourceRecord.objects.filter(id__in=elsewhere).values_list("id", "person_id"))
    assert moved_in == elsewhere  # nobody else's records moved
    entry = ActionLog.objects.get(action="linkage decision: different")
    assert entry.user == reviewer and entry.reason.startswith("Twins") and person in entry.persons.all()
    assert entry.detail["moves"]
