"""The contexts API: the same rules as the pages."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from joinedup.audit.models import ActionLog
from joinedup.contexts.models import Context
from joinedup.contexts.services import start_plan

ASSESSMENT = {
    "collective_needs": "Girls aged 13-15 come here after school and stay until late.",
    "guardianship": "The owner is willing to help; night staff have had no training.",
    "environment": "Unlit side car park where cars wait with their engines running.",
    "policy_and_practice": "No licence conditions about under-18s after 10pm.",
    "sources_consulted": "Neighbourhood officer and a walkabout with youth workers.",
    "assessed_on": "2026-11-01",
}


def test_contexts_are_read_by_case_readers_filtered_by_kind(client, users, takeaway):
    client.force_login(users["teacher"])
    listed = client.get("/api/contexts/").json()
    assert [c["name"] for c in listed["results"]] == ["Chicken Express"]
    assert listed["results"][0]["place"]["location_kind"] == "takeaway"
    assert client.get("/api/contexts/?kind=online").json()["results"] == []
    detail = client.get(f"/api/contexts/{takeaway.pk}/").json()
    assert detail["referrals"][0]["agency"] == "police" and detail["referrals"][0]["reliability"] == "probable"


@pytest.mark.parametrize("role", ["admin", "analyst", "system"])
def test_roles_that_read_no_case_data_are_refused(client, users, takeaway, role):
    client.force_login(users[role])
    assert client.get("/api/contexts/").status_code == 403
    assert client.get(f"/api/contexts/{takeaway.pk}/").status_code == 403


def test_a_context_is_referred_through_the_api_without_a_child(client, users):
    client.force_login(users["teacher"])
    response = client.post("/api/contexts/referrals/", {
        "place": {"location_kind": "transport_hub", "name": "Northgate bus station"},
        "concern": "Adult men approach girls in school uniform at stand 4 in the afternoons.",
        "how_known": "observed", "observed_on": "2026-11-03", "reliability": "verified",
    }, content_type="application/json")
    assert response.status_code == 201, response.json()
    context = Context.objects.get(pk=response.json()["context"])
    assert context.name == "Northgate bus station" and context.location.kind == "transport_hub"
    assert ActionLog.objects.filter(action="context: referral", user=users["teacher"]).exists()


def test_a_referral_needs_exactly_one_subject(client, users, takeaway):
    client.force_login(users["teacher"])
    body = {"context": takeaway.pk, "group_name": "Station boys", "concern": "Seen together at the station often.",
            "how_known": "observed", "observed_on": "2026-11-03", "reliability": "verified"}
    assert client.post("/api/contexts/referrals/", body, content_type="application/json").status_code == 400


def test_assessments_are_listed_and_recorded_by_planners_only(client, users, takeaway):
    client.force_login(users["teacher"])
    url = f"/api/contexts/{takeaway.pk}/assessments/"
    assert client.post(url, ASSESSMENT, content_type="application/json").status_code == 403
    client.force_login(users["dsl"])
    response = client.post(url, ASSESSMENT, content_type="application/json")
    assert response.status_code == 201 and response.json()["assessed_by"] == "dsl"
    refused = client.post(url, {**ASSESSMENT, "guardianship": "none"}, content_type="application/json")
    assert refused.status_code == 400 and "keeping young people safe" in refused.json()["detail"]
    client.force_login(users["teacher"])
    assert [a["agency"] for a in client.get(url).json()] == ["school"]


def test_plan_actions_need_a_current_plan(client, users, takeaway):
    client.force_login(users["mash"])
    url = f"/api/contexts/{takeaway.pk}/actions/"
    action = {"action": "Ask the council to light the side car park.", "owner_name": "Priya Shah",
              "owner_organisation": "Northshire Council highways", "owner_partner": "statutory",
              "due_on": str(timezone.localdate() - timedelta(days=1))}
    assert client.post(url, action, content_type="application/json").status_code == 400
    start_plan(takeaway, user=users["mash"], objectives="Make the takeaway safe for girls after dark.",
               first_review_on=timezone.localdate() + timedelta(days=28))
    response = client.post(url, action, content_type="application/json")
    assert response.status_code == 201 and response.json()["overdue"] is True
    assert client.get(url).json()[0]["owner_organisation"] == "Northshire Council highways"
    assert ActionLog.objects.filter(action="context: plan action").count() == 1
    assert date.fromisoformat(response.json()["due_on"]) < timezone.localdate()
