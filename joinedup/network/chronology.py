"""Context prompts and their decisions on the chronology of each child they name (and of the adult one is about).

Shown only to readers who see the whole picture: a context prompt names other children, and where they
were, which a reader who sees part of the picture may not know.
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from joinedup.agencies.models import Agency
from joinedup.chronology.entries import ChronologyEntry
from joinedup.chronology.sources import ChronologyContext, register_source
from joinedup.prompts.models import Outcome, Prompt, PromptDecision

__all__ = ["register"]

_KINDS = [("context_prompt.raised", "Context prompt raised (a place, adult or group connecting children)", "prompt")] + [
    (f"context_decision.{code}", f"Decision on a context prompt: {label[0].lower()}{label[1:]}", "decision")
    for code, label in Outcome.choices
]


def _about(person) -> Q:
    return Q(children=person) | Q(person=person, children__isnull=False) | Q(person=person, context__isnull=False)


def context_prompts_and_decisions(context: ChronologyContext):
    if not getattr(context.user, "sees_whole_picture", False):
        return
    prompts = list(Prompt.objects.filter(_about(context.person)).distinct()
                   .select_related("context", "person", "assigned_to").prefetch_related("children"))
    if not prompts:
        return  # one query for a child no context prompt names
    for prompt in prompts:
        others = [c.display_name for c in prompt.children.all() if c.pk != context.person.pk]
        about = prompt.context.name if prompt.context_id else (
            prompt.person.display_name if prompt.person_id and prompt.person_id != context.person.pk else "")
        yield ChronologyEntry(
            key=f"context-prompt:{prompt.pk}", when=prompt.moment, time_known=False, recorded_at=prompt.raised_at,
            agency="JoinedUp (context prompts)", agency_code="joinedup", kind="context_prompt.raised", group="prompt",
            title=f"Context prompt raised: {prompt.title}" + (f" — {about}" if about else ""),
            significance="prompt", significance_label="significant — a pattern across records to consider",
            source="from agencies' records", note=prompt.explanation,
            details=(f"Other children named: {', '.join(others)}",) if others else (),
            action=f"sent to {prompt.assigned_to.get_full_name() if prompt.assigned_to else prompt.team or prompt.recipient}",
            outcome=prompt.get_status_display().lower(), link=reverse("prompts:detail", args=[prompt.pk]),
            origin="context prompts",
        )
    decisions = list(PromptDecision.objects.filter(prompt__in=[p.pk for p in prompts])
                     .select_related("prompt", "decided_by"))
    agencies = dict(Agency.objects.values_list("code", "name")) if decisions else {}
    for decision in decisions:
        yield ChronologyEntry(
            key=f"context-prompt-decision:{decision.pk}", when=decision.decided_at,
            agency=agencies.get(decision.agency_code, "–"), agency_code=decision.agency_code,
            kind=f"context_decision.{decision.outcome}", group="decision",
            title=f"Decision on context prompt “{decision.prompt.title}”: {decision.get_outcome_display()}",
            significance="decision", significance_label="significant — decision by an agency",
            author=decision.decided_by.get_full_name() or decision.decided_by.username, author_role=decision.role,
            source="first-hand", note=decision.reasons, action=decision.get_outcome_display(),
            outcome="prompt closed", link=reverse("prompts:detail", args=[decision.prompt_id]),
            origin="context prompts",
        )


def register() -> None:
    register_source("context prompts", context_prompts_and_decisions, kinds=_KINDS)
