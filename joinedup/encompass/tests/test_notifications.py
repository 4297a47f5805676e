"""Operation Encompass end to end in the platform: the notification's content, its recipient and deadline, the
school's acknowledgement, a late notification's prompt, and who may read what (issue 20)."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from joinedup.encompass import services
from joinedup.encompass.models import Answer, Notification, RecipientKind, Status, Support
from joinedup.encompass.selectors import notifications_for, timeliness
from joinedup.encompass.tests.conftest import at

pytestmark = pytest.mark.django_db


def test_a_police_record_becomes_a_notification_with_the_content_the_guidance_lists(family, incident, agencies):
    [n] = services.compose_for_incident(incident())
    assert (n.person, n.child_name, n.child_date_of_birth) == (family["child"], "Maya Lewis", date(2012, 5, 9))
    assert n.police_reference == "NP-26-1188" and n.police == agencies["police"]
    assert n.incident_at == at(2026, 11, 20, 22, 40) and n.incident_time_known
    assert (n.child_present, n.where_child_was) == (Answer.YES, "Upstairs in her bedroom")
    assert (n.child_spoken_to, n.child_said, n.spoken_in_presence_of) == (
        Answer.YES, "I heard shouting and hid under the duvet.", "Her mother")
    assert "damaged the kitchen door" in n.circumstances
    assert n.how_found == "named in the police record"


def test_it_goes_to_the_childs_school_before_monday_morning(family, incident, agencies,
                                                            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        [n] = services.compose_for_incident(incident())
    assert (n.recipient, n.recipient_kind, n.status) == (agencies["school"], RecipientKind.SCHOOL, Status.SENT)
    assert n.due_at == at(2026, 11, 23, 8, 30)
    assert "the weekend" in n.due_basis and "Monday 23 November 2026" in n.due_basis
    assert n.sent_at is not None and n.sent_by is None          # sent automatically, from the police record
    assert n.on_time is False                                   # this record reached JoinedUp after the deadline
    assert [m.to for m in mail.outbox] == [["dsl@example.org"]]
    assert "Maya" not in mail.outbox[0].body                    # the email never says whom it is about


def test_a_child_in_the_household_of_an_adult_named_in_the_record_is_notified_too(family, incident, make_record):
    from joinedup.people.household_models import HouseholdMember, InferredHousehold

    sister = make_record("school", "S2", "Ella", "Lewis", born=date(2016, 3, 1))
    home = InferredHousehold.objects.create(key="1 mill lane|2020", address="1 Mill Lane", postcode="NR1 1AA",
                                            start_date=date(2020, 1, 1))
    for person in (family["mother"].person, sister.person):
        HouseholdMember.objects.create(household=home, person=person, origin="inferred", start_date=date(2020, 1, 1))
    notified = {n.child_name: n for n in services.compose_for_incident(
        incident(subjects=("police_record", "mother")))}
    assert set(notified) == {"Maya Lewis", "Ella Lewis"}
    ella = notified["Ella Lewis"]
    assert "lives in the household at 1 Mill Lane" in ella.how_found
    # what officers recorded about the children they named is not attributed to a child they did not speak to
    assert (ella.child_spoken_to, ella.child_said, ella.child_present) == (Answer.NOT_KNOWN, "", Answer.NOT_KNOWN)


def test_a_child_too_young_for_school_or_eighteen_is_not_notified(family, incident, make_record):
    toddler = make_record("police", "P3", "Finn", "Lewis", born=date(2023, 1, 1))
    adult_son = make_record("police", "P4", "Jay", "Lewis", born=date(2008, 11, 1))  # 18 on the 1st
    found = services.compose_for_incident(incident(subjects=("police_record",)))
    assert [n.child_name for n in found] == ["Maya Lewis"]
    from joinedup.events.models import EventSubject

    event = incident(source_id="INC-2")
    for position, record in enumerate((toddler, adult_son), start=1):
        EventSubject.objects.create(event=event, record=record, position=position)
    assert [n.child_name for n in services.compose_for_incident(event)] == ["Maya Lewis"]


def test_each_child_is_notified_once_per_incident(family, incident):
    event = incident()
    assert len(services.compose_for_incident(event)) == 1
    assert services.compose_for_incident(event) == []
    assert Notification.objects.count() == 1


def test_a_child_educated_at_home_goes_to_the_local_authority(family, incident, make_event, education):
    school_record = family["child"].records.get(agency__code="school")
    make_event("school", "EHE1", school_record, event_type="school.elective_home_education",
               occurred_at=at(2026, 11, 2, 9, 0))
    [n] = services.compose_for_incident(incident())
    assert (n.recipient, n.recipient_kind) == (education, RecipientKind.HOME_EDUCATION)
    assert "elective home education" in n.recipient_basis


def test_without_a_known_school_it_waits_for_the_police_who_send_it(family, incident, users, agencies, make_record):
    family["child"].records.filter(agency__code="school").update(person=None)
    [n] = services.compose_for_incident(incident())
    assert (n.status, n.recipient, n.sent_at) == (Status.WAITING, None, None)
    with pytest.raises(services.Refused):
        services.send(n, actor=users["teacher"], recipient_kind=RecipientKind.SCHOOL, school=agencies["school"])
    sent = services.send(n, actor=users["police"], recipient_kind=RecipientKind.SCHOOL, school=agencies["school"])
    assert (sent.status, sent.recipient, sent.sent_by) == (Status.SENT, agencies["school"], users["police"])


def test_a_school_that_says_the_child_is_not_on_its_roll_returns_it_to_the_police(family, incident, users, agencies):
    [n] = services.compose_for_incident(incident())
    with pytest.raises(services.Refused):
        services.not_ours(n, actor=users["dsl"], reason="no")
    back = services.not_ours(n, actor=users["dsl"], reason="Maya left our roll in July for Riverside.")
    assert (back.status, back.recipient, back.sent_at) == (Status.WAITING, None, None)
    assert back.earlier_recipients[0]["name"] == "Hill Top Academy"
    with pytest.raises(services.Refused, match="not on its roll"):
        services.send(back, actor=users["police"], recipient_kind=RecipientKind.SCHOOL, school=agencies["school"])


def test_the_dsl_acknowledges_with_the_support_offered(family, incident, users):
    [n] = services.compose_for_incident(incident())
    with pytest.raises(services.Refused, match="designated safeguarding lead"):
        services.acknowledge(n, actor=users["teacher"], support=[Support.SILENT], support_note="Watching her today.")
    with pytest.raises(services.Refused) as refused:
        services.acknowledge(n, actor=users["dsl"], support=[], support_note="noted")
    assert set(refused.value.errors) == {"support", "support_note"}
    done = services.acknowledge(n, actor=users["dsl"], support=[Support.SILENT, Support.KEY_ADULT],
                                support_note="Form tutor and head of year told; Maya's key adult will check in at break.")
    assert (done.status, done.acknowledged_by, done.support) == (Status.ACKNOWLEDGED, users["dsl"],
                                                                  ["silent", "key_adult"])
    with pytest.raises(services.Refused, match="already"):
        services.acknowledge(n, actor=users["dsl"], support=[Support.SILENT], support_note="Again, for the record.")


def test_a_notification_not_sent_by_the_deadline_raises_its_prompt_in_the_police_teams_queue(family, incident, users):
    from joinedup.prompts.deadlines import raise_overdue
    from joinedup.prompts.models import Prompt
    from joinedup.prompts.selectors import queue_for

    family["child"].records.filter(agency__code="school").update(person=None)
    [n] = services.compose_for_incident(incident())              # waiting: the school is not known
    prompt = Prompt.objects.get(rule_id="D11")                   # raised at once: the deadline passed long ago
    assert prompt.episode == f"encompass_notification:{n.pk}" and prompt.person == family["child"]
    assert prompt.team == services.config()["police_team"] and prompt.assigned_to is None
    assert "23 Nov 2026" in prompt.explanation and "the child's school" in prompt.explanation
    assert prompt in queue_for(users["police"])
    assert raise_overdue() == []                                  # raised once


def test_a_notification_sent_in_time_raises_nothing(family, incident):
    from joinedup.prompts.deadlines import raise_overdue
    from joinedup.prompts.models import Prompt

    [n] = services.compose_for_incident(incident(when=timezone.now() - timedelta(minutes=1)))
    assert n.on_time is True
    raise_overdue()
    assert not Prompt.objects.filter(rule_id="D11").exists()


def test_a_waiting_notification_not_yet_due_raises_nothing(family, incident):
    from joinedup.prompts.deadlines import raise_overdue

    family["child"].records.filter(agency__code="school").update(person=None)
    [n] = services.compose_for_incident(incident(when=timezone.now() - timedelta(minutes=1)))
    assert n.due_at > timezone.now() and raise_overdue() == []


def test_an_imported_police_file_notifies_the_school_once_the_partnership_is_live(family, tmp_path, agencies):
    from joinedup.imports.services import import_file
    from joinedup.linkage.models import LinkageModel

    when = timezone.localtime() - timedelta(hours=2)
    path = tmp_path / "events.csv"
    path.write_text("event_id,record_ids,occurred_at,event_type,note,attributes\n"
                    f"DA9,P1;P2,{when:%Y-%m-%dT%H:%M},police.domestic_abuse_incident,Shouting heard by neighbours,"
                    '"{""children_present"": false}"\n')
    import_file(path, agency=agencies["police"])
    assert not Notification.objects.exists()                     # the first load of history is not news
    LinkageModel.objects.create(splink_version="test", duckdb_version="test", seed=1, model={})
    import_file(path.rename(tmp_path / "again.csv"), agency=agencies["police"])     # unchanged: nothing new
    assert not Notification.objects.exists()
    path2 = tmp_path / "events2.csv"
    path2.write_text((tmp_path / "again.csv").read_text().replace("DA9", "DA10"))
    import_file(path2, agency=agencies["police"])
    [n] = Notification.objects.all()
    assert (n.child_present, n.recipient.code, n.police_reference) == (Answer.NO, "school", "DA10")


def test_an_officer_notifies_by_hand(family, users, agencies):
    with pytest.raises(services.Refused) as refused:
        services.record_notification(actor=users["police"], person=family["child"], police_reference="",
                                     incident_at=timezone.now() - timedelta(hours=3), place="", child_present="yes",
                                     where_child_was="", child_spoken_to="yes", child_said="",
                                     spoken_in_presence_of="", circumstances="", other_information="")
    assert set(refused.value.errors) == {"police_reference", "circumstances", "child_said"}
    n = services.record_notification(
        actor=users["police"], person=family["child"], police_reference="NP-26-2001",
        incident_at=timezone.now() - timedelta(hours=3), place="1 Mill Lane", child_present="no",
        where_child_was="At her grandmother's", child_spoken_to="no", child_said="", spoken_in_presence_of="",
        circumstances="Officers attended after the mother called; her partner was arrested.", other_information="")
    assert (n.recipient, n.created_by, n.sent_by, n.incident) == (agencies["school"], users["police"], users["police"],
                                                                  None)
    with pytest.raises(services.Refused):
        services.record_notification(actor=users["teacher"], person=family["child"], police_reference="X",
                                     incident_at=timezone.now(), place="", child_present="no", where_child_was="",
                                     child_spoken_to="no", child_said="", spoken_in_presence_of="",
                                     circumstances="Something happened at home.", other_information="")


def test_who_reads_a_notification(family, incident, users, make_user, agencies):
    from joinedup.people.models import Allocation

    [n] = services.compose_for_incident(incident())
    other_dsl = make_user("other-dsl", "dsl", "health")
    Allocation.objects.create(person=family["child"], worker=users["socialworker"], start_date=date(2025, 1, 1))
    readers = {name for name in ("police", "dsl", "mash", "socialworker", "teacher", "analyst")
               if notifications_for(users[name]).filter(pk=n.pk).exists()}
    assert readers == {"police", "dsl", "mash", "socialworker"}
    assert not notifications_for(other_dsl).exists()


def test_timeliness_by_school_suppresses_small_numbers(family, incident, make_record, users):
    for i in range(6):
        services.compose_for_incident(incident(source_id=f"INC-{i}", when=at(2026, 11, 2 + i % 3, 22, 0)))
    recent = incident(source_id="INC-NOW", when=timezone.now() - timedelta(minutes=1))
    services.compose_for_incident(recent)
    report = timeliness(date(2026, 1, 1), timezone.localdate())
    [row] = report["rows"]
    assert row.setting == "Hill Top Academy" and row.notifications.value == 7
    assert row.split_withheld                      # one sent in time: fewer than 5, so the split is not shown
    assert row.on_time.state == "withheld" and row.late.state == "withheld"
    assert report["totals"]["late"].state == "withheld"
    for i in range(4):
        services.compose_for_incident(incident(source_id=f"NOW-{i}", when=timezone.now() - timedelta(minutes=2)))
    [row] = timeliness(date(2026, 1, 1), timezone.localdate())["rows"]
    assert (row.on_time.value, row.late.value, row.not_sent.state) == (5, 6, "zero")
