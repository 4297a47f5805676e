"""An escalation's whole timeline on the child's chronology (R15: "an accurate timeline of events, responses
and actions taken", 003 L137-148): raised, each stage started, each response, resolved or ended, and an
outcome recorded afterwards. The parties to the difference and whole-picture readers see it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse

from joinedup.chronology.entries import ChronologyEntry
from joinedup.chronology.sources import ChronologyContext, register_source
from joinedup.escalations.against import describe
from joinedup.escalations.models import Escalation, Status
from joinedup.escalations.selectors import escalations_for

__all__ = ["KINDS", "Happening", "register", "timeline"]

KINDS = [
    ("escalation.raised", "Escalation raised", "escalation"),
    ("escalation.stage", "Escalation moved to the next stage", "escalation"),
    ("escalation.response", "Response to an escalation", "escalation"),
    ("escalation.resolved", "Escalation resolved with an agreed outcome", "escalation"),
    ("escalation.closed", "Escalation ended without agreement", "escalation"),
    ("escalation.outcome", "Outcome of an escalation recorded", "escalation"),
]


@dataclass(frozen=True)
class Happening:
    """One step of an escalation's timeline, as the escalation page and the chronology both show it."""

    key: str
    kind: str
    when: datetime
    title: str
    who: str
    text: str
    details: tuple[str, ...] = ()
    outcome: str = ""


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def timeline(escalation: Escalation) -> list[Happening]:
    ref = escalation.reference
    stages = list(escalation.stages.select_related("with_agency", "started_by", "responded_by"))
    out = []
    for stage in stages:
        due = f"response due by {stage.due_on:%-d %b %Y}"
        if stage.number == 1:
            out.append(Happening(
                f"{ref}:raised", "escalation.raised", escalation.raised_at,
                f"Escalation raised ({ref}): {escalation.get_category_display()}",
                f"{escalation.raiser_name}, {escalation.raised_by_role_display}, {escalation.raised_by_agency.name}",
                escalation.concern,
                (f"Against: {describe(escalation)}", f"Outcome sought: {escalation.outcome_sought}",
                 f"Stage 1: {stage.name}, with {stage.with_words}; {due}"
                 + ("; urgent: risk of harm now" if escalation.urgent else "")),
                "open"))
        else:
            before = stages[stage.number - 2]
            out.append(Happening(
                f"{ref}:stage:{stage.number}", "escalation.stage", stage.started_at,
                f"Escalation {ref} moved to stage {stage.number}: {stage.name}", _name(stage.started_by),
                before.moved_on_reasons, (f"With {stage.with_words}; {due}",), f"at stage {stage.number}"))
        if stage.responded_at:
            out.append(Happening(
                f"{ref}:response:{stage.number}", "escalation.response", stage.responded_at,
                f"Response at stage {stage.number} ({stage.name}) of escalation {ref}", _name(stage.responded_by),
                stage.response, (f"From {stage.with_words}",), "response recorded"))
    if escalation.closed_at:
        resolved = escalation.status == Status.RESOLVED
        out.append(Happening(
            f"{ref}:ended", "escalation.resolved" if resolved else "escalation.closed", escalation.closed_at,
            f"Escalation {ref} resolved with an agreed outcome" if resolved else f"Escalation {ref} ended without agreement",
            _name(escalation.closed_by),
            escalation.outcome if resolved else escalation.closing_reasons,
            () if resolved or not escalation.outcome else (f"Outcome: {escalation.outcome}",),
            "resolved" if resolved else ("ended; outcome recorded" if escalation.outcome else "ended; no outcome recorded")))
        later = escalation.outcome_recorded_at and escalation.outcome_recorded_at != escalation.closed_at
        if escalation.outcome and later:
            out.append(Happening(
                f"{ref}:outcome", "escalation.outcome", escalation.outcome_recorded_at,
                f"Outcome of escalation {ref} recorded", _name(escalation.outcome_recorded_by), escalation.outcome,
                (), "outcome recorded"))
    return sorted(out, key=lambda h: (h.when, h.key))


def escalation_timelines(context: ChronologyContext):
    escalations = (escalations_for(context.user).filter(person=context.person)
                   .select_related("case_decision__agency", "case_decision__decided_by", "referral",
                                   "prompt_decision__prompt", "closed_by", "outcome_recorded_by"))
    for escalation in escalations:
        link = reverse("escalations:detail", args=[escalation.pk])
        agency = escalation.raised_by_agency
        for step in timeline(escalation):
            yield ChronologyEntry(
                key=f"escalation:{step.key}", when=step.when, recorded_at=step.when, agency=agency.name,
                agency_code=agency.code, kind=step.kind, group="escalation", title=step.title,
                significance="escalation", significance_label="significant — professional difference escalated",
                author=step.who, source="first-hand", details=step.details, note=step.text,
                action=step.title.split(":")[0], outcome=step.outcome or "not recorded", link=link,
                origin="escalations")


def register() -> None:
    register_source("escalations", escalation_timelines, kinds=KINDS)
