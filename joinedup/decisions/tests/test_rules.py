"""Case decisions: reasons (R13), manager sign-off by a second person (R14), no closure on an untested
assumption (R18), a risk review after was-not-brought or non-engagement prompts (R35)."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from joinedup.audit.models import ActionLog
from joinedup.core.reasons import reasons_problem
from joinedup.decisions.models import CaseDecision, Kind, SignOff
from joinedup.decisions.services import DecisionRefused, record_decision, sign_off
from joinedup.prompts.decisions import decide
from joinedup.prompts.models import Prompt

HELP = "Early help worker visits weekly; the school reports full attendance since January and the child says it helps."


def review(agencies, *codes, **changes):
    return {"non_attendance_meaning": "Mia has missed three paediatric reviews of her asthma; her mother is "
                                      "responsible for bringing her and said she could not take time off work.",
            "risks_considered": "Uncontrolled asthma; the missed reviews are a sign the family is struggling, not "
                                "a choice by Mia. The school nurse will now see her monthly in school.",
            "consulted": "Dr Shah, community paediatrician; Ms Ellis, school nurse",
            "shared_with": [agencies[c] for c in codes or ("health", "school")], "shared_with_people": "",
            **changes}


@pytest.mark.parametrize("text", ["", "   ", "n/a", "NFA", "see notes", "As above.", "ok", "no concerns",
                                  "closed now", "x x x x x x x"])
def test_reasons_that_say_nothing_are_refused(text):
    assert reasons_problem(text)


def test_reasons_in_sentences_are_accepted(reasons):
    assert reasons_problem(reasons) is None


@pytest.mark.parametrize("kind", Kind.values)
def test_every_kind_of_decision_needs_written_reasons_r13_r14(child, users, kind):
    with pytest.raises(DecisionRefused, match="Write the reasons"):
        record_decision(child, users["socialworker"], kind=kind, reasons="n/a")
    assert not CaseDecision.objects.exists()


def test_a_decision_awaits_sign_off_by_a_second_person_a_team_manager_of_the_agency_r14(child, users, managers,
                                                                                        reasons):
    decision = record_decision(child, users["socialworker"], kind=Kind.NO_FURTHER_ACTION, reasons=reasons)
    assert decision.sign_off == SignOff.AWAITING and not decision.stands
    assert (decision.agency.code, decision.role) == ("csc", "practitioner")
    with pytest.raises(DecisionRefused, match="Only a team manager"):
        sign_off(decision, users["socialworker"], agreed=True, reasons=reasons)
    with pytest.raises(DecisionRefused, match="Only a team manager"):
        sign_off(decision, users["mash"], agreed=True, reasons=reasons)
    with pytest.raises(DecisionRefused, match="Children's Social Care"):
        sign_off(decision, managers["school"], agreed=True, reasons=reasons)
    with pytest.raises(DecisionRefused, match="your reasons for agreeing"):
        sign_off(decision, managers["csc"], agreed=True, reasons="agreed")
    signed = sign_off(decision, managers["csc"], agreed=True, reasons="Read the visit notes and spoke to the school; "
                                                                       "the plan has worked and the child is safe.")
    assert signed.sign_off == SignOff.SIGNED_OFF and signed.stands and signed.signed_off_by == managers["csc"]
    with pytest.raises(DecisionRefused, match="already been signed off"):
        sign_off(decision, managers["csc2"], agreed=False, reasons=reasons)


def test_a_team_managers_own_decision_needs_another_team_manager_r14(child, managers, reasons):
    decision = record_decision(child, managers["csc"], kind=Kind.STEP_UP, reasons=reasons, from_level="early_help",
                               to_level="specialist")
    with pytest.raises(DecisionRefused, match="second person"):
        sign_off(decision, managers["csc"], agreed=True, reasons=reasons)
    not_agreed = sign_off(decision, managers["csc2"], agreed=False,
                          reasons="Not yet: a strategy discussion is needed first, with police, before we decide.")
    assert not_agreed.sign_off == SignOff.NOT_AGREED and not not_agreed.stands


def test_the_database_refuses_a_sign_off_by_the_decider(child, managers, reasons):
    decision = record_decision(child, managers["csc"], kind=Kind.NO_FURTHER_ACTION, reasons=reasons)
    decision.signed_off_by = managers["csc"]
    with pytest.raises(IntegrityError), transaction.atomic():
        decision.save()


@pytest.mark.parametrize("kind", [Kind.CLOSURE, Kind.STEP_DOWN])
def test_no_closure_or_step_down_on_an_untested_assumption_that_help_is_in_place_r18(child, users, reasons, kind):
    levels = {"from_level": "targeted", "to_level": "early_help"}
    with pytest.raises(DecisionRefused, match="untested assumption"):
        record_decision(child, users["socialworker"], kind=kind, reasons=reasons, **levels)
    with pytest.raises(DecisionRefused, match="untested assumption"):   # said, but nobody confirmed it
        record_decision(child, users["socialworker"], kind=kind, reasons=reasons, help_in_place=HELP, **levels)
    decision = record_decision(child, users["socialworker"], kind=kind, reasons=reasons, help_in_place=HELP,
                               help_confirmed_with="Jo Hart, early help worker, Northshire Council", **levels)
    assert decision.help_in_place == HELP and decision.help_confirmed_with.startswith("Jo Hart")


def test_no_further_action_and_step_up_need_no_help_in_place(child, users, reasons):
    record_decision(child, users["socialworker"], kind=Kind.NO_FURTHER_ACTION, reasons=reasons)
    record_decision(child, users["socialworker"], kind=Kind.STEP_UP, reasons=reasons, from_level="early_help",
                    to_level="targeted")
    assert CaseDecision.objects.count() == 2


def test_step_down_and_step_up_move_the_right_way_on_the_continuum_of_need(child, users, reasons):
    with pytest.raises(DecisionRefused, match="lower level"):
        record_decision(child, users["socialworker"], kind=Kind.STEP_DOWN, reasons=reasons, from_level="early_help",
                        to_level="specialist", help_in_place=HELP, help_confirmed_with="Jo Hart, early help")
    with pytest.raises(DecisionRefused, match="higher level"):
        record_decision(child, users["socialworker"], kind=Kind.STEP_UP, reasons=reasons, from_level="targeted",
                        to_level="targeted")
    with pytest.raises(DecisionRefused, match="which level"):
        record_decision(child, users["socialworker"], kind=Kind.STEP_UP, reasons=reasons, from_level="red",
                        to_level="targeted")


def test_a_deferral_says_until_when_and_what_it_waits_for(child, users, reasons):
    today = timezone.localdate()
    with pytest.raises(DecisionRefused, match="date by which"):
        record_decision(child, users["socialworker"], kind=Kind.DEFERRAL, reasons=reasons)
    with pytest.raises(DecisionRefused, match="at most"):
        record_decision(child, users["socialworker"], kind=Kind.DEFERRAL, reasons=reasons,
                        deferred_until=today + timedelta(days=200), awaiting="The paediatric report on the injury")
    with pytest.raises(DecisionRefused, match="what the decision waits for"):
        record_decision(child, users["socialworker"], kind=Kind.DEFERRAL, reasons=reasons,
                        deferred_until=today + timedelta(days=14), awaiting="report")
    decision = record_decision(child, users["socialworker"], kind=Kind.DEFERRAL, reasons=reasons,
                               deferred_until=today + timedelta(days=14),
                               awaiting="The paediatrician's report on the bruising seen on 2 March")
    assert decision.deferred_until == today + timedelta(days=14)


@pytest.mark.parametrize("kind", [Kind.NO_FURTHER_ACTION, Kind.CLOSURE, Kind.STEP_DOWN, Kind.DEFERRAL])
def test_non_attendance_does_not_lead_to_closure_without_a_risk_review_r35(wnb_child, users, agencies, reasons, kind):
    fields = {"help_in_place": HELP, "help_confirmed_with": "Jo Hart, early help worker",
              "from_level": "targeted", "to_level": "early_help",
              "deferred_until": timezone.localdate() + timedelta(days=10),
              "awaiting": "The paediatrician's view on the missed asthma reviews"}
    with pytest.raises(DecisionRefused, match=r"R35.*risk review|P04 Repeated was-not-brought"):
        record_decision(wnb_child, users["socialworker"], kind=kind, reasons=reasons, **fields)
    assert not CaseDecision.objects.exists()
    decision = record_decision(wnb_child, users["socialworker"], kind=kind, reasons=reasons,
                               risk_review=review(agencies), **fields)
    stored = decision.risk_review
    assert {a.code for a in stored.shared_with.all()} == {"health", "school"}
    assert [p.rule_id for p in stored.prompts.all()] == ["P04"]
    assert "Dr Shah" in stored.consulted


def test_a_risk_review_is_shared_beyond_the_deciding_agency_and_complete(wnb_child, users, agencies, reasons):
    with pytest.raises(DecisionRefused, match="at least one other agency"):
        record_decision(wnb_child, users["socialworker"], kind=Kind.NO_FURTHER_ACTION, reasons=reasons,
                        risk_review=review(agencies, "csc"))
    with pytest.raises(DecisionRefused, match="who was consulted"):
        record_decision(wnb_child, users["socialworker"], kind=Kind.NO_FURTHER_ACTION, reasons=reasons,
                        risk_review=review(agencies, consulted="GP"))
    with pytest.raises(DecisionRefused, match="missed appointments mean"):
        record_decision(wnb_child, users["socialworker"], kind=Kind.NO_FURTHER_ACTION, reasons=reasons,
                        risk_review=review(agencies, non_attendance_meaning="none"))


def test_a_step_up_needs_no_risk_review_after_non_engagement(wnb_child, users, reasons):
    decision = record_decision(wnb_child, users["socialworker"], kind=Kind.STEP_UP, reasons=reasons,
                               from_level="early_help", to_level="specialist")
    assert not hasattr(decision, "risk_review") or decision.risk_review is None


def test_a_decided_prompt_still_calls_for_review_within_the_catalogues_window(wnb_child, users, reasons):
    prompt = Prompt.objects.get(person=wnb_child, rule_id="P04")
    # the prompt sits in the MASH's queue (no allocated worker): the MASH decides it (issue 16: who may close what)
    decide(prompt, outcome="support_offered", reasons="Offered transport to the clinic through early help.",
           actor=users["mash"])
    with pytest.raises(DecisionRefused, match="risk review"):
        record_decision(wnb_child, users["socialworker"], kind=Kind.CLOSURE, reasons=reasons, help_in_place=HELP,
                        help_confirmed_with="Jo Hart, early help worker")
    Prompt.objects.filter(pk=prompt.pk).update(moment=timezone.localdate() - timedelta(days=181))
    record_decision(wnb_child, users["socialworker"], kind=Kind.CLOSURE, reasons=reasons, help_in_place=HELP,
                    help_confirmed_with="Jo Hart, early help worker")     # decided, and older than the window


def test_an_open_prompt_calls_for_review_however_old(wnb_child, users, reasons):
    Prompt.objects.filter(person=wnb_child, rule_id="P04").update(moment=timezone.localdate() - timedelta(days=900))
    with pytest.raises(DecisionRefused, match="risk review"):
        record_decision(wnb_child, users["socialworker"], kind=Kind.NO_FURTHER_ACTION, reasons=reasons)


def test_other_prompts_do_not_call_for_a_risk_review(child, users, reasons):
    Prompt.objects.create(person=child, rule_id="P01", title="Repeated missing episodes", moment=timezone.localdate(),
                          evidence_class="assumed_indicator", episode="e1", explanation="x", recipient="MASH")
    record_decision(child, users["socialworker"], kind=Kind.NO_FURTHER_ACTION, reasons=reasons)


def test_decisions_are_audited(child, users, managers, reasons):
    decision = record_decision(child, users["socialworker"], kind=Kind.NO_FURTHER_ACTION, reasons=reasons)
    sign_off(decision, managers["csc"], agreed=True, reasons=reasons)
    actions = list(ActionLog.objects.filter(persons=child).values_list("action", "user__username"))
    assert ("case decision: no_further_action", "socialworker") in actions
    assert ("case decision signed_off", "manager") in actions


def test_only_case_readers_who_may_see_the_child_record_decisions(child, users, make_record, reasons):
    other = make_record("health", "H9", "Sam", "Other").person
    with pytest.raises(DecisionRefused, match="may not"):
        record_decision(other, users["socialworker"], kind=Kind.NO_FURTHER_ACTION, reasons=reasons)
    with pytest.raises(DecisionRefused, match="role"):
        record_decision(child, users["analyst"], kind=Kind.NO_FURTHER_ACTION, reasons=reasons)
    adult = make_record("csc", "A1", "Dan", "Lowe", person_type="adult").person
    with pytest.raises(DecisionRefused, match="about children"):
        record_decision(adult, users["socialworker"], kind=Kind.NO_FURTHER_ACTION, reasons=reasons)
