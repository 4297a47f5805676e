"""Prompts and their decisions on the child's chronology: a decision of no further action is as visible as
an escalation (R13, R14), and the day a pattern was noticed sits beside the events that made it."""

from __future__ import annotations

from django.urls import reverse

from joinedup.agencies.models import Agency
from joinedup.chronology.entries import ChronologyEntry
from joinedup.chronology.sources import ChronologyContext, register_source
from joinedup.prompts.models import Agreement, Outcome, Prompt, PromptDecision
from joinedup.prompts.selectors import about_a_context

__all__ = ["register"]

_KINDS = [("prompt.raised", "Prompt raised", "prompt")] + [
    (f"decision.{code}", f"Decision on a prompt: {label[0].lower()}{label[1:]}", "decision")
    for code, label in Outcome.choices
] + [("decision.prompt_agreement", "A manager's agreement on a prompt decision (agreed or returned)", "decision")]

_AFTER = {Agreement.NOT_NEEDED: "prompt closed", Agreement.AWAITING: "awaiting a manager's agreement; prompt open",
          Agreement.AGREED: "agreed by a manager; prompt closed",
          Agreement.RETURNED: "returned by a manager; prompt open for another decision"}


def prompts_and_decisions(context: ChronologyContext):
    """Prompts about the child, and each decision that closed one (shown by the decider's agency's rules).
    Context prompts are shown by their own source (joinedup/network/chronology.py), to whole-picture readers."""
    prompts = Prompt.objects.filter(person=context.person).exclude(about_a_context())
    link_prompts = context.whole_picture
    for prompt in prompts:
        yield ChronologyEntry(
            key=f"prompt:{prompt.pk}", when=prompt.moment, time_known=False, recorded_at=prompt.raised_at,
            agency="JoinedUp (prompt catalogue)", agency_code="joinedup", kind="prompt.raised", group="prompt",
            title=f"Prompt raised: {prompt.title}", significance="prompt",
            significance_label="significant — a pattern across records to consider",
            source="from agencies' records", note=prompt.explanation,
            action=f"sent to {prompt.assigned_to.get_full_name() if prompt.assigned_to else prompt.team or prompt.recipient}",
            outcome=prompt.get_status_display().lower(),
            link=reverse("prompts:detail", args=[prompt.pk]) if link_prompts else "", origin="prompts",
        )
    agencies = {code: (pk, name) for code, pk, name in Agency.objects.values_list("code", "id", "name")}
    decisions = (PromptDecision.objects.filter(prompt__in=Prompt.objects.filter(person=context.person)
                                               .exclude(about_a_context()))
                 .select_related("prompt", "decided_by", "agreed_by"))
    for decision in decisions:
        agency_id, agency_name = agencies.get(decision.agency_code, (None, "–"))
        if not context.may_see_agency(agency_id):
            continue
        yield ChronologyEntry(
            key=f"prompt-decision:{decision.pk}", when=decision.decided_at, agency=agency_name,
            agency_code=decision.agency_code, kind=f"decision.{decision.outcome}", group="decision",
            title=f"Decision on prompt “{decision.prompt.title}”: {decision.get_outcome_display()}",
            significance="decision", significance_label="significant — decision by an agency",
            author=decision.decided_by.get_full_name() or decision.decided_by.username, author_role=decision.role,
            source="first-hand", note=decision.reasons, action=decision.get_outcome_display(),
            outcome=_AFTER[decision.agreement], origin="prompts",
        )
        if decision.agreed_by_id:
            yield ChronologyEntry(
                key=f"prompt-agreement:{decision.pk}", when=decision.agreed_at, agency=agency_name,
                agency_code=decision.agency_code, kind="decision.prompt_agreement", group="decision",
                title=f"{decision.get_agreement_display()}: {decision.get_outcome_display().lower()} on prompt "
                      f"“{decision.prompt.title}”",
                significance="decision", significance_label="significant — decision by an agency",
                author=decision.agreed_by.get_full_name() or decision.agreed_by.username,
                author_role=decision.agreed_role, source="first-hand", note=decision.agreement_reasons,
                action=decision.get_agreement_display(), outcome=_AFTER[decision.agreement], origin="prompts",
            )


def register() -> None:
    register_source("prompts", prompts_and_decisions, kinds=_KINDS)
