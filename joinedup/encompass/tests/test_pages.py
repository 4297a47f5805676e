"""Operation Encompass pages and API: the DSL reads and acknowledges, the police send, the analyst sees counts;
every read is access-logged and a notification another school received answers 404."""

import pytest

from joinedup.audit.models import AccessLog
from joinedup.encompass import services
from joinedup.encompass.models import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(family, incident):
    [n] = services.compose_for_incident(incident())
    return n


def test_the_dsl_reads_the_notification_and_records_the_support(client, users, sent):
    client.force_login(users["dsl"])
    listing = client.get("/encompass/")
    assert listing.status_code == 200 and "Maya Lewis" in listing.content.decode()
    page = client.get(f"/encompass/{sent.pk}/").content.decode()
    for words in ("NP-26-1188", "I heard shouting and hid under the duvet.", "Upstairs in her bedroom",
                  "Monday 23 November 2026", "Record that you have read it"):
        assert words in page
    assert AccessLog.objects.filter(user=users["dsl"], person=sent.person).count() == 2
    refused = client.post(f"/encompass/{sent.pk}/acknowledge/", {"support_note": "ok"})
    assert refused.status_code == 400 and "Silent support" in refused.content.decode()
    done = client.post(f"/encompass/{sent.pk}/acknowledge/", {
        "support": ["silent", "key_adult"],
        "support_note": "Head of year told; Maya's key adult will see her at break if she wants."}, follow=True)
    assert done.status_code == 200 and "Support offered" in done.content.decode()
    sent.refresh_from_db()
    assert sent.status == Status.ACKNOWLEDGED


def test_a_teacher_may_read_nothing_and_another_school_sees_404(client, users, sent, make_user):
    client.force_login(users["teacher"])
    assert client.get(f"/encompass/{sent.pk}/").status_code == 404
    client.force_login(make_user("health-dsl", "dsl", "health"))
    assert client.get(f"/encompass/{sent.pk}/").status_code == 404
    client.force_login(users["analyst"])
    assert client.get("/encompass/").status_code == 403


def test_the_police_send_a_waiting_notification_and_see_it_late(client, users, family, incident, agencies):
    family["child"].records.filter(agency__code="school").update(person=None)
    [n] = services.compose_for_incident(incident())
    client.force_login(users["police"])
    page = client.get(f"/encompass/{n.pk}/").content.decode()
    assert "The school day has started and the notification has not been sent." in page and "Send notification" in page
    response = client.post(f"/encompass/{n.pk}/send/", {"recipient_kind": "school", "school": agencies["school"].pk})
    assert response.status_code == 302
    n.refresh_from_db()
    assert n.status == Status.SENT and n.recipient == agencies["school"] and n.on_time is False


def test_an_officer_records_a_notification_from_the_childs_page(client, users, family):
    client.force_login(users["police"])
    person_page = client.get(f"/people/{family['child'].pk}/").content.decode()
    assert f"/people/{family['child'].pk}/encompass/new/" in person_page
    response = client.post(f"/people/{family['child'].pk}/encompass/new/", {
        "police_reference": "NP-26-3001", "incident_at": "2026-11-27T21:15", "place": "1 Mill Lane",
        "child_present": "yes", "where_child_was": "In the living room", "child_spoken_to": "yes",
        "child_said": "Mum was crying.", "spoken_in_presence_of": "A police officer only",
        "circumstances": "The mother's partner shouted and threw a mug; he left before officers arrived.",
        "other_information": ""})
    assert response.status_code == 302
    client.force_login(users["teacher"])
    assert f"/people/{family['child'].pk}/encompass/new/" not in client.get(f"/people/{family['child'].pk}/").content.decode()
    assert client.get(f"/people/{family['child'].pk}/encompass/new/").status_code == 403


def test_the_timeliness_report_is_for_analysts_and_names_no_child(client, users, sent):
    client.force_login(users["analyst"])
    page = client.get("/encompass/timeliness/?from=2026-01-01").content.decode()
    assert "Hill Top Academy" in page and "fewer than 5" in page and "Maya" not in page
    client.force_login(users["teacher"])
    assert client.get("/encompass/timeliness/").status_code == 403


def test_the_api_reads_and_acknowledges_with_the_same_checks(users, sent):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(users["dsl"])
    [row] = api.get("/api/encompass/notifications/").json()["results"]
    assert row["police_reference"] == "NP-26-1188" and row["recipient"] == "school"
    bad = api.post(f"/api/encompass/notifications/{sent.pk}/acknowledge/", {"support": [], "support_note": ""},
                   format="json")
    assert bad.status_code == 400 and "support" in bad.json()
    ok = api.post(f"/api/encompass/notifications/{sent.pk}/acknowledge/",
                  {"support": ["silent"], "support_note": "Aware and watchful today; her tutor knows."}, format="json")
    assert ok.status_code == 200 and ok.json()["status"] == "acknowledged"
    api.force_authenticate(users["teacher"])
    assert api.get(f"/api/encompass/notifications/{sent.pk}/").status_code == 404


def test_the_notification_and_its_acknowledgement_are_on_the_childs_chronology(client, users, sent):
    services.acknowledge(sent, actor=users["dsl"], support=["silent"],
                         support_note="Her tutor is aware and will keep an eye on her today.")
    client.force_login(users["dsl"])
    page = client.get(f"/people/{sent.person_id}/chronology/").content.decode()
    assert "Operation Encompass: domestic abuse incident notified to Hill Top Academy" in page
    assert "support offered" in page
