"""Escalations (R15): against a named decision, through the configured stages with working-day timescales,
to an outcome; D03 when a stage is overdue, D04 when one ends with no outcome; audited and emailed."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.utils import timezone

from engine.casework import load_partnership
from engine.prompts.calendar import add_working_days
from joinedup.audit.models import ActionLog
from joinedup.escalations.models import Escalation, Stage, Status
from joinedup.escalations.services import (
    EscalationRefused,
    close,
    next_stage,
    record_outcome,
    resolve,
    respond,
    stage_due,
)
from joinedup.escalations.tests.helpers import OUTCOME, REASONS, escalate, nfa_decision
from joinedup.prompts.deadlines import raise_overdue
from joinedup.prompts.models import Prompt, PromptDecision
from joinedup.prompts.selectors import queue_for
from joinedup.prompts.tests.links import assert_prompt_links_to


@pytest.fixture
def decision(child, users, reasons):
    return nfa_decision(child, users["socialworker"], reasons)


@pytest.fixture
def escalation(child, users, agencies, decision):
    """The school's DSL escalates CSC's decision of no further action (which the school may not read itself,
    so it is named as a decision outside JoinedUp, as the school knows it)."""
    return escalate(child, users["dsl"], "external", with_agency=agencies["csc"], external={
        "external_decision": "No further action on the school's referral of 2 March",
        "external_decided_by": "Dana Reed, duty social worker, children's social care",
        "external_decided_on": timezone.localdate() - timedelta(days=2)})


def test_an_escalation_names_one_decision_the_raiser_may_name(child, users, agencies, decision):
    esc = escalate(child, users["socialworker"], f"case:{decision.pk}", with_agency=agencies["csc"])
    assert esc.case_decision == decision and esc.referral is None and esc.prompt_decision is None
    with pytest.raises(EscalationRefused, match="Name the decision"):
        escalate(child, users["socialworker"], "", with_agency=agencies["csc"])
    with pytest.raises(EscalationRefused, match="Name the decision"):          # the school cannot read CSC's decision
        escalate(child, users["dsl"], f"case:{decision.pk}", with_agency=agencies["csc"])
    with pytest.raises(EscalationRefused, match="outside JoinedUp"):
        escalate(child, users["dsl"], "external", with_agency=agencies["csc"],
                 external={"external_decision": "NFA", "external_decided_by": "", "external_decided_on": None})


def test_a_decision_about_another_child_cannot_be_named(child, users, agencies, make_record, reasons):
    other = make_record("csc", "C2", "Sam", "Other").person
    theirs = nfa_decision(other, users["socialworker"], reasons)
    with pytest.raises(EscalationRefused, match="Name the decision"):
        escalate(child, users["socialworker"], f"case:{theirs.pk}", with_agency=agencies["csc"])


def test_a_prompt_decision_and_a_mash_decision_on_a_referral_can_be_named(child, users, agencies, reasons):
    from joinedup.referrals.models import Referral

    prompt = Prompt.objects.create(person=child, rule_id="P01", title="Repeated missing episodes", moment=date.today(),
                                   evidence_class="assumed_indicator", episode="e", explanation="x", recipient="MASH")
    pd = PromptDecision.objects.create(prompt=prompt, outcome="no_further_action", reasons=reasons,
                                       decided_by=users["mash"], agency_code="mash", role="mash_officer")
    esc = escalate(child, users["mash"], f"prompt:{pd.pk}", with_agency=agencies["mash"])
    assert esc.prompt_decision == pd
    referral = Referral.objects.create(
        person=child, referrer=users["dsl"], referrer_agency=agencies["school"], need_level="targeted",
        concern="Bruising", wanted_outcome="Assessment", consent="given", outcome="nfa", decision_reasons=reasons,
        decided_by=users["mash"], decided_at=timezone.now())
    esc = escalate(child, users["dsl"], f"referral:{referral.pk}", with_agency=agencies["mash"])
    assert esc.referral == referral
    with pytest.raises(EscalationRefused, match="Name the decision"):     # police did not make the referral
        escalate(child, users["police"], f"referral:{referral.pk}", with_agency=agencies["mash"])


def test_the_database_holds_exactly_one_named_decision(escalation, decision):
    escalation.case_decision = decision                     # and the external one it already names
    with pytest.raises(IntegrityError), transaction.atomic():
        escalation.save()
    named = Escalation.objects.filter(pk=escalation.pk)
    named.update(case_decision=decision, external_decision="", external_decided_by="", external_decided_on=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        named.update(case_decision=None)                      # none named


def test_the_first_stage_starts_today_with_its_configured_working_days(escalation, agencies):
    [stage] = escalation.stages.all()
    config = load_partnership().escalation_stages[0]
    assert (stage.number, stage.code, stage.working_days) == (1, config.code, config.working_days)
    assert stage.due_on == add_working_days(timezone.localdate(), config.working_days)
    assert stage.with_agency == agencies["csc"] and stage.with_name == "Dana Reed"


def test_stage_timescales_are_working_days_and_skip_bank_holidays():
    assert stage_due("practitioner", date(2026, 12, 24), urgent=False)[1:] == (2, date(2026, 12, 30))
    assert stage_due("manager", date(2026, 12, 24), urgent=False)[2] == date(2026, 12, 31)
    assert stage_due("partnership", date(2026, 12, 24), urgent=True)[1:] == (1, date(2026, 12, 29))


def test_stage_timescales_come_from_the_partnership_file(tmp_path, monkeypatch):
    path = tmp_path / "partnership.yaml"
    path.write_text(
        "version: 1\ncontinuum_of_need:\n  - {code: universal, name: Universal, description: Everyone}\n"
        "escalation_stages:\n  - {code: level1, name: Level 1, working_days: 1}\n"
        "  - {code: level2, name: Level 2, working_days: 7}\n", encoding="utf-8")
    monkeypatch.setenv("JOINEDUP_PARTNERSHIP_FILE", str(path))
    load_partnership.cache_clear()
    try:
        assert stage_due("level2", date(2026, 3, 2), urgent=False) == ("Level 2", 7, date(2026, 3, 11))
    finally:
        monkeypatch.delenv("JOINEDUP_PARTNERSHIP_FILE")
        load_partnership.cache_clear()


def test_an_urgent_escalation_gives_each_stage_one_working_day(child, users, agencies, decision):
    esc = escalate(child, users["socialworker"], f"case:{decision.pk}", with_agency=agencies["csc"], urgent=True)
    stage = esc.stages.get()
    assert stage.working_days == 1 and stage.due_on == add_working_days(timezone.localdate(), 1)


def test_respond_then_move_on_with_reasons_then_resolve_with_an_outcome_r15(escalation, users, agencies):
    with pytest.raises(EscalationRefused, match="the response"):
        respond(escalation, users["socialworker"], response="no")
    respond(escalation, users["socialworker"], response="The threshold for a section 47 enquiry is not met; the "
                                                         "family has accepted early help.")
    with pytest.raises(EscalationRefused, match="already recorded"):
        respond(escalation, users["socialworker"], response="A second answer that is long enough to be read.")
    with pytest.raises(EscalationRefused, match="not resolved at this stage"):
        next_stage(escalation, users["dsl"], reasons="", with_name="Sam Cole", with_role="Team manager",
                   with_agency=agencies["csc"])
    stage2 = next_stage(escalation, users["dsl"], reasons=REASONS, with_name="Sam Cole", with_role="Team manager",
                        with_agency=agencies["csc"], with_email="manager@example.org")
    assert (stage2.number, stage2.code) == (2, "manager")
    first = Stage.objects.get(escalation=escalation, number=1)
    assert first.ended_at and first.moved_on_reasons == REASONS
    with pytest.raises(EscalationRefused, match="agreed outcome"):
        resolve(escalation, users["dsl"], outcome="agreed")
    resolved = resolve(escalation, users["dsl"], outcome=OUTCOME)
    assert resolved.status == Status.RESOLVED and resolved.outcome == OUTCOME and resolved.closed_at
    assert Stage.objects.get(escalation=escalation, number=2).ended_at
    with pytest.raises(EscalationRefused, match="has ended"):
        respond(escalation, users["socialworker"], response="A response after it ended, long enough to read.")


def test_the_stages_run_in_order_and_stop_at_the_last(escalation, users, agencies):
    codes = [s.code for s in load_partnership().escalation_stages]
    for code in codes[1:]:
        stage = next_stage(escalation, users["dsl"], reasons=REASONS, with_name="Sam Cole", with_role="Manager",
                           with_agency=agencies["csc"])
        assert stage.code == code
    with pytest.raises(EscalationRefused, match="last stage"):
        next_stage(escalation, users["dsl"], reasons=REASONS, with_name="Sam Cole", with_role="Manager",
                   with_agency=agencies["csc"])
    assert list(escalation.stages.values_list("code", flat=True)) == codes


def test_only_the_raising_side_moves_on_resolves_or_ends_it(escalation, users, agencies):
    for act in (lambda u: next_stage(escalation, u, reasons=REASONS, with_name="Sam Cole", with_role="Manager",
                                     with_agency=agencies["csc"]),
                lambda u: resolve(escalation, u, outcome=OUTCOME),
                lambda u: close(escalation, u, reasons=REASONS)):
        with pytest.raises(EscalationRefused, match="who raised the escalation"):
            act(users["socialworker"])


def test_someone_outside_the_difference_cannot_respond(escalation, users):
    with pytest.raises(EscalationRefused, match="recorded by Dana Reed"):
        respond(escalation, users["police"], response="Police have no record of this incident at the address.")


def test_a_stage_is_overdue_after_its_due_date_without_a_response_d03(escalation, users):
    stage = escalation.stages.get()
    assert raise_overdue(as_of=stage.due_on, person_ids=[escalation.person_id]) == []
    [prompt] = raise_overdue(as_of=stage.due_on + timedelta(days=1), person_ids=[escalation.person_id])
    assert (prompt.rule_id, prompt.episode, prompt.assigned_to) == ("D03", f"escalation_stage:{stage.pk}", users["dsl"])
    assert escalation.reference in prompt.explanation and prompt in queue_for(users["dsl"])
    assert_prompt_links_to(prompt, users["dsl"], f"/escalations/{escalation.pk}/")


def test_a_responded_or_ended_stage_is_not_overdue(escalation, users, agencies):
    stage = escalation.stages.get()
    respond(escalation, users["socialworker"], response="We will visit Mia at school tomorrow with the police.")
    assert raise_overdue(as_of=stage.due_on + timedelta(days=5), person_ids=[escalation.person_id]) == []
    stage2 = next_stage(escalation, users["dsl"], reasons=REASONS, with_name="Sam Cole", with_role="Manager",
                        with_agency=agencies["csc"])
    resolve(escalation, users["dsl"], outcome=OUTCOME)
    assert raise_overdue(as_of=stage2.due_on + timedelta(days=5), person_ids=[escalation.person_id]) == []


def test_ending_without_agreement_and_without_an_outcome_raises_d04_at_once(escalation, users):
    ended = close(escalation, users["dsl"], reasons="The family moved out of the area on 6 March; the new authority "
                                                   "has the referral.")
    assert ended.status == Status.CLOSED and ended.outcome == ""
    [prompt] = Prompt.objects.filter(rule_id="D04", person=escalation.person)
    assert prompt.assigned_to == users["dsl"] and prompt.episode == f"escalation:{escalation.pk}"
    with pytest.raises(EscalationRefused, match="the outcome"):
        record_outcome(escalation, users["dsl"], outcome="done")
    record_outcome(escalation, users["dsl"], outcome="The receiving authority will hold a strategy discussion; "
                                                     "the DSL sent the school's chronology to them.")
    assert raise_overdue(as_of=timezone.localdate() + timedelta(days=3), person_ids=[escalation.person_id]) == []


def test_ending_without_agreement_with_an_outcome_or_resolving_raises_no_d04(child, users, agencies, decision):
    one = escalate(child, users["socialworker"], f"case:{decision.pk}", with_agency=agencies["csc"])
    close(one, users["socialworker"], reasons=REASONS, outcome=OUTCOME)
    two = escalate(child, users["socialworker"], f"case:{decision.pk}", with_agency=agencies["csc"])
    resolve(two, users["socialworker"], outcome=OUTCOME)
    assert not Prompt.objects.filter(rule_id="D04").exists()


def test_every_step_is_audited(escalation, users, agencies):
    respond(escalation, users["socialworker"], response="We will visit Mia at school tomorrow with the police.")
    next_stage(escalation, users["dsl"], reasons=REASONS, with_name="Sam Cole", with_role="Manager",
               with_agency=agencies["csc"])
    resolve(escalation, users["dsl"], outcome=OUTCOME)
    actions = set(ActionLog.objects.filter(persons=escalation.person).values_list("action", flat=True))
    assert {"escalation raised", "escalation response", "escalation moved to the next stage",
            "escalation resolved"} <= actions


def test_emails_go_to_the_person_each_stage_is_with_and_the_partnership_unit(
        escalation, users, agencies, managers, django_capture_on_commit_callbacks):
    codes = [s.code for s in load_partnership().escalation_stages]
    with override_settings(JOINEDUP_PARTNERSHIP_UNIT_EMAIL="unit@partnership.example"):
        with django_capture_on_commit_callbacks(execute=True):
            next_stage(escalation, users["dsl"], reasons=REASONS, with_name="Sam Cole", with_role="Team manager",
                       with_agency=agencies["csc"], with_email="manager@example.org")
        assert [m.to for m in mail.outbox] == [["manager@example.org"]]
        assert "Mia" not in mail.outbox[0].body and f"/escalations/{escalation.pk}/" in mail.outbox[0].body
        for _ in codes[2:]:
            with django_capture_on_commit_callbacks(execute=True):
                next_stage(escalation, users["dsl"], reasons=REASONS, with_name="Pat Lee",
                           with_role="Head of service", with_agency=agencies["csc"], with_email="pat@example.org")
    assert ["unit@partnership.example"] in [m.to for m in mail.outbox]
    assert sum(m.to == ["unit@partnership.example"] for m in mail.outbox) == 1     # only at the partnership stage
    assert Stage.objects.get(escalation=escalation, number=2).with_user == managers["csc"]


def test_the_raiser_and_everyone_it_was_with_hear_how_it_ended(escalation, users, managers,
                                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        resolve(escalation, users["dsl"], outcome=OUTCOME)
    assert sorted(m.to[0] for m in mail.outbox) == ["dana.reed@example.org", "dsl@example.org"]
