"""CP-IS in the platform: the flag a nurse sees (and a teacher does not), attendances told to the allocated social
worker through the inbox, the last 25, and the CP-IS files (issue 20)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from joinedup.cpis import services
from joinedup.cpis.models import Attendance, Plan
from joinedup.cpis.status import flags_for
from joinedup.inbox.models import InboxItem, Why

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def at(*parts):
    return datetime(*parts, tzinfo=LONDON)


@pytest.fixture
def staff(users, make_user):
    users["nurse"] = make_user("nurse", "practitioner", "health")
    users["manager"] = make_user("manager", "team_manager", "csc")
    return users


@pytest.fixture
def child(staff, users, make_record, make_event):
    from joinedup.people.models import Allocation

    csc = make_record("csc", "C1", "Maya", "Lewis", born=date(2012, 5, 9), nhs_number="9434765919")
    make_record("health", "H1", "Maya", "Lewis", born=date(2012, 5, 9), nhs_number="9434765919")
    make_record("school", "S1", "Maya", "Lewis", born=date(2012, 5, 9), nhs_number="9434765919")
    make_event("csc", "CP1", csc, event_type="csc.cp_plan_start", occurred_at=at(2026, 9, 14, 11, 0),
               attributes={"category": "EMO"})
    Allocation.objects.create(person=csc.person, worker=users["socialworker"], start_date=date(2026, 1, 1))
    return csc.person


def test_a_child_on_a_plan_is_flagged_with_the_responsible_authority_and_its_numbers(child):
    [flag] = flags_for(child, date(2026, 12, 6))
    assert (flag.span.plan_type, flag.span.start, flag.current) == ("CPP", date(2026, 9, 14), True)
    assert flag.authority.name == "Northshire County Council children's services"
    assert (flag.authority.office_phone, flag.authority.out_of_hours_phone) == ("01632 960100", "01632 960999")
    assert "Northshire Children's Social Care's record" in flag.how


def test_a_plan_ended_within_twelve_months_still_flags_and_then_stops(child, make_event):
    csc = child.records.get(agency__code="csc")
    make_event("csc", "CP2", csc, event_type="csc.cp_plan_end", occurred_at=at(2026, 11, 1, 10, 0))
    [flag] = flags_for(child, date(2027, 11, 1))
    assert not flag.current and flag.span.end == date(2026, 11, 1)
    assert flags_for(child, date(2027, 11, 2)) == []


def test_a_conference_decision_recorded_in_joinedup_makes_a_plan(users, make_record):
    from joinedup.meetings.models import DecisionKind, Meeting, MeetingDecision

    record = make_record("csc", "C7", "Theo", "Grant", born=date(2015, 2, 2))
    meeting = Meeting.objects.create(person=record.person, kind="initial_conference", held_on=date(2026, 10, 5),
                                     chair=users["socialworker"], organiser=users["socialworker"],
                                     purpose="Initial child protection conference after the section 47 enquiry.")
    MeetingDecision.objects.create(meeting=meeting, kind=DecisionKind.CP_PLAN, recorded_by=users["socialworker"],
                                   reasons="Emotional harm from domestic abuse at home, substantiated by the enquiry.")
    [flag] = flags_for(record.person, date(2026, 12, 6))
    assert flag.span.start == date(2026, 10, 5) and "conference" in flag.how


def test_the_nurse_sees_the_flag_and_the_teacher_does_not(client, users, child):
    client.force_login(users["nurse"])
    page = client.get(f"/people/{child.pk}/").content.decode()
    assert "CP-IS: Child protection plan" in page and "01632 960999" in page
    from joinedup.audit.models import AccessLog

    assert AccessLog.objects.filter(user=users["nurse"], person=child, what="CP-IS flag").exists()
    client.force_login(users["teacher"])
    page = client.get(f"/people/{child.pk}/").content.decode()
    assert "CP-IS" not in page
    assert client.get(f"/people/{child.pk}/cpis/").status_code == 403


def test_an_attendance_the_nurse_records_reaches_the_social_workers_inbox(users, child):
    when = timezone.now() - timedelta(minutes=30)
    made = services.record_attendance(child, actor=users["nurse"], setting="emergency_department",
                                      setting_name="Northshire General Hospital", attended_at=when)
    assert made.status_shown.startswith("child protection plan since 14 Sep 2026")
    assert "Socialworker Tester" in made.told
    item = InboxItem.objects.get(worker=users["socialworker"])
    assert item.why == Why.CPIS and item.summary.startswith("CP-IS: emergency department attendance")
    with pytest.raises(services.Refused):
        services.record_attendance(child, actor=users["teacher"], setting="ambulance", setting_name="X",
                                   attended_at=when)


def test_an_attendance_of_a_child_not_flagged_tells_no_one(staff, make_record):
    record = make_record("health", "H9", "Theo", "Grant", born=date(2013, 1, 2))
    with pytest.raises(services.Refused, match="shows no child protection plan"):
        services.record_attendance(record.person, actor=staff["nurse"],
                                   setting="walk_in_centre", setting_name="Walk-in centre",
                                   attended_at=timezone.now())


def test_without_an_allocated_worker_the_authoritys_team_queue_is_told(users, child, agencies):
    child.allocations.all().delete()
    made = services.record_attendance(child, actor=users["nurse"], setting="minor_injuries_unit",
                                      setting_name="Seaford minor injuries unit", attended_at=timezone.now())
    assert "team queue" in made.told
    assert InboxItem.objects.get().agency == agencies["csc"]


def test_a_health_record_arriving_for_a_flagged_child_is_an_attendance_told_once(users, child, agencies, tmp_path):
    from joinedup.imports.services import import_file
    from joinedup.linkage.models import LinkageModel

    LinkageModel.objects.create(splink_version="test", duckdb_version="test", seed=1, model={})
    path = tmp_path / "ed.csv"
    path.write_text("event_id,record_ids,occurred_at,event_type,attributes,location_name\n"
                    f"ED1,H1,{timezone.localtime() - timedelta(hours=1):%Y-%m-%dT%H:%M},health.ae_attendance,"
                    '"{""care_setting"": ""ambulance""}",Northshire Ambulance Service\n')
    import_file(path, agency=agencies["health"])
    [attendance] = Attendance.objects.all()
    assert (attendance.setting, attendance.source, attendance.setting_name) == (
        "ambulance", "health_record", "Northshire Ambulance Service")
    # the inbox had already delivered the health record to the allocated worker: one item, now saying CP-IS
    [item] = InboxItem.objects.filter(worker=users["socialworker"])
    assert item.why == Why.CPIS and item.event_id == attendance.event_id


def test_the_last_25_attendances_are_shown_newest_first(users, child):
    for i in range(27):
        services.record_attendance(child, actor=users["nurse"], setting="emergency_department",
                                   setting_name="Northshire General Hospital",
                                   attended_at=timezone.now() - timedelta(days=i, hours=1))
    shown = list(services.last_attendances(child))
    assert len(shown) == 25 and shown[0].attended_at > shown[-1].attended_at


PLANS = ("nhs_number,date_of_birth,plan_type,start_date,end_date,la_code,la_name,la_office_phone,"
         "la_out_of_hours_phone\n")


def test_a_cp_is_plans_file_flags_a_child_from_another_authority_on_the_nhs_number(staff, users, make_record):
    visitor = make_record("health", "H5", "Ava", "Stone", born=date(2014, 6, 1), nhs_number="4010232137")
    text = PLANS + "4010232137,2014-06-01,CLA,2026-02-01,,E0901,Southshire Council,01632 960200,01632 960299\n"
    done = services.import_cpis_file(text, kind="plans", name="south.csv", actor=users["manager"])
    assert (done.file.created, done.file.rows) == (1, 1)
    [flag] = flags_for(visitor.person, date(2026, 12, 6))
    assert (flag.authority.name, flag.how) == ("Southshire Council", "CP-IS, on NHS number 4010232137")
    again = services.import_cpis_file(text, kind="plans", name="south.csv", actor=users["manager"])
    assert (again.file.created, again.file.unchanged) == (0, 1) and Plan.objects.count() == 1


def test_a_file_with_any_bad_row_imports_nothing(staff, users):
    text = (PLANS + "4010232137,2014-06-01,CLA,2026-02-01,,E0901,Southshire Council,,\n"
                    "4010232130,2014-06-01,CLA,2026-02-01,,E0901,Southshire Council,,\n")
    with pytest.raises(services.CpisFileRefused) as refused:
        services.import_cpis_file(text, kind="plans", name="bad.csv", actor=users["manager"])
    assert "bad.csv, line 3, field nhs_number" in str(refused.value)
    assert not Plan.objects.exists()
    with pytest.raises(services.Refused):
        services.import_cpis_file(text, kind="plans", name="bad.csv", actor=users["nurse"])


def test_an_access_notification_file_tells_the_social_worker(users, child):
    text = ("nhs_number,accessed_at,setting_type,setting_name,ods_code,plan_type,la_code\n"
            f"9434765919,{timezone.localtime() - timedelta(hours=5):%Y-%m-%dT%H:%M},walk_in_centre,"
            "Eastbourne walk-in centre,RXC01,CPP,X99NS\n")
    done = services.import_cpis_file(text, kind="accesses", name="acc.csv", actor=users["manager"])
    [attendance] = done.attendances
    assert attendance.person == child and attendance.source == "cpis_file"
    assert InboxItem.objects.filter(worker=users["socialworker"], why=Why.CPIS).count() == 1
    services.import_cpis_file(text, kind="accesses", name="acc.csv", actor=users["manager"])
    assert Attendance.objects.count() == 1


def test_the_export_carries_the_nhs_number_and_lists_children_without_one(users, child, make_record, make_event):
    from engine.cpis.files import read_rows

    unnumbered = make_record("csc", "C8", "Noah", "Field", born=date(2019, 3, 3))
    make_event("csc", "CLA8", unnumbered, event_type="csc.cla_episode_start", occurred_at=at(2026, 8, 1, 9, 0))
    done = services.export_plans(actor=users["manager"], on=date(2026, 12, 6))
    rows, errors = read_rows(done.csv.splitlines(), "plans", "export.csv")
    assert errors == [] and [(r["nhs_number"], r["plan_type"]) for r in rows] == [("9434765919", "CPP")]
    assert rows[0]["la_out_of_hours_phone"] == "01632 960999"
    assert [p.display_name for p in done.without_nhs_number] == ["Noah Field"]


def test_the_cpis_page_and_api(client, users, child):
    from rest_framework.test import APIClient

    client.force_login(users["manager"])
    page = client.get("/cpis/").content.decode()
    assert "1 child on a child protection plan" in page
    response = client.post("/cpis/export/")
    assert response.status_code == 200 and b"9434765919" in response.content
    api = APIClient()
    api.force_authenticate(users["nurse"])
    body = api.get(f"/api/people/{child.pk}/cpis/").json()
    assert body["flags"][0]["plan_type"] == "CPP" and body["flags"][0]["out_of_hours_phone"] == "01632 960999"
    made = api.post("/api/cpis/attendances/", {"person": child.pk, "setting": "maternity",
                                               "setting_name": "Northshire maternity unit",
                                               "attended_at": timezone.now().isoformat()}, format="json")
    assert made.status_code == 201 and "Socialworker" in made.json()["told"]
    api.force_authenticate(users["teacher"])
    assert api.get(f"/api/people/{child.pk}/cpis/").status_code == 403


def test_an_unborn_child_protection_plan_is_flagged_on_the_pregnant_woman(client, staff, users, make_record,
                                                                          make_event):
    mother_csc = make_record("csc", "C2", "Dawn", "Lewis", born=date(2004, 2, 1), person_type="adult",
                             nhs_number="4010232137")
    make_record("health", "H2", "Dawn", "Lewis", born=date(2004, 2, 1), person_type="adult", nhs_number="4010232137")
    make_event("csc", "UCP1", mother_csc, event_type="csc.cp_plan_start", occurred_at=at(2026, 10, 1, 10, 0),
               attributes={"unborn": True})
    [flag] = flags_for(mother_csc.person, date(2026, 12, 6))
    assert flag.span.plan_type == "UCPP"
    client.force_login(users["nurse"])
    page = client.get(f"/people/{mother_csc.person.pk}/").content.decode()
    assert "CP-IS: Unborn child protection plan" in page
    made = services.record_attendance(mother_csc.person, actor=users["nurse"], setting="maternity",
                                      setting_name="Northshire maternity assessment unit", attended_at=timezone.now())
    assert made.plan_type == "UCPP" and "team queue" in made.told
