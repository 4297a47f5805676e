"""Merge then unmerge loses nothing: every event, association and household membership ends where it began.

Random small partnerships (persons with one to three records, events about one or two records,
associations between records, household memberships), random "same person" decisions (merges) and
"different people" decisions, then unmerges of everything that was merged, all through the services.
"""

from collections import defaultdict
from datetime import UTC, date, datetime

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from joinedup.associations.models import Association
from joinedup.audit.models import ActionLog
from joinedup.events.models import Event, EventSubject
from joinedup.linkage.models import Decision, LinkDecision, LinkRun, RecordMove, ReviewItem
from joinedup.linkage.services import decide, unmerge
from joinedup.people.models import Household, HouseholdMembership, Person, SourceRecord

AGENCIES = ("police", "csc", "school", "health")


class _Rollback(Exception):
    pass


partnerships = st.fixed_dictionaries({
    # each person: the agencies of its records (a repeated agency makes a same-agency conflict on merging)
    "persons": st.lists(st.lists(st.sampled_from(AGENCIES), min_size=1, max_size=3), min_size=2, max_size=5),
    "nhs": st.lists(st.sampled_from(["", "", "4857773456", "9434765919"]), min_size=5, max_size=5),
    "events": st.lists(st.tuples(st.integers(0, 99), st.integers(0, 99), st.booleans()), max_size=8),
    "associations": st.lists(st.tuples(st.integers(0, 99), st.integers(0, 99)), max_size=4),
    "memberships": st.lists(st.integers(0, 99), max_size=4),
    "decisions": st.lists(st.tuples(st.integers(0, 99), st.integers(0, 99), st.sampled_from(["same", "same", "different"])),
                          min_size=1, max_size=6),
    "keep": st.lists(st.integers(0, 99), min_size=15, max_size=15),
})


def _build(spec, agencies):
    records = []
    for i, codes in enumerate(spec["persons"]):
        person = Person.objects.create(person_type="child", display_name=f"Child {i}")
        for j, code in enumerate(codes):
            records.append(SourceRecord.objects.create(
                agency=agencies[code], record_id=f"R{i}-{j}", person=person, person_type="child", forename=f"Child{i}",
                surname="Test", date_of_birth=date(2015, 1, 1 + i), nhs_number=spec["nhs"][i], content_hash="x"))
    n = len(records)
    for k, (a, b, two) in enumerate(spec["events"]):
        event = Event.objects.create(agency=agencies["police"], source_id=f"E{k}", event_type="safeguarding.concern",
                                     occurred_at=datetime(2024, 1, 1 + k, tzinfo=UTC), content_hash="x")
        EventSubject.objects.create(event=event, record=records[a % n], position=0)
        if two and records[b % n] != records[a % n]:
            EventSubject.objects.create(event=event, record=records[b % n], position=1)
    for k, (a, b) in enumerate(spec["associations"]):
        if a % n != b % n:
            Association.objects.create(agency=agencies["police"], source_id=f"A{k}", association_type="associate_of",
                                       record=records[a % n], other_record=records[b % n], how_known="observed",
                                       reliability="probable", content_hash="x")
    household = Household.objects.create(agency=agencies["csc"], source_id="H1")
    for k, a in enumerate(spec["memberships"]):
        HouseholdMembership.objects.create(agency=agencies["csc"], source_id=f"M{k}", household=household,
                                           record=records[a % n], role="child", content_hash="x")
    return records


def _picture():
    """Where everything hangs: each event's, association's and membership's records and their persons."""
    person = dict(SourceRecord.objects.values_list("id", "person_id"))
    events = defaultdict(set)
    for event_id, record_id in EventSubject.objects.values_list("event_id", "record_id"):
        events[event_id].add((record_id, person[record_id]))
    associations = {a: (r, person[r], o, person[o]) for a, r, o in Association.objects.values_list("id", "record_id", "other_record_id")}
    memberships = {m: (r, person[r]) for m, r in HouseholdMembership.objects.values_list("id", "record_id")}
    return person, dict(events), associations, memberships


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(spec=partnerships)
def test_merges_then_unmerges_restore_every_event_association_and_membership(spec, agencies, users):
    try:
        with transaction.atomic():
            _check(spec, agencies, users["mash"])
            raise _Rollback
    except _Rollback:
        pass


def _check(spec, agencies, officer):
    records = _build(spec, agencies)
    before = _picture()
    original = before[0]
    run = LinkRun.objects.create()
    n = len(records)
    for a, b, choice in spec["decisions"]:
        ra, rb = SourceRecord.objects.get(pk=records[a % n].pk), SourceRecord.objects.get(pk=records[b % n].pk)
        if ra == rb or (choice == Decision.DIFFERENT and ra.person_id == rb.person_id):
            continue  # splitting one person is the unmerge below
        item = ReviewItem.objects.create(record_a=ra, record_b=rb, match_weight=6.0, reason="test", run=run)
        decide(item, decision=choice, reason="Checked with the agencies.", actor=officer)
        # nothing is lost or copied while merged
        merged = _picture()
        assert merged[1].keys() == before[1].keys() and merged[2].keys() == before[2].keys()
        assert {e: {r for r, _ in s} for e, s in merged[1].items()} == {e: {r for r, _ in s} for e, s in before[1].items()}
        for emptied in Person.objects.filter(records__isnull=True, id__in=set(original.values())):
            assert emptied.merged_into_id and Person.objects.get(pk=emptied.merged_into_id).records.exists()
    moved = {m.record_id for m in RecordMove.objects.all()}
    # unmerge: split off every group of records that did not start in the person now holding them
    k = 0
    while True:
        mixed = None
        for person_id in set(SourceRecord.objects.values_list("person_id", flat=True)):
            held = list(SourceRecord.objects.filter(person_id=person_id))
            homes = defaultdict(list)
            for record in held:
                homes[original[record.id]].append(record)
            if len(homes) > 1:
                mixed = sorted(homes.items())
                break
        if mixed is None:
            break
        keep = spec["keep"][k % len(spec["keep"])] % len(mixed)  # which original group stays: any choice works
        leaving = mixed[(keep + 1) % len(mixed)][1]
        unmerge(leaving, reason="Linked wrongly: different children.", actor=officer)
        k += 1
        assert k < 20
    after = _picture()
    assert after == before  # every record, event, association and membership is back with its original person
    assert set(Person.objects.filter(records__isnull=False).values_list("id", flat=True)) == set(original.values())
    assert not Person.objects.filter(id__in=set(original.values()), merged_into__isnull=False).exists()
    for record_id in moved:  # history: the way out and the way back
        history = list(RecordMove.objects.filter(record_id=record_id).order_by("at", "id"))
        assert history[0].from_person_id == original[record_id] and history[-1].to_person_id == original[record_id]
        assert len(history) >= 2
    decisions = LinkDecision.objects.count()
    assert ActionLog.objects.filter(action__startswith="linkage decision").count() == ReviewItem.objects.filter(open=False).count()
    assert ActionLog.objects.filter(action="unmerge").count() == k
    assert decisions >= k
