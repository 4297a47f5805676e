"""Closing a prompt: a decision from the catalogue's list and written reasons, by a named person (R13, R14)."""

from django.db import transaction
from django.utils import timezone

from joinedup.accounts.models import Role
from joinedup.audit.services import log_action
from joinedup.core.reasons import is_trivial, reasons_problem
from joinedup.prompts.models import NEEDS_AGREEMENT, Agreement, Outcome, Prompt, PromptDecision, Status
from joinedup.prompts.selectors import may_decide

__all__ = ["AGREEING_ROLES", "NOT_YOURS_TO_DECIDE", "DecisionRefused", "NotYoursToDecide", "addressee", "agree",
           "decide", "may_agree"]

# Who agrees a dismissal or "no further action": a manager of the decider's agency (a team manager, or a school's
# or health's designated safeguarding lead); for a MASH officer's decision, the MASH's own team manager.
AGREEING_ROLES = frozenset({Role.TEAM_MANAGER, Role.DSL})


class DecisionRefused(ValueError):
    """A decision that may not be recorded as given; the message says why, in words a practitioner can act on."""


NOT_YOURS_TO_DECIDE = ("This prompt is addressed to {addressee}. Only they, their team or the MASH may record its "
                       "decision; you may read it. If you have information that bears on it, tell them or the MASH.")


class NotYoursToDecide(DecisionRefused):
    """The user may read the prompt but it is not addressed to them, their team or the MASH."""


def addressee(prompt: Prompt) -> str:
    if prompt.assigned_to_id:
        worker = prompt.assigned_to
        name = worker.get_full_name() or worker.username
        return f"{name} and their team ({worker.team})" if worker.team else name
    return f"the {prompt.team} team" if prompt.team else (prompt.recipient or "its recipient")


@transaction.atomic
def decide(prompt: Prompt, *, outcome: str, reasons: str, actor) -> PromptDecision:
    """Record the decision that closes `prompt`. Every outcome, "no further action" included, needs reasons."""
    prompt = Prompt.objects.select_for_update(of=("self",)).select_related("assigned_to").get(pk=prompt.pk)
    if not may_decide(actor, prompt):
        raise NotYoursToDecide(NOT_YOURS_TO_DECIDE.format(addressee=addressee(prompt)))
    if prompt.status != Status.OPEN:
        raise DecisionRefused("This prompt has already been decided; its decision is on the child's chronology.")
    if prompt.decisions.filter(agreement=Agreement.AWAITING).exists():
        raise DecisionRefused("A decision on this prompt awaits a manager's agreement; it stays open until a manager "
                              "agrees it or returns it with reasons.")
    if outcome not in Outcome.values:
        raise DecisionRefused("Choose what was decided.")
    if outcome == Outcome.NOT_APPLICABLE and not prompt.dismissable:
        raise DecisionRefused(
            "This prompt may not be dismissed: the learning behind it says it must always lead to a response "
            "(for example a referral, a strategy discussion or a recorded decision that the plan covers it)."
        )
    if outcome not in dict(prompt.outcome_choices()):
        raise DecisionRefused(
            f"“{Outcome(outcome).label}” is a decision about "
            + ("one child's case; this prompt is about a place, group or the children an adult connects."
               if prompt.is_about_a_context else "a place or group; this prompt is about one child."))
    if is_trivial(reasons, min_chars=10, min_words=3):
        raise DecisionRefused("Write the reasons for this decision: what you considered, and why you decided so.")
    decision = PromptDecision.objects.create(
        prompt=prompt, outcome=outcome, reasons=reasons.strip(), decided_by=actor,
        agency_code=actor.agency.code if actor.agency_id else "", role=actor.role,
        agreement=Agreement.AWAITING if outcome in NEEDS_AGREEMENT else Agreement.NOT_NEEDED,
    )
    if decision.agreement != Agreement.AWAITING:
        prompt.status = Status.DECIDED       # a dismissal or "no further action" stays open until a manager agrees
        prompt.save(update_fields=["status"])
    _log(actor, prompt, decision, f"prompt decision: {outcome}", decision.reasons)
    return decision


def _log(actor, prompt: Prompt, decision: PromptDecision, action: str, reason: str) -> None:
    children = sorted(prompt.children.values_list("pk", flat=True))  # a context prompt names every child
    detail = {"prompt": prompt.pk, "rule": prompt.rule_id, "decision": decision.pk}
    if decision.agreement:
        detail["agreement"] = decision.agreement
    if children or prompt.context_id:
        detail.update(context=prompt.context_id, children=children)
    log_action(actor, action, persons=[prompt.person_id, *children], reason=reason, detail=detail)


def may_agree(user, decision: PromptDecision) -> bool:
    """A second person, a team manager or DSL of the agency that made the decision (the MASH's for a MASH decision)."""
    return (decision.agreement == Agreement.AWAITING and user.is_active and user.role in AGREEING_ROLES
            and user.pk != decision.decided_by_id and user.agency_id is not None
            and user.agency.code == decision.agency_code)


@transaction.atomic
def agree(decision: PromptDecision, *, actor, agreed: bool, reasons: str) -> PromptDecision:
    """A manager agrees a dismissal or "no further action" (the prompt closes) or returns it with reasons (the
    prompt stays open for a new decision). Like case decisions' sign-off (joinedup/decisions/services.py)."""
    decision = PromptDecision.objects.select_for_update().get(pk=decision.pk)
    if decision.agreement != Agreement.AWAITING:
        raise DecisionRefused("This decision does not await a manager's agreement.")
    if actor.pk == decision.decided_by_id:
        raise DecisionRefused("A decision needs a second person: ask a manager of your agency to agree it.")
    if not may_agree(actor, decision):
        raise DecisionRefused("A dismissal or “no further action” on a prompt is agreed by a team manager or "
                              "designated safeguarding lead of the agency that made it (the MASH's manager for a "
                              "MASH decision).")
    problem = reasons_problem(reasons, "your reasons for agreeing" if agreed else "why you return it")
    if problem:
        raise DecisionRefused(problem)
    decision.agreement = Agreement.AGREED if agreed else Agreement.RETURNED
    decision.agreed_by, decision.agreed_role = actor, actor.role
    decision.agreed_at, decision.agreement_reasons = timezone.now(), reasons.strip()
    decision.save(update_fields=["agreement", "agreed_by", "agreed_role", "agreed_at", "agreement_reasons"])
    prompt = Prompt.objects.select_for_update().get(pk=decision.prompt_id)
    if agreed:
        prompt.status = Status.DECIDED
        prompt.save(update_fields=["status"])
    _log(actor, prompt, decision, f"prompt decision {decision.agreement}", decision.agreement_reasons)
    return decision
