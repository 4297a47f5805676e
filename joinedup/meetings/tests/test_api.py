"""The meetings REST API: the same rules as the pages, through the same services."""

from datetime import timedelta

from django.core import mail
from rest_framework.test import APIClient

from joinedup.audit.models import AccessLog
from joinedup.prompts.models import Prompt


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_strategy_discussion_through_the_api(people, agencies, today):
    chair = _api(people["socialworker"])
    made = chair.post("/api/meetings/", {
        "person": people["child"].pk, "kind": "strategy_discussion", "held_on": str(today - timedelta(days=10)),
        "purpose": "Plan the enquiry after Maya's disclosure at school.", "agencies": ["police", "school"]},
        format="json")
    assert made.status_code == 201, made.json()
    meeting = made.json()
    assert meeting["chair"] == "socialworker" and {i["agency"] for i in meeting["invitations"]} == {"police", "school"}
    url = f"/api/meetings/{meeting['id']}/"
    for code in ("police", "school"):
        response = chair.post(url + "attendance/", {"agency": code, "attendance": "attended",
                                                     "represented_by": f"Officer, {code}"}, format="json")
        assert response.status_code == 200
    decision = chair.post(url + "decisions/", {"kind": "section_47",
                                               "reasons": "Maya's disclosure and the police information."})
    assert decision.status_code == 201 and decision.json()["recorded_by"] == "socialworker"
    assert chair.post(url + "decisions/", {"kind": "section_47", "reasons": "as discussed"}).status_code == 400
    mail.outbox.clear()
    late = chair.post(url + "actions/", {"description": "Police to check intelligence on the address.",
                                         "due_on": str(today - timedelta(days=1)), "owner": people["police"].pk},
                      format="json")
    assert late.status_code == 201 and late.json()["days_overdue"] == 1
    assert [m.to for m in mail.outbox] == [["police@example.org"]]
    assert Prompt.objects.filter(rule_id="D05", episode=f"meeting_action:{late.json()['id']}",
                                 assigned_to=people["police"]).exists()
    other = chair.post(url + "actions/", {"description": "GP to review the missed appointments this year.",
                                          "due_on": str(today + timedelta(days=5)), "owner_name": "Dr Patel, GP",
                                          "owner_agency": "health"}, format="json")
    assert other.status_code == 201 and other.json()["owner_words"] == "Dr Patel, GP (Northshire Hospitals NHS Trust)"
    assert chair.put(url + "minutes/", {"minutes": "Police shared two reports; school shared attendance."},
                     format="json").status_code == 200
    circulated = chair.post(url + "circulate-minutes/")
    assert circulated.status_code == 200 and circulated.json()["minutes_circulated_at"]
    police = _api(people["police"])
    mine = police.get("/api/meeting-actions/?open=true").json()
    assert [a["id"] for a in mine["results"]] == [late.json()["id"]]
    assert police.post(f"/api/meeting-actions/{late.json()['id']}/complete/", {"note": "done"}).status_code == 400
    done = police.post(f"/api/meeting-actions/{late.json()['id']}/complete/",
                       {"note": "Two reports found about the address; shared with the social worker."})
    assert done.status_code == 200 and done.json()["completed_on"] == str(today)
    assert AccessLog.objects.filter(user=people["police"], what=f"meeting {meeting['id']} (API)").exists()


def test_the_api_hides_meetings_from_those_who_may_not_read_them(meeting, people):
    assert _api(people["nurse"]).get(f"/api/meetings/{meeting.pk}/").status_code == 404
    assert _api(people["analyst"]).get(f"/api/meetings/{meeting.pk}/").status_code == 404
    assert _api(people["nurse"]).get(f"/api/meetings/?person={people['child'].pk}").status_code == 404
    assert _api(people["police"]).get("/api/meetings/").status_code == 400
    listed = _api(people["police"]).get(f"/api/meetings/?person={people['child'].pk}").json()
    assert [m["id"] for m in listed["results"]] == [meeting.pk]


def test_the_api_refuses_changes_from_those_not_keeping_the_record(meeting, people, agencies, today):
    police = _api(people["police"])
    assert police.post(f"/api/meetings/{meeting.pk}/decisions/", {
        "kind": "section_47", "reasons": "Police want to lead the enquiry now."}).status_code == 403
    assert _api(people["analyst"]).post("/api/meetings/", {
        "person": people["child"].pk, "kind": "core_group", "held_on": str(today), "purpose": "Review the plan together.",
        "agencies": ["police"]}, format="json").status_code == 404
    assert _api(people["socialworker"]).post("/api/meetings/", {
        "person": people["child"].pk, "kind": "core_group", "held_on": str(today), "purpose": "Review the plan together.",
        "agencies": ["police"], "chair_id": people["analyst"].pk}, format="json").status_code == 400
