"""Training records (R77): learners by role including volunteers, attendance, and compliance by agency."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from engine.casework.training import add_months, load_training
from joinedup.audit.models import ActionLog
from joinedup.training import services
from joinedup.training.models import Attendance, Learner


@pytest.fixture
def staff(users, make_user):
    return {**users, "manager": make_user("manager", "team_manager", "school"),
            "police_manager": make_user("police-manager", "team_manager", "police")}


@pytest.fixture
def volunteer(staff, agencies):
    return services.add_learner(name="Sam Okafor", agency=agencies["school"], role="volunteer",
                                job_title="Reading volunteer", actor=staff["manager"])


def _school(as_of=None):
    return services.learners_compliance(agency_id=Learner.objects.get(name="Sam Okafor").agency_id, as_of=as_of)


def test_r77_a_volunteer_follows_the_volunteer_pathway_and_becomes_up_to_date(staff, volunteer):
    today = timezone.localdate()
    [row] = [r for r in _school() if r.key == f"l{volunteer.pk}"]
    assert not row.signs_in and row.role == "volunteer"
    assert {c.course.code for c in row.attention} == {"safeguarding_essentials", "exploitation_awareness",
                                                      "appropriate_language"}
    for course in ("safeguarding_essentials", "exploitation_awareness", "appropriate_language"):
        services.record_attendance(course=course, attended_on=today - timedelta(days=3), evidence="Signed register",
                                   learners=[f"l{volunteer.pk}"], actor=staff["manager"])
    [row] = [r for r in _school() if r.key == f"l{volunteer.pk}"]
    assert row.check.up_to_date


def test_r77_compliance_by_agency_counts_learners_up_to_date_and_what_is_missing_or_expired(staff, volunteer,
                                                                                            agencies):
    today = timezone.localdate()
    long_ago = add_months(today, -37)               # the 36-month refresher has run out
    dsl, teacher = staff["dsl"], staff["teacher"]
    for course in load_training().pathway("practitioner").courses:
        services.record_attendance(course=course.code, attended_on=today - timedelta(days=10), evidence="Register",
                                   learners=[f"u{teacher.pk}"], actor=staff["manager"])
    for course in load_training().pathway("dsl").courses:
        day = long_ago if course.code == "exploitation_awareness" else today - timedelta(days=10)
        services.record_attendance(course=course.code, attended_on=day, evidence="Certificate",
                                   learners=[f"u{dsl.pk}"], actor=staff["manager"])
    summary = {a.agency_name: a for a in services.agency_compliance(today)}
    school = summary["Hill Top Academy"]
    # learners: teacher (up to date), DSL (exploitation awareness expired), manager and the volunteer (nothing yet)
    assert (school.learners, school.up_to_date, school.not_up_to_date) == (4, 1, 3)
    assert school.expired == {"exploitation_awareness": 1}
    assert school.missing["exploitation_awareness"] == 2 and school.missing["reflective_supervision"] == 1
    assert ("Child exploitation awareness", 2, 1) in school.courses()
    assert summary["Northshire Police"].learners == 2                  # police practitioner and manager, not the system
    assert summary["Partnership staff (no agency)"].learners == 2        # analyst and administrator
    earlier = {a.agency_name: a for a in services.agency_compliance(today - timedelta(days=30))}
    assert earlier["Hill Top Academy"].up_to_date == 0                  # attendance after the day does not count


def test_recording_attendance_needs_a_course_a_past_day_evidence_and_your_own_agency(staff, volunteer):
    today = timezone.localdate()
    base = {"course": "exploitation_awareness", "attended_on": today, "evidence": "Signed register",
            "learners": [f"l{volunteer.pk}"], "actor": staff["manager"]}
    for change, message in [({"course": "juggling"}, "Choose a course"),
                            ({"attended_on": today + timedelta(days=1)}, "still to come"),
                            ({"evidence": ""}, "how attendance is known"),
                            ({"learners": []}, "at least one learner"),
                            ({"learners": ["u999999"]}, "not in the training records"),
                            ({"learners": [f"u{staff['system'].pk}"]}, "not in the training records")]:
        with pytest.raises(services.TrainingRefused, match=message):
            services.record_attendance(**{**base, **change})
    with pytest.raises(services.NotAllowed):
        services.record_attendance(**{**base, "actor": staff["police_manager"]})
    with pytest.raises(services.NotAllowed):
        services.record_attendance(**{**base, "actor": staff["teacher"]})
    made = services.record_attendance(**base)
    assert len(made) == 1 and services.record_attendance(**base) == []           # the same session once
    assert services.record_attendance(**{**base, "actor": staff["admin"]}) == []   # administrators: any agency
    assert ActionLog.objects.filter(action="training: attendance recorded").count() == 3


def test_a_users_learner_record_follows_their_role_and_agency(staff, agencies):
    teacher = staff["teacher"]
    services.record_attendance(course="appropriate_language", attended_on=date(2026, 1, 5), evidence="E-learning",
                               learners=[f"u{teacher.pk}"], actor=staff["admin"])
    learner = Learner.objects.get(user=teacher)
    assert (learner.role, learner.agency_id) == ("practitioner", agencies["school"].pk)
    teacher.role = "dsl"
    teacher.save()
    services.learner_for(teacher)
    learner.refresh_from_db()
    assert learner.role == "dsl" and Attendance.objects.filter(learner=learner).count() == 1


def test_only_administrators_and_an_agencys_own_managers_add_learners(staff, agencies):
    with pytest.raises(services.NotAllowed):
        services.add_learner(name="Jo Bell", agency=agencies["school"], role="volunteer", actor=staff["police_manager"])
    with pytest.raises(services.NotAllowed):
        services.add_learner(name="Jo Bell", agency=agencies["school"], role="volunteer", actor=staff["analyst"])
    with pytest.raises(services.TrainingRefused, match="pathway"):
        services.add_learner(name="Jo Bell", agency=agencies["school"], role="juggler", actor=staff["manager"])
    assert services.add_learner(name="Jo Bell", agency=agencies["police"], role="support_staff",
                                actor=staff["admin"]).role == "support_staff"


# --------------------------------------------------------------------------------------------------- pages


def test_the_partnership_page_shows_counts_to_analysts_and_names_to_no_one_outside_the_agency(client, staff,
                                                                                              volunteer, agencies):
    client.force_login(staff["analyst"])
    page = client.get(reverse("training:home")).content.decode()
    assert "Compliance by agency" in page and "Hill Top Academy" in page and "Sam Okafor" not in page
    assert client.get(reverse("training:agency", args=[agencies["school"].pk])).status_code == 403
    client.force_login(staff["police_manager"])
    assert client.get(reverse("training:agency", args=[agencies["school"].pk])).status_code == 403
    client.force_login(staff["manager"])
    page = client.get(reverse("training:agency", args=[agencies["school"].pk])).content.decode()
    assert "Sam Okafor" in page and "does not use JoinedUp" in page


def test_a_practitioner_sees_their_own_pathway_only(client, staff):
    client.force_login(staff["police"])
    page = client.get(reverse("training:home")).content.decode()
    assert "Your training (practitioners)" in page and "Compliance by agency" not in page
    assert client.get(reverse("training:record")).status_code == 403
    assert client.get(reverse("training:courses")).status_code == 200


def test_recording_a_session_through_the_form_changes_compliance(client, staff, volunteer):
    client.force_login(staff["manager"])
    url = reverse("training:record")
    page = client.get(url).content.decode()
    assert "Sam Okafor" in page and "Teacher Tester" in page and "Police Tester" not in page
    bad = client.post(url, {"course": "exploitation_awareness", "attended_on": "2026-01-10", "evidence": ""})
    assert bad.status_code == 400
    response = client.post(url, {"course": "exploitation_awareness", "attended_on": "2026-01-10",
                                 "evidence": "Signed register", "learners": [f"l{volunteer.pk}", f"u{staff['teacher'].pk}"]})
    assert response.status_code == 302
    assert Attendance.objects.filter(course="exploitation_awareness").count() == 2


def test_the_training_nav_link_is_for_people_not_systems(client, staff):
    from joinedup.core.navigation import nav_links

    assert reverse("training:home") in dict(nav_links(staff["teacher"])).values()
    assert reverse("training:home") in dict(nav_links(staff["analyst"])).values()
    assert reverse("training:home") not in dict(nav_links(staff["system"])).values()
    client.force_login(staff["system"])
    assert client.get(reverse("training:home")).status_code == 403


# ----------------------------------------------------------------------------------------------------- API


def test_the_training_api_records_a_session_and_reads_compliance(staff, volunteer, agencies):
    api = APIClient()
    api.force_authenticate(staff["manager"])
    made = api.post("/api/training/attendance/", {"course": "appropriate_language", "attended_on": "2026-02-02",
                                                  "evidence": "Signed register", "learners": [f"l{volunteer.pk}"]},
                    format="json")
    assert made.status_code == 201 and made.json()[0]["learner"] == "Sam Okafor"
    assert api.post("/api/training/attendance/", {"course": "appropriate_language", "attended_on": "2026-02-02",
                                                  "evidence": "", "learners": [f"l{volunteer.pk}"]},
                    format="json").status_code == 400
    learners = api.get("/api/training/compliance/school/").json()
    sam = next(row for row in learners if row["name"] == "Sam Okafor")
    assert {c["course"]: c["state"] for c in sam["courses"]}["appropriate_language"] == "current"
    added = api.post("/api/training/learners/", {"name": "Jo Bell", "agency": "school", "role": "volunteer"},
                     format="json")
    assert added.status_code == 201 and added.json()["role"] == "volunteer"
    analyst = APIClient()
    analyst.force_authenticate(staff["analyst"])
    by_agency = analyst.get("/api/training/compliance/").json()
    school = next(a for a in by_agency if a["agency"] == "school")
    assert school["learners"] == 5 and school["up_to_date"] == 0
    assert analyst.get("/api/training/compliance/school/").status_code == 403
    teacher = APIClient()
    teacher.force_authenticate(staff["teacher"])
    assert teacher.get("/api/training/compliance/").status_code == 403
    assert teacher.post("/api/training/attendance/", {"course": "appropriate_language", "attended_on": "2026-02-02",
                                                      "evidence": "Register", "learners": [f"l{volunteer.pk}"]},
                        format="json").status_code == 403
