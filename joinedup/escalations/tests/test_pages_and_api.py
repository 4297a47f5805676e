"""Escalations through the web pages and the REST API, their timeline on the chronology, and the partnership's
view (counts only, no child named)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from joinedup.chronology.sources import ChronologyContext, collect
from joinedup.decisions.models import Kind
from joinedup.decisions.services import record_decision
from joinedup.escalations.models import Escalation, Status
from joinedup.escalations.services import next_stage, resolve, respond
from joinedup.escalations.tests.helpers import CONCERN, OUTCOME, REASONS, SOUGHT, escalate, nfa_decision
from joinedup.prompts.models import Prompt, PromptDecision


def rows(user, person, whole_picture=False):
    return [e for e in collect(ChronologyContext(user=user, person=person, whole_picture=whole_picture))
            if e.origin == "escalations"]


@pytest.fixture
def decision(child, users, reasons):
    return nfa_decision(child, users["socialworker"], reasons)


@pytest.fixture
def taken_through(child, users, agencies, decision):
    esc = escalate(child, users["socialworker"], f"case:{decision.pk}", with_agency=agencies["csc"],
                   with_name="Dana Reed", with_role="Senior practitioner")
    respond(esc, users["socialworker"], response="Dana Reed said the threshold is not met and would not visit.")
    next_stage(esc, users["socialworker"], reasons=REASONS, with_name="Sam Cole", with_role="Team manager",
               with_agency=agencies["csc"])
    resolve(esc, users["socialworker"], outcome=OUTCOME)
    return esc


def test_the_whole_timeline_is_on_the_chronology(taken_through, users):
    found = rows(users["socialworker"], taken_through.person)
    assert [r.kind for r in found] == ["escalation.raised", "escalation.response", "escalation.stage",
                                       "escalation.resolved"]
    raised, response, stage, resolved = found
    assert raised.note == CONCERN and any(d.startswith("Against: Case decision") for d in raised.details)
    assert any(SOUGHT in d for d in raised.details)
    assert response.note.startswith("Dana Reed said") and stage.note == REASONS and resolved.note == OUTCOME
    assert "stage 2: Manager to manager" in stage.title and all(r.link for r in found)


def test_only_the_parties_and_whole_picture_readers_see_it(taken_through, users):
    assert rows(users["police"], taken_through.person) == []        # may open the child; not a party
    assert len(rows(users["mash"], taken_through.person, whole_picture=True)) == 4


def test_the_escalation_page_shows_every_stage_and_the_timeline(client, taken_through, users):
    client.force_login(users["socialworker"])
    page = client.get(reverse("escalations:detail", args=[taken_through.pk])).content.decode()
    for text in ("Practitioner to practitioner", "Manager to manager", "Dana Reed said", REASONS[:40], OUTCOME[:40],
                 "Resolved with an agreed outcome"):
        assert text in page
    client.force_login(users["police"])
    assert client.get(reverse("escalations:detail", args=[taken_through.pk])).status_code == 404


def test_raising_through_the_form_names_the_decision_and_refuses_without_one(client, child, users, agencies, decision):
    client.force_login(users["socialworker"])
    url = reverse("escalations:new", args=[child.pk])
    page = client.get(url + f"?against=case:{decision.pk}").content.decode()
    assert f'value="case:{decision.pk}" selected' in page
    form = {"category": "need_for_action", "concern": CONCERN, "outcome_sought": SOUGHT, "start_stage": "practitioner",
            "with_name": "Dana Reed", "with_role": "Duty social worker", "with_agency": agencies["csc"].pk}
    refused = client.post(url, {**form, "against": ""})
    assert refused.status_code == 200 and "Name the decision" in refused.content.decode()
    done = client.post(url, {**form, "against": f"case:{decision.pk}"})
    esc = Escalation.objects.get()
    assert done.status_code == 302 and esc.case_decision == decision


def test_each_step_through_the_pages(client, child, users, agencies, decision):
    esc = escalate(child, users["socialworker"], f"case:{decision.pk}", with_agency=agencies["csc"])
    client.force_login(users["socialworker"])
    assert "the response" in client.post(reverse("escalations:respond", args=[esc.pk]),
                                         {"respond-response": "no"}).content.decode()
    client.post(reverse("escalations:respond", args=[esc.pk]),
                {"respond-response": "Dana Reed said the threshold is not met and would not visit."})
    client.post(reverse("escalations:next-stage", args=[esc.pk]), {
        "next-reasons": REASONS, "next-with_name": "Sam Cole", "next-with_role": "Team manager",
        "next-with_agency": agencies["csc"].pk})
    client.post(reverse("escalations:close", args=[esc.pk]), {"close-reasons": REASONS, "close-outcome": ""})
    esc.refresh_from_db()
    assert esc.status == Status.CLOSED and esc.stages.count() == 2
    assert Prompt.objects.filter(rule_id="D04", person=child).exists()
    page = client.get(reverse("escalations:detail", args=[esc.pk])).content.decode()
    assert "without an outcome" in page
    client.post(reverse("escalations:outcome", args=[esc.pk]), {"outcome-outcome": OUTCOME})
    esc.refresh_from_db()
    assert esc.outcome == OUTCOME


def test_the_list_shows_open_and_ended_escalations(client, taken_through, child, users, agencies, decision):
    open_one = escalate(child, users["socialworker"], f"case:{decision.pk}", with_agency=agencies["csc"])
    client.force_login(users["socialworker"])
    page = client.get(reverse("escalations:list")).content.decode()
    assert open_one.reference in page and taken_through.reference + "<" not in page
    assert taken_through.reference in client.get(reverse("escalations:list") + "?show=ended").content.decode()


def test_the_partnership_view_counts_without_naming_children(client, taken_through, child, users, managers, reasons,
                                                             agencies):
    record_decision(child, users["dsl"], kind=Kind.NO_FURTHER_ACTION, reasons=reasons)   # school, too
    prompt = Prompt.objects.create(person=child, rule_id="P01", title="Repeated missing episodes",
                                   moment=timezone.localdate(), evidence_class="assumed_indicator", episode="e",
                                   explanation="x", recipient="MASH")
    PromptDecision.objects.create(prompt=prompt, outcome="no_further_action", reasons=reasons, decided_by=users["police"],
                                  agency_code="police", role="practitioner")
    client.force_login(users["analyst"])
    page = client.get(reverse("escalations:partnership")).content.decode()
    assert "Mia" not in page and "Lowe" not in page
    assert "Northshire Children&#x27;s Social Care" in page
    from joinedup.escalations.partnership import overview

    data = overview()
    [(agency, by_stage, total, still_open, resolved, ended)] = data.by_agency
    assert (by_stage[:2], total, resolved) == ([0, 1], 1, 1)        # reached the manager stage, resolved
    assert data.repeated_children == 1 and data.repeated_escalated == 1
    assert data.repeated_pairs == [("Hill Top Academy and Northshire Children's Social Care and Northshire Police", 1)]
    client.force_login(users["teacher"])
    assert client.get(reverse("escalations:partnership")).status_code == 403


def test_the_api_raises_and_takes_an_escalation_through(child, users, agencies, decision):
    client = APIClient()
    client.force_authenticate(users["socialworker"])
    body = {"person": child.pk, "against": f"case:{decision.pk}", "category": "levels_of_need", "concern": CONCERN,
            "outcome_sought": SOUGHT, "with_name": "Dana Reed", "with_role": "Duty social worker", "with_agency": "csc"}
    assert "Name the decision" in client.post("/api/escalations/", {**body, "against": "case:999"},
                                              format="json").json()["detail"]
    made = client.post("/api/escalations/", body, format="json")
    assert made.status_code == 201
    pk = made.json()["id"]
    assert made.json()["stages"][0]["code"] == "practitioner"
    assert client.post(f"/api/escalations/{pk}/respond/", {"response": "The threshold is not met, she said."},
                       format="json").status_code == 200
    assert client.post(f"/api/escalations/{pk}/next-stage/", {"reasons": "", "with_name": "Sam Cole",
                                                              "with_role": "Team manager", "with_agency": "csc"},
                       format="json").status_code == 400
    moved = client.post(f"/api/escalations/{pk}/next-stage/", {"reasons": REASONS, "with_name": "Sam Cole",
                                                               "with_role": "Team manager", "with_agency": "csc"},
                        format="json")
    assert [s["code"] for s in moved.json()["stages"]] == ["practitioner", "manager"]
    done = client.post(f"/api/escalations/{pk}/resolve/", {"outcome": OUTCOME}, format="json").json()
    assert done["status"] == "resolved"
    assert [s["kind"] for s in done["timeline"]] == ["escalation.raised", "escalation.response", "escalation.stage",
                                                     "escalation.resolved"]
    assert client.get(f"/api/escalations/?person={child.pk}&status=resolved").json()["count"] == 1


def test_the_api_closes_without_agreement_and_records_the_outcome_later(child, users, agencies, decision):
    client = APIClient()
    client.force_authenticate(users["socialworker"])
    esc = escalate(child, users["socialworker"], f"case:{decision.pk}", with_agency=agencies["csc"])
    closed = client.post(f"/api/escalations/{esc.pk}/close/", {"reasons": REASONS}, format="json").json()
    assert closed["status"] == "closed" and closed["outcome"] == ""
    assert client.post(f"/api/escalations/{esc.pk}/outcome/", {"outcome": OUTCOME},
                       format="json").json()["outcome"] == OUTCOME


def test_the_api_hides_what_the_caller_may_not_see(child, users, agencies, decision, make_record):
    esc = escalate(child, users["socialworker"], f"case:{decision.pk}", with_agency=agencies["csc"])
    client = APIClient()
    client.force_authenticate(users["police"])
    assert client.get(f"/api/escalations/{esc.pk}/").status_code == 404
    other = make_record("health", "H9", "Sam", "Other").person
    client.force_authenticate(users["socialworker"])
    assert client.post("/api/escalations/", {"person": other.pk, "against": "external", "category": "communication",
                                             "concern": CONCERN, "outcome_sought": SOUGHT, "with_name": "A B",
                                             "with_role": "C"}, format="json").status_code == 404
    client.force_authenticate(users["analyst"])
    assert client.get("/api/escalations/").status_code == 403


def test_an_overdue_stage_shows_on_the_page_and_the_list(client, child, users, agencies, decision):
    esc = escalate(child, users["socialworker"], f"case:{decision.pk}", with_agency=agencies["csc"])
    esc.stages.update(due_on=timezone.localdate() - timedelta(days=1))
    client.force_login(users["socialworker"])
    assert "none is recorded" in client.get(reverse("escalations:detail", args=[esc.pk])).content.decode()
    assert "overdue" in client.get(reverse("escalations:list")).content.decode()


def test_a_decision_page_offers_to_escalate_it(client, decision, users):
    client.force_login(users["socialworker"])
    page = client.get(reverse("decisions:detail", args=[decision.pk])).content.decode()
    assert f"?against=case:{decision.pk}" in page
