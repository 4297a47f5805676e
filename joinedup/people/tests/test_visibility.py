"""Need-to-know: who may open a person, what they see, and that every read is logged."""

import pytest
from django.urls import reverse

from joinedup.audit.models import AccessLog
from joinedup.people.models import Allocation


@pytest.fixture
def child(make_record, make_event):
    """A child the school and the police both know; the police shared one incident with the school."""
    school = make_record("school", "S1", "Caitlin", "Smith", upn="A123456789012")
    police = make_record("police", "PX1", "Katie", "Smith", upn="A123456789012")
    make_event("school", "SE1", school, note="Caitlin told her teacher she is frightened at home.")
    make_event("police", "PE1", police, event_type="police.domestic_abuse_incident", shared_with=["school"],
               note="Officers attended a domestic abuse incident.")
    make_event("police", "PE2", police, event_type="police.missing_report", note="Reported missing overnight.")
    return school.person


@pytest.fixture
def police_only(make_record):
    return make_record("police", "PX2", "Jordan", "Reed").person


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_a_user_cannot_open_a_person_only_another_agency_holds(client, users, police_only):
    response = _get(client, users["teacher"], reverse("people:detail", args=[police_only.pk]))
    assert response.status_code == 404
    assert not AccessLog.objects.exists()


def test_the_api_refuses_a_person_only_another_agency_holds(client, users, police_only):
    response = _get(client, users["teacher"], f"/api/people/{police_only.pk}/")
    assert response.status_code == 404
    assert _get(client, users["teacher"], f"/api/people/{police_only.pk}/events/").status_code == 404


@pytest.mark.parametrize("role", ["admin", "analyst", "system"])
def test_roles_that_do_not_read_case_data_see_no_one(client, users, child, role):
    assert _get(client, users[role], reverse("people:detail", args=[child.pk])).status_code == 404
    assert _get(client, users[role], f"/api/people/{child.pk}/").status_code == 404


def test_an_agency_sees_its_own_and_shared_events_and_is_told_what_else_exists(client, users, child):
    response = _get(client, users["teacher"], reverse("people:detail", args=[child.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "frightened at home" in page and "domestic abuse incident" in page
    assert "Reported missing overnight" not in page
    assert "Other agencies hold further records" in page and "Northshire Police: 1 identity record, 1 event you cannot see" in page
    assert "PX1" not in page  # the police identity record is not shown to the school


def test_mash_officers_and_allocated_workers_see_the_whole_picture(client, users, child):
    page = _get(client, users["mash"], reverse("people:detail", args=[child.pk])).content.decode()
    assert "Reported missing overnight" in page and "PX1" in page
    Allocation.objects.create(person=child, worker=users["socialworker"], start_date="2025-01-01")
    page = _get(client, users["socialworker"], reverse("people:detail", args=[child.pk])).content.decode()
    assert "Reported missing overnight" in page and "Other agencies hold" not in page


def test_every_person_view_writes_one_access_log_row(client, users, child):
    for url, what in [(reverse("people:detail", args=[child.pk]), "person page"),
                      (f"/api/people/{child.pk}/", "person record (API)"),
                      (f"/api/people/{child.pk}/events/", "events (API)")]:
        before = AccessLog.objects.count()
        response = _get(client, users["teacher"], url)
        assert response.status_code == 200
        assert AccessLog.objects.count() == before + 1
        entry = AccessLog.objects.first()
        assert (entry.user, entry.person, entry.what, entry.route) == (users["teacher"], child, what, url)
        assert entry.agency_code == "school" and str(entry.request_id) == response["X-Request-ID"]


def test_the_api_shows_only_the_callers_agency_records_and_events(client, users, child):
    body = _get(client, users["teacher"], f"/api/people/{child.pk}/").json()
    assert [r["agency"] for r in body["records"]] == ["school"]
    events = _get(client, users["teacher"], f"/api/people/{child.pk}/events/").json()["results"]
    assert sorted(e["source_id"] for e in events) == ["PE1", "SE1"]


def test_designated_leads_see_who_viewed_a_record_and_practitioners_may_not(client, users, child):
    _get(client, users["teacher"], reverse("people:detail", args=[child.pk]))
    url = reverse("people:access-log", args=[child.pk])
    assert _get(client, users["teacher"], url).status_code == 403
    page = _get(client, users["dsl"], url).content.decode()
    assert "Teacher Tester" in page and "person page" in page


def test_signed_out_visitors_are_sent_to_sign_in(client, child):
    response = client.get(reverse("people:detail", args=[child.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get(f"/api/people/{child.pk}/").status_code in (401, 403)


def test_the_person_page_shows_households_and_links_as_information_not_fact(client, users, make_record, agencies):
    from joinedup.associations.models import Association
    from joinedup.people.models import Household, HouseholdMembership

    child = make_record("csc", "C1", "Mia", "Hart")
    adult = make_record("csc", "A1", "Lee", "Cole", person_type="adult")
    home = Household.objects.create(agency=agencies["csc"], source_id="H1")
    HouseholdMembership.objects.create(agency=agencies["csc"], source_id="M1", household=home, record=child,
                                       role="child", content_hash="x")
    Association.objects.create(agency=agencies["csc"], source_id="S1", association_type="reported_boyfriend",
                               record=child, other_record=adult, how_known="reported_by_third_party",
                               reliability="unverified", content_hash="x")
    page = _get(client, users["socialworker"], reverse("people:detail", args=[child.person.pk])).content.decode()
    assert "Households over time" in page and "Lee Cole" in page
    assert "Not verified" in page and "Reported by a third party" in page and "not a fact" in page


def test_the_person_page_tells_an_agency_it_holds_two_records_of_one_person(client, users, make_record):
    first = make_record("health", "H1", "Caitlin", "Smith", nhs_number="9434765919")
    second = make_record("health", "H2", "Katie", "Smith", nhs_number="9434765919")  # registered twice
    assert first.person_id == second.person_id
    page = _get(client, users["mash"], reverse("people:detail", args=[first.person_id])).content.decode()
    assert "Northshire Hospitals NHS Trust holds 2 records about this person." in page
    single = make_record("health", "H3", "Jordan", "Reed", nhs_number="4010232137")
    page = _get(client, users["mash"], reverse("people:detail", args=[single.person_id])).content.decode()
    assert "records about this person" not in page
