"""The consistent identifier (CWSA 2026 s.4): the NHS number of record on the person page and in exports and the
API; a prompt to ask for it at section 47, conference and becoming looked after (D13); a decision not to share
under the duty, recorded with reasons and reported."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from joinedup.identifiers.selectors import nhs_number_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def maya(make_record):
    csc = make_record("csc", "C1", "Maya", "Lewis", born=date(2012, 5, 9))
    make_record("health", "H1", "Maya", "Lewis", born=date(2012, 5, 9), nhs_number="9434765919")
    from joinedup.people.models import SourceRecord

    SourceRecord.objects.filter(agency__code="health", record_id="H1").update(person=csc.person)
    return csc.person


def test_the_nhs_number_of_record_and_who_holds_it(maya):
    found = nhs_number_of(maya)
    assert (found.nhs_number, found.spaced, found.held_by) == ("9434765919", "943 476 5919",
                                                               ("Northshire Hospitals NHS Trust",))


def test_the_person_page_shows_it_or_says_none_is_held(client, users, maya, make_record):
    client.force_login(users["mash"])
    page = client.get(f"/people/{maya.pk}/").content.decode()
    assert "943 476 5919" in page and "held by Northshire Hospitals NHS Trust" in page
    other = make_record("school", "S9", "Theo", "Grant", born=date(2013, 1, 2))
    assert "No NHS number held" in client.get(f"/people/{other.person.pk}/").content.decode()


def test_it_is_in_the_chronology_export_and_the_api(client, users, maya):
    from rest_framework.test import APIClient

    client.force_login(users["mash"])
    response = client.post(f"/people/{maya.pk}/chronology/export/csv/", {"purpose": "strategy",
                                                                        "purpose_detail": ""})
    assert response.status_code == 200
    assert "NHS number: 943 476 5919" in response.content.decode("utf-8-sig")
    api = APIClient()
    api.force_authenticate(users["mash"])
    assert api.get(f"/api/people/{maya.pk}/").json()["nhs_number"] == "9434765919"


def _section47(make_event, record, when):
    return make_event("csc", f"S47-{when:%Y%m%d}", record, event_type="csc.section47", occurred_at=when)


def test_a_child_without_one_at_section_47_prompts_the_allocated_worker_to_ask(users, make_record, make_event):
    from joinedup.people.models import Allocation
    from joinedup.prompts.deadlines import raise_overdue
    from joinedup.prompts.models import Prompt

    record = make_record("csc", "C5", "Noah", "Field", born=date(2019, 3, 3))
    Allocation.objects.create(person=record.person, worker=users["socialworker"], start_date=date(2026, 1, 1))
    _section47(make_event, record, timezone.now() - timedelta(days=2))
    make_event("csc", "CLA5", record, event_type="csc.cla_episode_start", occurred_at=timezone.now() - timedelta(days=1))
    raise_overdue()
    prompts = {p.episode: p for p in Prompt.objects.filter(rule_id="D13")}
    assert set(prompts) == {f"identifier_missing:{record.person.pk}-section47",
                            f"identifier_missing:{record.person.pk}-looked_after"}
    prompt = prompts[f"identifier_missing:{record.person.pk}-section47"]
    assert prompt.assigned_to == users["socialworker"] and "section 47 enquiries started" in prompt.explanation
    assert raise_overdue() == []


def test_no_prompt_when_an_agency_holds_it_or_the_moment_is_over_a_year_ago(users, maya, make_record, make_event):
    from joinedup.prompts.deadlines import raise_overdue
    from joinedup.prompts.models import Prompt

    _section47(make_event, maya.records.get(agency__code="csc"), timezone.now() - timedelta(days=2))
    old = make_record("csc", "C6", "Ava", "Stone", born=date(2014, 6, 1))
    _section47(make_event, old, timezone.now() - timedelta(days=400))
    raise_overdue()
    assert not Prompt.objects.filter(rule_id="D13").exists()


def test_a_decision_not_to_share_the_nhs_number_under_the_duty_is_recorded_and_reported(users, maya, agencies,
                                                                                         make_user, make_record):
    from joinedup.sharing import services
    from joinedup.sharing.selectors import partnership_report

    nurse = make_user("nurse", "dsl", "health")
    review = timezone.localdate() + timedelta(days=30)
    reasons = ("The young person is seventeen and has asked that her sexual health clinic record is not linked; "
               "no risk of significant harm is known that would justify sharing without consent.")
    school = make_record("school", "S1", "Maya", "Lewis", born=date(2012, 5, 9))
    school.person = maya
    school.save(update_fields=["person"])
    with pytest.raises(services.Refused, match="holds no NHS number"):
        services.withhold(actor=users["dsl"], person=maya, withheld_from=agencies["csc"],
                          reason_category="consent_refused", reasons=reasons, review_on=review, identifier=True)
    decision = services.withhold(actor=nurse, person=maya, withheld_from=agencies["csc"],
                                 reason_category="consent_refused", reasons=reasons, review_on=review, identifier=True)
    assert (decision.what_kind, decision.under_duty) == ("identifier", True)
    assert decision.what == "The child's NHS number (the consistent identifier)"
    report = partnership_report(timezone.localdate() - timedelta(days=1), timezone.localdate())
    assert report["under_duty"] == [{"agency": "Northshire Hospitals NHS Trust", "decisions": 1, "identifier": 1}]
