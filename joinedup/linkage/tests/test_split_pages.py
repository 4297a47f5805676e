"""Splitting a wrongly linked record off a person: MASH officers only, with a reason, audited, nothing lost."""

import pytest
from django.urls import reverse

from joinedup.audit.models import AccessLog, ActionLog
from joinedup.linkage.models import Decision, LinkDecision, RecordMove
from joinedup.linkage.services import unmerge


@pytest.fixture
def joined(make_record, make_event):
    """Two records of different children wrongly on one person (as a wrong automatic link would leave them)."""
    a = make_record("school", "S1", "Caitlin", "Smith")
    b = make_record("police", "P1", "Katie", "Smyth")
    home_b = b.person
    event = make_event("police", "E1", b)
    b.person = a.person
    b.save()
    RecordMove.objects.create(record=b, from_person=home_b, to_person=a.person)
    home_b.merged_into = a.person
    home_b.save()
    return a, b, home_b, event


@pytest.mark.parametrize("role", ["teacher", "dsl", "socialworker", "analyst"])
def test_only_mash_officers_may_split(client, users, joined, role):
    a, *_ = joined
    client.force_login(users[role])
    assert client.get(reverse("linkage:split", args=[a.person_id])).status_code in (403, 404)


def test_the_person_page_offers_the_split_to_mash_officers_only(client, users, joined):
    a, *_ = joined
    client.force_login(users["mash"])
    assert reverse("linkage:split", args=[a.person_id]) in client.get(reverse("people:detail", args=[a.person_id])).content.decode()
    client.force_login(users["teacher"])
    assert "Split a record off" not in client.get(reverse("people:detail", args=[a.person_id])).content.decode()


def test_splitting_a_record_off_needs_a_reason_and_cannot_empty_the_person(client, users, joined):
    a, b, *_ = joined
    client.force_login(users["mash"])
    url = reverse("linkage:split", args=[a.person_id])
    page = client.get(url).content.decode()
    assert "Katie Smyth" in page and "How these records came to this person" in page
    assert AccessLog.objects.filter(person=a.person, what="split records").exists()
    response = client.post(url, {"records": [b.pk], "reason": ""})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    response = client.post(url, {"records": [a.pk, b.pk], "reason": "All wrong."})
    assert "must keep at least one record" in response.content.decode()
    assert not LinkDecision.objects.exists()


def test_a_split_record_goes_back_to_its_person_with_its_events_and_stays_apart(client, users, joined):
    a, b, home_b, event = joined
    client.force_login(users["mash"])
    response = client.post(reverse("linkage:split", args=[a.person_id]),
                           {"records": [b.pk], "reason": "Different child: police confirmed date of birth."})
    assert response.status_code == 302 and response.url == reverse("people:detail", args=[a.person_id])
    b.refresh_from_db()
    home_b.refresh_from_db()
    assert b.person_id == home_b.id and home_b.merged_into_id is None  # the person it came from comes back
    assert list(event.subjects.values_list("person", flat=True)) == [home_b.id]
    decision = LinkDecision.objects.get()
    assert decision.decision == Decision.DIFFERENT and {decision.record_a, decision.record_b} == {a, b}
    assert RecordMove.objects.filter(record=b, to_person=home_b, decision=decision).exists()
    entry = ActionLog.objects.get(action="unmerge")
    assert entry.user == users["mash"] and entry.reason.startswith("Different child") and entry.detail["moves"]
    assert set(entry.persons.values_list("id", flat=True)) == {a.person_id, home_b.id}


def test_a_record_never_moved_gets_a_new_person(users, make_record):
    a = make_record("school", "S1", "Caitlin", "Smith")
    b = make_record("health", "H1", "Caitlin", "Smith", nhs_number="4857773456")
    old = b.person
    b.person = a.person
    b.save()
    went = unmerge([b], reason="Not her.", actor=users["mash"])
    assert went.id not in (a.person_id,) and went.records.get() == b
    with pytest.raises(ValueError, match="at least one record"):
        unmerge([a], reason="x", actor=users["mash"])
    assert old.id  # the orphaned person b started with is not reused: it was never emptied by a move
