"""D09 (R14, R21): a decision deferred to a date is made by then, or the person who deferred it is prompted."""

from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone

from joinedup.decisions.models import CaseDecision, Kind
from joinedup.decisions.services import record_decision, sign_off
from joinedup.prompts.deadlines import raise_overdue
from joinedup.prompts.models import Prompt
from joinedup.prompts.selectors import queue_for
from joinedup.prompts.tests.links import assert_prompt_links_to

pytestmark = pytest.mark.django_db

AWAITING = "The paediatrician's report on the bruising seen on 2 March"


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def deferral(child, users, reasons, today):
    return record_decision(child, users["socialworker"], kind=Kind.DEFERRAL, reasons=reasons,
                           deferred_until=today + timedelta(days=14), awaiting=AWAITING)


def since_deferring(client, user, decision) -> str:
    """What the decision's page says under "Since deferring"."""
    client.force_login(user)
    html = client.get(f"/decisions/{decision.pk}/").content.decode()
    return unescape(html.split("<dt>Since deferring</dt><dd>", 1)[1].split("</dd>", 1)[0])


def d09(as_of) -> list[Prompt]:
    raise_overdue(as_of=as_of)
    return list(Prompt.objects.filter(rule_id="D09"))


def test_a_deferral_not_followed_by_a_decision_raises_d09_the_day_after_its_date(deferral, users, today):
    assert d09(deferral.deferred_until) == []                              # due that day: not yet overdue
    [prompt] = d09(deferral.deferred_until + timedelta(days=3))
    assert (prompt.person_id, prompt.episode, prompt.assigned_to) == (
        deferral.person_id, f"deferral:{deferral.pk}", users["socialworker"])
    assert f"{deferral.reference}, Northshire Children's Social Care" in prompt.explanation
    assert "(3 days overdue)" in prompt.explanation
    assert "paediatrician" not in prompt.explanation        # what it waits for stays with the decision's readers
    assert "000 Assessments L224-226" in prompt.citation and prompt.dismissable
    assert prompt in queue_for(users["socialworker"]) and prompt not in queue_for(users["teacher"])
    assert d09(deferral.deferred_until + timedelta(days=10)) == [prompt]   # raised once
    assert_prompt_links_to(prompt, users["socialworker"], f"/decisions/{deferral.pk}/")


def test_the_next_decision_by_the_same_agency_meets_it(deferral, child, users, reasons, client):
    assert "No later decision yet; it is due by" in since_deferring(client, users["socialworker"], deferral)
    record_decision(child, users["socialworker"], kind=Kind.STEP_UP, reasons=reasons,
                    from_level="targeted", to_level="specialist")
    assert d09(deferral.deferred_until + timedelta(days=30)) == []
    assert "A later decision by Northshire Children's Social Care is recorded" in since_deferring(
        client, users["socialworker"], deferral)


def test_a_decision_by_another_agency_does_not_meet_it(deferral, child, users, reasons, client):
    record_decision(child, users["dsl"], kind=Kind.NO_FURTHER_ACTION, reasons=reasons)
    assert len(d09(deferral.deferred_until + timedelta(days=1))) == 1
    CaseDecision.objects.filter(pk=deferral.pk).update(deferred_until=timezone.localdate() - timedelta(days=1))
    assert "The date has passed" in since_deferring(client, users["socialworker"], deferral)


def test_a_further_deferral_starts_its_own_clock(deferral, child, users, reasons, today):
    again = record_decision(child, users["socialworker"], kind=Kind.DEFERRAL, reasons=reasons,
                            deferred_until=today + timedelta(days=40), awaiting=AWAITING + ", now promised in April")
    assert d09(deferral.deferred_until + timedelta(days=5)) == []
    assert [p.episode for p in d09(again.deferred_until + timedelta(days=1))] == [f"deferral:{again.pk}"]


def test_a_deferral_a_manager_did_not_agree_to_raises_nothing(deferral, managers, client, users):
    sign_off(deferral, managers["csc"], agreed=False,
             reasons="The report is not needed to decide: the bruising pattern already calls for a strategy discussion today.")
    assert d09(deferral.deferred_until + timedelta(days=5)) == []
    client.force_login(users["socialworker"])
    page = client.get(f"/decisions/{deferral.pk}/").content.decode()
    assert "Not agreed by a manager" in page and "Since deferring" not in page     # it never stood


def test_a_later_decision_a_manager_did_not_agree_to_does_not_meet_it(deferral, child, users, managers, reasons):
    closing = record_decision(child, users["socialworker"], kind=Kind.NO_FURTHER_ACTION, reasons=reasons)
    sign_off(closing, managers["csc"], agreed=False,
             reasons="The paediatric report has not arrived; closing now would decide without it.")
    assert CaseDecision.objects.filter(person=child).count() == 2
    assert len(d09(deferral.deferred_until + timedelta(days=1))) == 1
