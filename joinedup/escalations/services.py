"""Raising an escalation and taking it through its stages. Every refusal says why, in words a practitioner
can act on; every step is audited, on the child's chronology, and tells the people it concerns by email.

    raise_escalation(person, actor, against=..., ...)   against a named decision; stage 1 starts
    respond(escalation, actor, response=...)            the response at the current stage
    next_stage(escalation, actor, reasons=..., ...)     not resolved here: the next stage, with reasons
    resolve(escalation, actor, outcome=...)             ends with an agreed outcome
    close(escalation, actor, reasons=..., outcome="")   ends without agreement (D04 asks for the outcome if none)
    record_outcome(escalation, actor, outcome=...)      the outcome of an escalation that ended without one
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from engine.casework import load_partnership
from engine.prompts.calendar import add_working_days
from joinedup.accounts.models import User
from joinedup.audit.services import log_action
from joinedup.core.reasons import reasons_problem
from joinedup.decisions.notify import absolute, partnership_unit_email, send_later
from joinedup.escalations.against import EXTERNAL, named_decision
from joinedup.escalations.models import Category, Escalation, Stage, Status
from joinedup.escalations.selectors import may_respond, on_raising_side
from joinedup.people.selectors import visible_people
from joinedup.prompts.deadlines import raise_overdue

__all__ = ["URGENT_WORKING_DAYS", "EscalationRefused", "close", "is_partnership_stage", "next_stage", "raise_escalation",
           "record_outcome", "resolve", "respond", "stage_due"]

URGENT_WORKING_DAYS = 1  # guidance §4.4: where there is risk of harm, act within 24 hours


class EscalationRefused(ValueError):
    """An escalation step that may not be recorded as given; the message says why."""


def _check(problem: str | None) -> None:
    if problem:
        raise EscalationRefused(problem)


def is_partnership_stage(code: str) -> bool:
    """The last configured stage is the safeguarding partnership's (its business unit is told)."""
    return load_partnership().escalation_stages[-1].code == code


def stage_due(code: str, started_on: date, urgent: bool) -> tuple[str, int, date]:
    """(stage name, working days allowed, due date) for a stage starting on `started_on`."""
    stage = load_partnership().stage(code)
    days = min(stage.working_days, URGENT_WORKING_DAYS) if urgent else stage.working_days
    return stage.name, days, add_working_days(started_on, days)


def _with(code: str, name: str, role: str, agency, email: str) -> dict:
    name, role, email = (name or "").strip(), (role or "").strip(), (email or "").strip()
    if len(name) < 2 or len(role) < 2:
        raise EscalationRefused("Say who this stage is with: their name and their role.")
    if agency is None and not is_partnership_stage(code):
        raise EscalationRefused("Say which agency the person this stage is with works for.")
    users = list(User.objects.filter(email__iexact=email, is_active=True)[:2]) if email else []
    return {"with_name": name, "with_role": role, "with_agency": agency, "with_email": email,
            "with_user": users[0] if len(users) == 1 else None}


def _start_stage(escalation: Escalation, code: str, actor, who: dict) -> Stage:
    now = timezone.now()
    name, days, due = stage_due(code, timezone.localtime(now).date(), escalation.urgent)
    number = escalation.stages.count() + 1
    stage = Stage.objects.create(escalation=escalation, number=number, code=code, name=name, working_days=days,
                                 started_at=now, started_by=actor, due_on=due, **who)
    _tell_stage(escalation, stage)
    return stage


def _tell_stage(escalation: Escalation, stage: Stage) -> None:
    raiser = escalation.raised_by
    urgent = " It is marked urgent: the child may be at risk of harm now." if escalation.urgent else ""
    lines = [
        f"{escalation.raiser_name} ({escalation.raised_by_role_display}, {escalation.raised_by_agency.name}) has "
        f"escalated a professional difference about a child ({escalation.reference}). It is now at stage "
        f"{stage.number}, {stage.name}, with {stage.with_words}.",
        f"What it is about: {escalation.get_category_display()}.",
        f"A response is due by {stage.due_on:%A %-d %B %Y}.{urgent}",
        f"Read it and record the response: {absolute('escalations:detail', escalation.pk)}",
        f"If you do not have a JoinedUp account, contact {escalation.raiser_name}"
        + (f" at {raiser.email}." if raiser.email else f" at {escalation.raised_by_agency.name}."),
    ]
    send_later([stage.with_user.email if stage.with_user_id else stage.with_email],
               f"an escalation is with you ({escalation.reference}, stage {stage.number}: {stage.name})", lines)
    if is_partnership_stage(stage.code):
        send_later([partnership_unit_email()],
                   f"an escalation has reached the partnership stage ({escalation.reference})", lines)


def _tell_parties(escalation: Escalation, what: str) -> None:
    addresses = [escalation.raised_by.email]
    for stage in escalation.stages.select_related("with_user"):
        addresses.append(stage.with_user.email if stage.with_user_id else stage.with_email)
    send_later(addresses, f"escalation {escalation.reference} {what}", [
        f"The escalation {escalation.reference} ({escalation.get_category_display()}) {what}.",
        f"Read the outcome and the whole timeline: {absolute('escalations:detail', escalation.pk)}"])


def _named(person, actor, against: str, external: dict) -> dict:
    if against == EXTERNAL:
        what = (external.get("external_decision") or "").strip()
        who = (external.get("external_decided_by") or "").strip()
        on = external.get("external_decided_on")
        if len(what.split()) < 3 or len(who.split()) < 2 or on is None:
            raise EscalationRefused("Describe the decision made outside JoinedUp: what was decided, who decided it "
                                    "(name, role and agency) and when.")
        if on > timezone.localdate():
            raise EscalationRefused("The decision you disagree with cannot have been made in the future.")
        return {"external_decision": what, "external_decided_by": who, "external_decided_on": on}
    found = named_decision(actor, person, against)
    if not found:
        raise EscalationRefused("Name the decision you disagree with: choose one of the decisions about this child, "
                                "or describe a decision made outside JoinedUp (who decided, when and what).")
    return found


@transaction.atomic
def raise_escalation(person, actor: User, *, against: str, category: str, concern: str, outcome_sought: str,
                     with_name: str, with_role: str, with_agency=None, with_email: str = "", urgent: bool = False,
                     start_stage: str = "", external: dict | None = None) -> Escalation:
    """Raise a professional difference about a child against a named decision; its first stage starts today."""
    if not actor.reads_case_data or not actor.agency_id:
        raise EscalationRefused("Your role does not raise escalations about children.")
    if not visible_people(actor).filter(pk=person.pk).exists():
        raise EscalationRefused("You may not raise escalations about this person.")
    if person.person_type != "child":
        raise EscalationRefused("Escalations are raised about children.")
    if category not in Category.values:
        raise EscalationRefused("Say what the difference is about: levels of need, roles and responsibilities, "
                                "need for action, or communication.")
    _check(reasons_problem(concern, "what the concern is, and the evidence for it"))
    _check(reasons_problem(outcome_sought, "the outcome you are seeking for the child"))
    named = _named(person, actor, against, external or {})
    codes = [stage.code for stage in load_partnership().escalation_stages]
    start_stage = start_stage or codes[0]
    if start_stage not in codes:
        raise EscalationRefused(f"Choose the stage the escalation starts at ({', '.join(codes)}).")
    who = _with(start_stage, with_name, with_role, with_agency, with_email)
    escalation = Escalation.objects.create(
        person=person, raised_by=actor, raised_by_agency_id=actor.agency_id, raised_by_role=actor.role,
        category=category, concern=concern.strip(), outcome_sought=outcome_sought.strip(), urgent=urgent, **named)
    stage = _start_stage(escalation, start_stage, actor, who)
    log_action(actor, "escalation raised", persons=[person.pk], reason=escalation.concern,
               detail={"escalation": escalation.pk, "against": against, "stage": stage.code})
    return escalation


def _open(escalation: Escalation) -> tuple[Escalation, Stage]:
    escalation = Escalation.objects.select_for_update().select_related("raised_by", "raised_by_agency").get(
        pk=escalation.pk)
    if not escalation.is_open:
        raise EscalationRefused(f"This escalation has ended ({escalation.get_status_display().lower()}).")
    return escalation, escalation.current_stage()


def _raising_side(actor, escalation: Escalation) -> None:
    if not on_raising_side(actor, escalation):
        raise EscalationRefused(f"Only {escalation.raiser_name} or a colleague at {escalation.raised_by_agency.name}, "
                                "who raised the escalation, can move it on, resolve it or end it.")


def _after(escalation: Escalation) -> None:
    raise_overdue(person_ids=[escalation.person_id])


@transaction.atomic
def respond(escalation: Escalation, actor: User, *, response: str) -> Stage:
    escalation, stage = _open(escalation)
    if stage.responded_at:
        raise EscalationRefused("A response is already recorded at this stage: resolve the escalation, move it to "
                                "the next stage, or end it.")
    if not may_respond(actor, escalation, stage):
        raise EscalationRefused(f"The response at this stage is recorded by {stage.with_words}, their agency, or "
                                "the agency that raised the escalation.")
    _check(reasons_problem(response, "the response"))
    stage.response, stage.responded_at, stage.responded_by = response.strip(), timezone.now(), actor
    stage.save(update_fields=["response", "responded_at", "responded_by"])
    log_action(actor, "escalation response", persons=[escalation.person_id], reason=stage.response,
               detail={"escalation": escalation.pk, "stage": stage.number})
    if actor.pk != escalation.raised_by_id:
        send_later([escalation.raised_by.email], f"a response to your escalation ({escalation.reference})", [
            f"{actor.get_full_name() or actor.username} recorded a response at stage {stage.number} ({stage.name}).",
            f"Read it, then resolve the escalation or move it on: {absolute('escalations:detail', escalation.pk)}"])
    return stage


@transaction.atomic
def next_stage(escalation: Escalation, actor: User, *, reasons: str, with_name: str, with_role: str,
               with_agency=None, with_email: str = "") -> Stage:
    escalation, stage = _open(escalation)
    _raising_side(actor, escalation)
    partnership = load_partnership()
    codes = [s.code for s in partnership.escalation_stages]
    following = partnership.next_stage(stage.code) if stage.code in codes else None
    if following is None:
        raise EscalationRefused(f"This escalation is at the last stage ({stage.name}): resolve it with an agreed "
                                "outcome, or end it without agreement.")
    _check(reasons_problem(reasons, "why the difference is not resolved at this stage"))
    who = _with(following.code, with_name, with_role, with_agency, with_email)
    stage.ended_at, stage.moved_on_reasons = timezone.now(), reasons.strip()
    stage.save(update_fields=["ended_at", "moved_on_reasons"])
    new = _start_stage(escalation, following.code, actor, who)
    log_action(actor, "escalation moved to the next stage", persons=[escalation.person_id], reason=stage.moved_on_reasons,
               detail={"escalation": escalation.pk, "from": stage.code, "to": new.code})
    _after(escalation)
    return new


def _end(escalation: Escalation, stage: Stage, actor, status: str) -> None:
    now = timezone.now()
    escalation.status, escalation.closed_at, escalation.closed_by = status, now, actor
    if stage and stage.ended_at is None:
        stage.ended_at = now
        stage.save(update_fields=["ended_at"])


@transaction.atomic
def resolve(escalation: Escalation, actor: User, *, outcome: str) -> Escalation:
    escalation, stage = _open(escalation)
    _raising_side(actor, escalation)
    _check(reasons_problem(outcome, "the agreed outcome: what was agreed and what will change for the child"))
    _end(escalation, stage, actor, Status.RESOLVED)
    escalation.outcome, escalation.outcome_recorded_by, escalation.outcome_recorded_at = (
        outcome.strip(), actor, escalation.closed_at)
    escalation.save()
    log_action(actor, "escalation resolved", persons=[escalation.person_id], reason=escalation.outcome,
               detail={"escalation": escalation.pk, "stage": stage.code if stage else ""})
    _tell_parties(escalation, "was resolved with an agreed outcome")
    _after(escalation)
    return escalation


@transaction.atomic
def close(escalation: Escalation, actor: User, *, reasons: str, outcome: str = "") -> Escalation:
    """End without agreement. With no outcome recorded, D04 asks the raiser what happens now for the child."""
    escalation, stage = _open(escalation)
    _raising_side(actor, escalation)
    _check(reasons_problem(reasons, "why the escalation is ending without agreement"))
    if outcome.strip():
        _check(reasons_problem(outcome, "the outcome: what happens now for the child"))
    _end(escalation, stage, actor, Status.CLOSED)
    escalation.closing_reasons = reasons.strip()
    if outcome.strip():
        escalation.outcome, escalation.outcome_recorded_by, escalation.outcome_recorded_at = (
            outcome.strip(), actor, escalation.closed_at)
    escalation.save()
    log_action(actor, "escalation ended without agreement", persons=[escalation.person_id],
               reason=escalation.closing_reasons, detail={"escalation": escalation.pk, "outcome": bool(escalation.outcome)})
    _tell_parties(escalation, "ended without agreement")
    _after(escalation)
    return escalation


@transaction.atomic
def record_outcome(escalation: Escalation, actor: User, *, outcome: str) -> Escalation:
    escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
    if escalation.is_open:
        raise EscalationRefused("This escalation is still open: resolve it with an agreed outcome, or end it.")
    if escalation.outcome:
        raise EscalationRefused("The outcome of this escalation is already recorded.")
    _raising_side(actor, escalation)
    _check(reasons_problem(outcome, "the outcome: what happens now for the child"))
    escalation.outcome, escalation.outcome_recorded_by, escalation.outcome_recorded_at = (
        outcome.strip(), actor, timezone.now())
    escalation.save(update_fields=["outcome", "outcome_recorded_by", "outcome_recorded_at"])
    log_action(actor, "escalation outcome recorded", persons=[escalation.person_id], reason=escalation.outcome,
               detail={"escalation": escalation.pk})
    return escalation
