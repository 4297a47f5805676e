"""No "for information only" sink (R02): new information from another agency about a child reaches whoever works
with the child and may read it, once, and stays open until acknowledged with an action."""

from datetime import date

import pytest
from django.core import mail
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from joinedup.inbox import services
from joinedup.inbox.models import Action, InboxItem, Why
from joinedup.referrals import services as referrals
from joinedup.referrals.models import Consent
from joinedup.referrals.tests.conftest import CONCERN, WANTED

pytestmark = pytest.mark.django_db


def deliver(*events):
    return services.deliver_for_events([e.pk for e in events])


def test_the_allocated_worker_receives_another_agencys_event_by_name(users, records, allocated, make_event):
    police = make_event("police", "E1", records["police"], "police.missing_report")
    own = make_event("csc", "E2", records["csc"], "csc.contact")
    done = deliver(police, own)
    assert [(i.worker, i.event_id, i.why) for i in done.items] == [(users["socialworker"], police.pk, Why.ALLOCATED)]
    assert done.items[0].summary.startswith("Northshire Police: ")


def test_an_agency_working_with_the_child_receives_what_was_shared_with_it(users, records, make_event, make_record):
    shared = make_event("police", "E1", records["police"], "police.missing_report", shared_with=["school", "health"])
    private = make_event("police", "E2", records["police"], "police.missing_report")
    done = deliver(shared, private)
    # the school holds a record of the child; health was sent it but holds none, so cannot open the child
    assert [(i.worker, i.agency.code, i.event_id, i.why) for i in done.items] == [
        (None, "school", shared.pk, Why.SHARED)]


def test_an_agency_with_an_allocated_worker_gets_it_by_name_not_twice(users, records, allocated, make_event):
    event = make_event("police", "E1", records["police"], "police.missing_report", shared_with=["csc"])
    done = deliver(event)
    assert [(i.worker, i.agency.code) for i in done.items] == [(users["socialworker"], "csc")]


def test_each_recipient_receives_each_event_once(users, records, allocated, make_event):
    event = make_event("police", "E1", records["police"], "police.missing_report", shared_with=["school"])
    assert len(deliver(event)) == 2
    assert len(deliver(event)) == 0
    assert InboxItem.objects.count() == 2


def test_an_event_about_an_adult_reaches_no_inbox(users, make_record, make_event):
    adult = make_record("police", "A1", "Lee", "Cole", person_type="adult")
    make_record("school", "A2", "Lee", "Cole", person_type="adult", upn="A123456789012")
    assert len(deliver(make_event("police", "E1", adult, "police.missing_report", shared_with=["school"]))) == 0


def test_a_referral_reaches_the_allocated_worker_in_another_agency(users, child, allocated):
    referral = referrals.make_referral(referrer=users["teacher"], person=child, need_level="specialist",
                                       concern=CONCERN, wanted_outcome=WANTED, consent=Consent.GIVEN)
    item = InboxItem.objects.get()
    assert (item.worker, item.referral, item.from_agency.code) == (users["socialworker"], referral, "school")


def test_new_information_while_a_referral_waits_reaches_the_mash(users, child, records, make_event):
    referral = referrals.make_referral(referrer=users["teacher"], person=child, need_level="specialist",
                                       concern=CONCERN, wanted_outcome=WANTED, consent=Consent.GIVEN)
    first = deliver(make_event("police", "E1", records["police"], "police.missing_report"))
    assert [(i.worker, i.agency.code, i.why) for i in first.items] == [(None, "mash", Why.REFERRAL_OPEN)]
    referrals.pick_up(referral, actor=users["mash"])
    second = deliver(make_event("police", "E2", records["police"], "police.missing_report"))
    assert [(i.worker, i.why) for i in second.items] == [(users["mash"], Why.REFERRAL_OPEN)]


def test_delivery_sends_one_email_notice_per_recipient(users, records, allocated, make_event,
                                                       django_capture_on_commit_callbacks):
    users["socialworker"].email = "sw@example.org"
    users["socialworker"].save()
    users["dsl"].email = "dsl@example.org"
    users["dsl"].save()
    with django_capture_on_commit_callbacks(execute=True):
        deliver(make_event("police", "E1", records["police"], "police.missing_report", shared_with=["school"]),
                make_event("police", "E2", records["police"], "police.missing_report"))
    sent = sorted((m.to[0], m.subject) for m in mail.outbox)
    assert sent == [("dsl@example.org", "JoinedUp: 1 new inbox item"), ("sw@example.org", "JoinedUp: 2 new inbox items")]
    assert all("Amira" not in m.body for m in mail.outbox)


@pytest.fixture
def live_partnership(db):
    from joinedup.linkage.models import LinkageModel

    return LinkageModel.objects.create(splink_version="test", duckdb_version="test", seed=1, model={})


def push(user, rows):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client.post("/api/imports/events/", {"rows": rows}, format="json")


ROW = {"event_id": "PUSH-1", "record_ids": ["P1"], "occurred_at": "2026-03-02T22:10",
       "event_type": "police.missing_report"}


def test_events_pushed_by_an_agency_system_are_delivered_in_the_same_transaction(users, records, allocated,
                                                                                live_partnership):
    assert push(users["system"], [ROW]).status_code == 201
    item = InboxItem.objects.get()
    assert item.worker == users["socialworker"] and item.event.source_id == "PUSH-1"
    assert push(users["system"], [ROW]).status_code == 201                     # re-import: nothing new
    assert push(users["system"], [{**ROW, "note": "Found at 02:00 by officers."}]).status_code == 201  # changed
    assert InboxItem.objects.count() == 1


def test_an_import_file_delivers_only_the_events_it_created(users, records, allocated, live_partnership, tmp_path):
    from joinedup.imports.services import import_file

    path = tmp_path / "events.csv"
    path.write_text("event_id,record_ids,occurred_at,event_type,shared_with\n"
                    "F1,P1,2026-03-02T22:10,police.missing_report,school\n")
    import_file(path, agency=records["police"].agency)
    assert sorted((i.worker_id is not None, i.agency.code) for i in InboxItem.objects.all()) == [
        (False, "school"), (True, "csc")]


def test_a_rejected_file_delivers_nothing(users, records, allocated, live_partnership):
    bad = {**ROW, "event_id": "PUSH-2", "record_ids": ["NOBODY"]}
    assert push(users["system"], [ROW, bad]).status_code == 400
    assert not InboxItem.objects.exists()


def test_the_first_load_before_the_partnership_is_live_is_not_new_information(users, records, allocated):
    assert push(users["system"], [ROW]).status_code == 201
    assert not InboxItem.objects.exists()


def test_an_item_stays_until_acknowledged_with_an_action(users, records, allocated, make_event):
    deliver(make_event("police", "E1", records["police"], "police.missing_report"))
    item = InboxItem.objects.get()
    worker = users["socialworker"]
    assert services.open_count(worker) == 1
    with pytest.raises(services.Refused) as refused:
        services.acknowledge(item, actor=worker, action="", note="Read it.")
    assert "no 'for information only'" in refused.value.errors["action"][0]
    with pytest.raises(services.Refused) as refused:
        services.acknowledge(item, actor=worker, action=Action.NO_CHANGE, note="noted")
    assert "why this information does not change" in refused.value.errors["note"][0]
    with pytest.raises(services.Refused, match="not in your inbox"):
        services.acknowledge(item, actor=users["teacher"], action=Action.CONTACTED_AGENCY,
                             note="Rang the police missing person coordinator.")
    assert services.open_count(worker) == 1 and InboxItem.objects.get().acknowledged_at is None
    done = services.acknowledge(item, actor=worker, action=Action.NO_CHANGE,
                                note="Already known: the return interview was on 3 March and the plan covers it.")
    assert done.acknowledged_by == worker and services.open_count(worker) == 0
    with pytest.raises(services.Refused, match="already been acknowledged"):
        services.acknowledge(item, actor=worker, action=Action.OTHER, note="Trying to change the record later.")


def test_the_agency_queue_is_acknowledged_by_anyone_in_the_agency(users, records, make_event):
    deliver(make_event("police", "E1", records["police"], "police.missing_report", shared_with=["school"]))
    item = InboxItem.objects.get()
    assert services.open_count(users["teacher"]) == services.open_count(users["dsl"]) == 1
    assert services.open_count(users["police"]) == 0
    services.acknowledge(item, actor=users["dsl"], action=Action.PLAN_UPDATED,
                         note="Added to Amira's pastoral plan; mentor checks in each morning.")
    assert services.open_count(users["teacher"]) == 0


def test_start_date_of_allocation_matters(users, records, make_event):
    from joinedup.people.models import Allocation

    Allocation.objects.create(person=records["csc"].person, worker=users["socialworker"],
                              start_date=date(2020, 1, 1), end_date=date(2021, 1, 1))
    assert len(deliver(make_event("police", "E1", records["police"], "police.missing_report"))) == 0
