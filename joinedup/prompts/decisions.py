"""Closing a prompt: a decision from the catalogue's list and written reasons, by a named person (R13, R14)."""

from django.db import transaction

from joinedup.audit.services import log_action
from joinedup.core.reasons import is_trivial
from joinedup.prompts.models import Outcome, Prompt, PromptDecision, Status
from joinedup.prompts.selectors import may_decide

__all__ = ["NOT_YOURS_TO_DECIDE", "DecisionRefused", "NotYoursToDecide", "addressee", "decide"]


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
    )
    prompt.status = Status.DECIDED
    prompt.save(update_fields=["status"])
    children = sorted(prompt.children.values_list("pk", flat=True))  # a context prompt names every child
    detail = {"prompt": prompt.pk, "rule": prompt.rule_id, "decision": decision.pk}
    if children or prompt.context_id:
        detail.update(context=prompt.context_id, children=children)
    log_action(actor, f"prompt decision: {outcome}", persons=[prompt.person_id, *children], reason=decision.reasons,
               detail=detail)
    return decision
