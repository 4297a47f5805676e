"""Decisions through the web pages and the REST API, on the chronology, and by email."""

import pytest
from django.core import mail
from django.urls import reverse
from rest_framework.test import APIClient

from joinedup.audit.models import AccessLog
from joinedup.chronology.sources import ChronologyContext, collect
from joinedup.decisions.models import CaseDecision, Kind, SignOff
from joinedup.decisions.services import record_decision, sign_off

HELP = "Early help worker visits weekly; the school reports full attendance since January and the child says it helps."


def rows(user, person, whole_picture=False):
    return [e for e in collect(ChronologyContext(user=user, person=person, whole_picture=whole_picture))
            if e.origin == "decisions"]


def test_a_decision_and_its_sign_off_are_on_the_chronology(child, users, managers, reasons):
    decision = record_decision(child, users["socialworker"], kind=Kind.CLOSURE, reasons=reasons, help_in_place=HELP,
                               help_confirmed_with="Jo Hart, early help worker")
    [row] = rows(users["socialworker"], child)
    assert row.kind == "case_decision.closure" and row.note == reasons
    assert row.outcome == "awaiting manager sign-off" and any("Jo Hart" in d for d in row.details)
    sign_off(decision, managers["csc"], agreed=True, reasons="Checked with early help and school; agree to close.")
    decided, signed = rows(users["socialworker"], child)
    assert signed.kind == "case_decision.signed_off" and signed.outcome == "the decision stands"
    assert decided.outcome == "signed off by a manager"


@pytest.fixture
def shared_decision(wnb_child, users, agencies, reasons):
    from joinedup.decisions.tests.test_rules import review

    return record_decision(wnb_child, users["socialworker"], kind=Kind.NO_FURTHER_ACTION, reasons=reasons,
                           risk_review=review(agencies, "school"))


def test_a_decision_shared_by_a_risk_review_is_seen_by_that_agency_only(shared_decision, users):
    child = shared_decision.person
    assert rows(users["teacher"], child)                       # school: shared with
    assert rows(users["police"], child) == []                  # police: not shared, not whole picture
    assert rows(users["mash"], child, whole_picture=True)
    client = APIClient()
    client.force_authenticate(users["police"])
    assert client.get(f"/api/decisions/{shared_decision.pk}/").status_code == 404
    client.force_authenticate(users["teacher"])
    body = client.get(f"/api/decisions/{shared_decision.pk}/").json()
    assert body["risk_review"]["shared_with"] == ["school"]


def test_the_form_refuses_closure_without_a_risk_review_then_records_it(client, wnb_child, users, agencies, reasons):
    client.force_login(users["socialworker"])
    url = reverse("decisions:new", args=[wnb_child.pk])
    page = client.get(url)
    assert "A risk review is needed" in page.content.decode()
    form = {"kind": "closure", "reasons": reasons, "help_in_place": HELP,
            "help_confirmed_with": "Jo Hart, early help worker"}
    refused = client.post(url, form)
    assert refused.status_code == 200 and "record a risk review" in refused.content.decode()
    assert not CaseDecision.objects.exists()
    form.update(non_attendance_meaning="Mia missed three asthma reviews; her mother is responsible for bringing her.",
                risks_considered="Uncontrolled asthma; the school nurse will now see her monthly in school.",
                consulted="Dr Shah, community paediatrician", shared_with=[agencies["health"].pk])
    done = client.post(url, form)
    decision = CaseDecision.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse("decisions:detail", args=[decision.pk])
    page = client.get(done["Location"]).content.decode()
    assert "Risk review" in page and "Awaiting manager sign-off" in page
    assert AccessLog.objects.filter(person=wnb_child, user=users["socialworker"]).exists()


def test_a_team_manager_signs_off_from_the_decision_page(client, child, users, managers, reasons):
    decision = record_decision(child, users["socialworker"], kind=Kind.NO_FURTHER_ACTION, reasons=reasons)
    client.force_login(managers["csc"])
    assert reverse("decisions:detail", args=[decision.pk]) in client.get(reverse("decisions:list")).content.decode()
    url = reverse("decisions:sign-off", args=[decision.pk])
    assert "your reasons" in client.post(url, {"agreed": "yes", "reasons": "ok"}).content.decode()
    client.post(url, {"agreed": "yes", "reasons": "Read the visit record and the school's report; agree to close."})
    assert CaseDecision.objects.get().sign_off == SignOff.SIGNED_OFF
    client.force_login(users["socialworker"])         # the decider sees no sign-off form
    assert "Record sign-off" not in client.get(reverse("decisions:detail", args=[decision.pk])).content.decode()


def test_pages_are_closed_to_those_who_may_not_see_the_child(client, child, users, make_record, reasons):
    decision = record_decision(child, users["socialworker"], kind=Kind.NO_FURTHER_ACTION, reasons=reasons)
    other = make_record("health", "H9", "Sam", "Other").person
    client.force_login(users["socialworker"])
    assert client.get(reverse("decisions:new", args=[other.pk])).status_code == 404
    client.force_login(users["analyst"])
    assert client.get(reverse("decisions:new", args=[child.pk])).status_code == 403
    assert client.get(reverse("decisions:detail", args=[decision.pk])).status_code == 403
    client.force_login(users["police"])                # sees the child, not CSC's decision
    assert client.get(reverse("decisions:detail", args=[decision.pk])).status_code == 404


def test_a_person_page_link_records_a_decision(client, child, users):
    client.force_login(users["socialworker"])
    page = client.get(reverse("people:detail", args=[child.pk])).content.decode()
    assert reverse("decisions:new", args=[child.pk]) in page and "Record a decision" in page


def test_team_managers_are_emailed_to_sign_off_and_the_decider_is_told(child, users, managers, reasons,
                                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        decision = record_decision(child, users["socialworker"], kind=Kind.NO_FURTHER_ACTION, reasons=reasons)
    assert sorted(m.to[0] for m in mail.outbox) == ["manager2@example.org", "manager@example.org"]
    assert all("Mia" not in m.body and "Lowe" not in m.body for m in mail.outbox)   # no child's details by email
    assert f"/decisions/{decision.pk}/" in mail.outbox[0].body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sign_off(decision, managers["csc"], agreed=True, reasons=reasons)
    assert [m.to for m in mail.outbox] == [["socialworker@example.org"]]


def test_the_api_records_refuses_and_signs_off(child, users, managers, reasons):
    client = APIClient()
    client.force_authenticate(users["socialworker"])
    refused = client.post("/api/decisions/", {"person": child.pk, "kind": "closure", "reasons": reasons},
                          format="json")
    assert refused.status_code == 400 and "untested assumption" in refused.json()["detail"]
    made = client.post("/api/decisions/", {"person": child.pk, "kind": "closure", "reasons": reasons,
                                           "help_in_place": HELP, "help_confirmed_with": "Jo Hart, early help"},
                       format="json")
    assert made.status_code == 201 and made.json()["sign_off"] == "awaiting"
    pk = made.json()["id"]
    assert client.post(f"/api/decisions/{pk}/sign-off/", {"agreed": True, "reasons": reasons},
                       format="json").status_code == 400
    client.force_authenticate(managers["csc"])
    signed = client.post(f"/api/decisions/{pk}/sign-off/", {"agreed": True, "reasons": reasons}, format="json")
    assert signed.status_code == 200 and signed.json()["sign_off"] == "signed_off"
    assert [d["id"] for d in client.get(f"/api/decisions/?person={child.pk}").json()["results"]] == [pk]


def test_the_api_hides_children_the_caller_may_not_see(child, users, make_record, reasons):
    other = make_record("health", "H9", "Sam", "Other").person
    client = APIClient()
    client.force_authenticate(users["socialworker"])
    assert client.post("/api/decisions/", {"person": other.pk, "kind": "no_further_action", "reasons": reasons},
                       format="json").status_code == 404
    client.force_authenticate(users["analyst"])
    assert client.get("/api/decisions/").status_code == 403


def test_a_risk_review_through_the_api_names_agencies_by_code(wnb_child, users, reasons):
    client = APIClient()
    client.force_authenticate(users["socialworker"])
    body = {"person": wnb_child.pk, "kind": "no_further_action", "reasons": reasons}
    assert "risk review" in client.post("/api/decisions/", body, format="json").json()["detail"]
    body["risk_review"] = {
        "non_attendance_meaning": "Mia missed three asthma reviews; her mother is responsible for bringing her.",
        "risks_considered": "Uncontrolled asthma; the school nurse will now see her monthly in school.",
        "consulted": "Dr Shah, community paediatrician", "shared_with": ["health", "school"]}
    made = client.post("/api/decisions/", body, format="json")
    assert made.status_code == 201 and sorted(made.json()["risk_review"]["shared_with"]) == ["health", "school"]


def test_the_deciders_own_team_managers_are_asked_first(child, users, managers, make_user, reasons,
                                                         django_capture_on_commit_callbacks):
    for user in (users["socialworker"], managers["csc2"]):
        user.team = "Child in need team 2"
        user.save(update_fields=["team"])
    with django_capture_on_commit_callbacks(execute=True):
        record_decision(child, users["socialworker"], kind=Kind.NO_FURTHER_ACTION, reasons=reasons)
    assert [m.to for m in mail.outbox] == [["manager2@example.org"]]
