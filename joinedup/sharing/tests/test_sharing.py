"""Sharing is the default (R01): withholding is an explicit decision with written reasons, audited and counted;
every information request states its purpose (R08) and gets an answer: shared, or withheld with reasons."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from joinedup.agencies.models import Agency
from joinedup.audit.models import ActionLog
from joinedup.chronology.sources import ChronologyContext, collect
from joinedup.inbox.models import InboxItem
from joinedup.sharing import services
from joinedup.sharing.models import AgencyRequest, ReasonCategory, WithholdDecision
from joinedup.sharing.selectors import partnership_report, requests_for, withholds_for

pytestmark = pytest.mark.django_db

REASONS = ("Police are about to arrest the adult; telling the school now could alert him through the family "
           "and prejudice the investigation. Agreed with DS Patel.")


@pytest.fixture
def event(records, make_event):
    return make_event("police", "E1", records["police"], "police.missing_report")


def later(days=28):
    return timezone.localdate() + timedelta(days=days)


def withhold(users, child, event, **overrides):
    fields = {"withheld_from": Agency.objects.get(code="school"),
              "reason_category": ReasonCategory.INVESTIGATION, "reasons": REASONS, "review_on": later()}
    fields.update(overrides)
    return services.withhold(actor=users["police"], person=child, event=event, **fields)


@pytest.mark.parametrize("reasons", ["", "n/a", "investigation", "Not sharing this one."])
def test_withholding_without_reasons_is_refused_with_a_clear_message(users, child, event, reasons):
    with pytest.raises(services.Refused) as refused:
        withhold(users, child, event, reasons=reasons)
    assert refused.value.errors["reasons"] == [services.REASONS_MESSAGE]
    assert "Sharing is the default" in services.REASONS_MESSAGE
    assert not WithholdDecision.objects.exists() and not ActionLog.objects.filter(action="information withheld")


def test_withholding_with_reasons_is_recorded_audited_and_counted(users, child, event):
    decision = withhold(users, child, event)
    assert decision.agency.code == "police" and decision.withheld_from.code == "school"
    assert decision.what.startswith("Reported missing to police on ")
    log = ActionLog.objects.get(action="information withheld")
    assert log.reason == REASONS and log.detail["reason_category"] == "investigation"
    assert list(log.persons.all()) == [child]
    today = timezone.localdate()
    report = partnership_report(today - timedelta(days=1), today)
    assert report["withholding_total"] == 1
    police = next(row for row in report["withholding"] if row["agency"] == "Northshire Police")
    assert police["counts"][[c for c, _ in report["categories"]].index("investigation")] == 1


@pytest.mark.parametrize(("overrides", "field"), [
    ({"reason_category": "because"}, "reason_category"),
    ({"review_on": None}, "review_on"),
    ({"review_on": timezone.localdate()}, "review_on"),
    ({"review_on": timezone.localdate() + timedelta(days=400)}, "review_on"),
])
def test_a_withhold_decision_needs_a_category_and_a_review_date(users, child, event, overrides, field):
    with pytest.raises(services.Refused) as refused:
        withhold(users, child, event, **overrides)
    assert field in refused.value.errors


def test_only_an_agencys_own_unshared_events_can_be_withheld(users, child, records, make_event, agencies):
    shared = make_event("police", "E2", records["police"], "police.missing_report", shared_with=["school"])
    with pytest.raises(services.Refused, match="already shared with Hill Top Academy"):
        withhold(users, child, shared)
    school_event = make_event("school", "S-E1", records["school"], "school.safeguarding_concern")
    with pytest.raises(services.Refused, match="your agency recorded"):
        withhold(users, child, school_event)
    with pytest.raises(services.Refused, match="not your own"):
        withhold(users, child, make_event("police", "E3", records["police"]), withheld_from=agencies["police"])


def test_who_reads_withhold_decisions(users, child, event, make_user):
    decision = withhold(users, child, event)
    sergeant = make_user("sergeant", "team_manager", "police")
    assert withholds_for(users["police"]).filter(pk=decision.pk).exists()      # the decider
    assert withholds_for(sergeant).filter(pk=decision.pk).exists()             # the agency's manager
    assert withholds_for(users["mash"]).filter(pk=decision.pk).exists()
    assert not withholds_for(users["dsl"]).exists() and not withholds_for(users["analyst"]).exists()


def test_every_information_request_states_its_purpose(users, child, agencies, make_user):
    with pytest.raises(services.Refused) as refused:
        services.make_request(actor=users["teacher"], person=child, to_agency=agencies["police"],
                              purpose="", purpose_detail="")
    assert set(refused.value.errors) == {"purpose", "purpose_detail"}
    assert "what you need to know and why" in refused.value.errors["purpose_detail"][0]
    with pytest.raises(services.Refused, match="not your own"):
        services.make_request(actor=users["teacher"], person=child, to_agency=agencies["school"],
                              purpose="assessment", purpose_detail="Planning support for the child in school now.")
    request = services.make_request(
        actor=users["teacher"], person=child, to_agency=agencies["police"], purpose="safety_now",
        purpose_detail="She said an adult collects her from the park; do police know of him or the car?")
    assert request.from_agency.code == "school" and ActionLog.objects.filter(action="information requested")
    assert requests_for(users["police"]).filter(pk=request.pk).exists()
    assert requests_for(users["dsl"]).filter(pk=request.pk).exists()
    assert not requests_for(make_user("nurse", "practitioner", "health")).exists()


@pytest.fixture
def request_(users, child, agencies):
    return services.make_request(
        actor=users["teacher"], person=child, to_agency=agencies["police"], purpose="safety_now",
        purpose_detail="She said an adult collects her from the park; do police know of him or the car?")


def test_an_answer_is_shared_with_the_information_or_withheld_with_reasons(users, request_):
    with pytest.raises(services.Refused) as refused:
        services.answer_request(request_, actor=users["police"], response="")
    assert "response" in refused.value.errors
    with pytest.raises(services.Refused) as refused:
        services.answer_request(request_, actor=users["police"], response="withheld", reasons="",
                                reason_category="investigation", review_on=later())
    assert refused.value.errors["reasons"] == [services.REASONS_MESSAGE]
    with pytest.raises(services.Refused, match="Only Northshire Police"):
        services.answer_request(request_, actor=users["dsl"], response="shared", response_text="x" * 40)
    answered = services.answer_request(request_, actor=users["police"], response="withheld", reasons=REASONS,
                                       reason_category="investigation", review_on=later())
    assert answered.response == "withheld" and answered.withhold_decision.withheld_from.code == "school"
    item = InboxItem.objects.get(request=request_)
    assert item.worker == users["teacher"] and item.from_agency.code == "police"
    with pytest.raises(services.Refused, match="already been answered"):
        services.answer_request(request_, actor=users["police"], response="shared", response_text="x y z " * 10)


def test_the_requester_sees_the_category_not_the_confidential_reasons(client, users, request_):
    services.answer_request(request_, actor=users["police"], response="withheld", reasons=REASONS,
                            reason_category="investigation", review_on=later())
    client.force_login(users["teacher"])
    page = client.get(reverse("sharing:request", args=[request_.pk])).content.decode()
    assert "prejudice a criminal investigation" in page and "DS Patel" not in page
    client.force_login(users["mash"])
    assert "DS Patel" in client.get(reverse("sharing:request", args=[request_.pk])).content.decode()


def test_requests_and_decisions_are_on_the_chronology(users, child, event, request_):
    withhold(users, child, event)
    services.answer_request(request_, actor=users["police"], response="shared",
                            response_text="Police know the car; the adult was warned off under a CAWN last year.")

    def kinds(user, whole):
        return sorted(e.kind for e in collect(ChronologyContext(user=user, person=child, whole_picture=whole))
                      if e.origin == "sharing")

    assert kinds(users["mash"], True) == ["sharing.answer", "sharing.request", "sharing.withheld"]
    assert kinds(users["teacher"], False) == ["sharing.answer", "sharing.request"]
    assert kinds(users["police"], False) == ["sharing.answer", "sharing.request", "sharing.withheld"]


def test_the_partnership_report_counts_without_naming_children(client, users, child, event, request_):
    withhold(users, child, event)
    client.force_login(users["analyst"])
    page = client.get(reverse("sharing:report")).content.decode()
    assert "Northshire Police" in page and "Amira" not in page and "DS Patel" not in page
    client.force_login(users["teacher"])
    assert client.get(reverse("sharing:report")).status_code == 403
    assert client.get(reverse("sharing:withheld")).status_code == 403
    client.force_login(users["mash"])
    assert "DS Patel" in client.get(reverse("sharing:withheld")).content.decode()


def test_the_api_applies_the_same_rules(users, child, event, request_):
    api = APIClient()
    api.force_authenticate(users["police"])
    body = {"person": child.pk, "event": event.pk, "withheld_from": "school", "reason_category": "investigation",
            "reasons": "", "review_on": later().isoformat()}
    refused = api.post("/api/sharing/withholds/", body, format="json")
    assert refused.status_code == 400 and refused.json()["reasons"] == [services.REASONS_MESSAGE]
    made = api.post("/api/sharing/withholds/", {**body, "reasons": REASONS}, format="json")
    assert made.status_code == 201 and made.json()["withheld_from"] == "school"
    answered = api.post(f"/api/sharing/requests/{request_.pk}/answer/", {
        "response": "shared", "response_text": "Police know the car; the adult was warned off last year."},
        format="json")
    assert answered.status_code == 200 and answered.json()["response"] == "shared"
    api.force_authenticate(users["teacher"])
    no_purpose = api.post("/api/sharing/requests/", {"person": child.pk, "to_agency": "health",
                                                     "purpose": "assessment", "purpose_detail": ""}, format="json")
    assert no_purpose.status_code == 400 and "purpose_detail" in no_purpose.json()
    assert AgencyRequest.objects.count() == 1
    assert api.get("/api/sharing/report/").status_code == 403
    api.force_authenticate(users["analyst"])
    report = api.get("/api/sharing/report/").json()
    assert report["withholding"] == [{"agency": "Northshire Police", "reason_category": "investigation",
                                      "decisions": 1}]
    assert api.get("/api/sharing/withholds/").status_code == 403
