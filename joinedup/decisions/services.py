"""Recording a case decision and signing it off. Every refusal says why, in words a practitioner can act on.

    record_decision(person, actor, kind=..., reasons=..., ...)  R13 reasons, R18 help in place, R35 risk review
    sign_off(decision, actor, agreed=..., reasons=...)          R14 a second person, a team manager, confirms
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from engine.casework import load_partnership
from joinedup.accounts.models import Role, User
from joinedup.audit.services import log_action
from joinedup.core.reasons import reasons_problem
from joinedup.decisions.models import (
    ENDS_OR_REDUCES_HELP,
    MOVES_LEVEL,
    TAKES_NO_FURTHER,
    CaseDecision,
    Kind,
    RiskReview,
    SignOff,
)
from joinedup.decisions.nonengagement import prompts_calling_for_review
from joinedup.decisions.notify import absolute, send_later
from joinedup.people.selectors import visible_people

__all__ = ["MAX_DEFERRAL_DAYS", "DecisionRefused", "record_decision", "risk_review_needed", "sign_off"]

MAX_DEFERRAL_DAYS = 92  # a deferral longer than about three months is drift, not a decision (R21)
RISK_REVIEW_FIELDS = ("non_attendance_meaning", "risks_considered", "consulted", "shared_with", "shared_with_people")


class DecisionRefused(ValueError):
    """A decision (or sign-off) that may not be recorded as given; the message says why."""


def risk_review_needed(person, kind: str, today: date | None = None) -> list:
    """The prompts that make a risk review necessary for this decision (empty: none needed)."""
    if kind not in TAKES_NO_FURTHER:
        return []
    return list(prompts_calling_for_review(person, today or timezone.localdate()))


def _check(problem: str | None) -> None:
    if problem:
        raise DecisionRefused(problem)


def _levels(kind: str, from_level: str, to_level: str) -> None:
    levels = [level.code for level in load_partnership().continuum_of_need]
    names = ", ".join(level.name for level in load_partnership().continuum_of_need)
    if from_level not in levels or to_level not in levels:
        raise DecisionRefused(f"Say which level of help the child moves from and to ({names}).")
    moved = levels.index(to_level) - levels.index(from_level)
    if kind == Kind.STEP_DOWN and moved >= 0:
        raise DecisionRefused("A step-down moves the child to a lower level of help: choose a lower level to move to.")
    if kind == Kind.STEP_UP and moved <= 0:
        raise DecisionRefused("A step-up moves the child to a higher level of help: choose a higher level to move to.")


def _help_in_place(help_in_place: str, confirmed_with: str) -> None:
    if reasons_problem(help_in_place) or len(confirmed_with.split()) < 2:
        raise DecisionRefused(
            "A case may not be closed or stepped down on an untested assumption that help is in place (R18). "
            "Say what help is in place, what shows it is working, and who confirmed it (name, role and agency).")


def _deferral(deferred_until: date | None, awaiting: str, today: date) -> None:
    if deferred_until is None or deferred_until <= today:
        raise DecisionRefused("A deferred decision needs the date by which it will be made (after today).")
    if deferred_until > today + timedelta(days=MAX_DEFERRAL_DAYS):
        raise DecisionRefused(f"A decision may be deferred for at most {MAX_DEFERRAL_DAYS} days; a longer wait is "
                              "drift. Choose an earlier date, or record the decision now.")
    _check(reasons_problem(awaiting, "what the decision waits for"))


def _risk_review(review: dict | None, prompts: list, actor) -> dict | None:
    filled = review and any(review.get(name) for name in RISK_REVIEW_FIELDS)
    if not prompts and not filled:
        return None
    if not filled:
        titles = "; ".join(sorted({f"{p.rule_id} {p.title}" for p in prompts}))
        raise DecisionRefused(
            f"This child was not brought to appointments, or the family did not engage (prompts: {titles}). "
            "Non-attendance must not lead to a case being closed without reviewing risk and sharing it (R35): "
            "record a risk review — what the missed appointments mean for the child, the risks considered, "
            "who was consulted, and which agencies the decision and the risk were shared with.")
    _check(reasons_problem(review.get("non_attendance_meaning"), "what the missed appointments mean for the child"))
    _check(reasons_problem(review.get("risks_considered"), "the risks considered and why the decision is safe"))
    if len((review.get("consulted") or "").split()) < 2:
        raise DecisionRefused("Say who was consulted in the risk review (names, roles and agencies).")
    agencies = list(review.get("shared_with") or [])
    if not any(getattr(a, "pk", a) != actor.agency_id for a in agencies):
        raise DecisionRefused("Share the decision and the risk review with at least one other agency that works "
                              "with the child (R35), and say which.")
    return review


@transaction.atomic
def record_decision(person, actor: User, *, kind: str, reasons: str, from_level: str = "", to_level: str = "",
                    help_in_place: str = "", help_confirmed_with: str = "", deferred_until: date | None = None,
                    awaiting: str = "", risk_review: dict | None = None) -> CaseDecision:
    """Record one agency's decision about a child; it awaits a team manager's sign-off (R14)."""
    if not actor.reads_case_data or not actor.agency_id:
        raise DecisionRefused("Your role does not record decisions about children.")
    if not visible_people(actor).filter(pk=person.pk).exists():
        raise DecisionRefused("You may not record decisions about this person.")
    if person.person_type != "child":
        raise DecisionRefused("Case decisions are recorded about children.")
    if kind not in Kind.values:
        raise DecisionRefused("Choose what was decided.")
    today = timezone.localdate()
    _check(reasons_problem(reasons, "the reasons for the decision"))
    if kind in MOVES_LEVEL:
        _levels(kind, from_level, to_level)
    else:
        from_level = to_level = ""
    if kind in ENDS_OR_REDUCES_HELP:
        _help_in_place(help_in_place.strip(), help_confirmed_with.strip())
    if kind == Kind.DEFERRAL:
        _deferral(deferred_until, awaiting, today)
    else:
        deferred_until, awaiting = None, ""
    prompts = risk_review_needed(person, kind, today)
    review = _risk_review(risk_review, prompts, actor)

    decision = CaseDecision.objects.create(
        person=person, kind=kind, agency_id=actor.agency_id, decided_by=actor, role=actor.role,
        job_title=actor.job_title, reasons=reasons.strip(), from_level=from_level, to_level=to_level,
        help_in_place=help_in_place.strip(), help_confirmed_with=help_confirmed_with.strip(),
        deferred_until=deferred_until, awaiting=awaiting.strip())
    if review:
        stored = RiskReview.objects.create(
            decision=decision, non_attendance_meaning=review["non_attendance_meaning"].strip(),
            risks_considered=review["risks_considered"].strip(), consulted=review["consulted"].strip(),
            shared_with_people=(review.get("shared_with_people") or "").strip())
        stored.shared_with.set(review["shared_with"])
        stored.prompts.set(prompts)
    log_action(actor, f"case decision: {kind}", persons=[person.pk], reason=decision.reasons,
               detail={"decision": decision.pk, "risk_review": bool(review),
                       "prompts_reviewed": [p.pk for p in prompts]})
    managers = User.objects.filter(agency_id=actor.agency_id, role=Role.TEAM_MANAGER, is_active=True).exclude(pk=actor.pk)
    if actor.team and managers.filter(team=actor.team).exists():
        managers = managers.filter(team=actor.team)     # the decider's own team's managers, where it has any
    send_later([m.email for m in managers], f"a decision awaits your sign-off ({decision.reference})", [
        f"{decision.decider_name} ({decision.role_display}) recorded a decision — {decision.get_kind_display().lower()} "
        f"— that needs a team manager's sign-off before it stands.",
        f"Read it and sign it off, or say why you do not agree: {absolute('decisions:detail', decision.pk)}"])
    return decision


@transaction.atomic
def sign_off(decision: CaseDecision, actor: User, *, agreed: bool, reasons: str) -> CaseDecision:
    """A team manager of the same agency, not the decider, agrees (the decision stands) or does not, with reasons."""
    decision = CaseDecision.objects.select_for_update().get(pk=decision.pk)
    if decision.sign_off != SignOff.AWAITING:
        raise DecisionRefused(f"This decision has already been {decision.get_sign_off_display().lower()}.")
    if actor.role != Role.TEAM_MANAGER:
        raise DecisionRefused("Only a team manager can sign off a decision (R14: a decision to take concerns no "
                              "further is as significant as an escalation and has the same sign-off).")
    if actor.pk == decision.decided_by_id:
        raise DecisionRefused("A decision needs a second person: ask another team manager to sign it off.")
    if actor.agency_id != decision.agency_id:
        raise DecisionRefused(f"Sign-off is by a team manager of {decision.agency.name}, the agency that made the decision.")
    if not visible_people(actor).filter(pk=decision.person_id).exists():
        raise DecisionRefused("You may not sign off decisions about this child.")
    _check(reasons_problem(reasons, "your reasons for agreeing" if agreed else "why you do not agree"))
    decision.sign_off = SignOff.SIGNED_OFF if agreed else SignOff.NOT_AGREED
    decision.signed_off_by, decision.signed_off_role = actor, actor.role
    decision.signed_off_at, decision.sign_off_reasons = timezone.now(), reasons.strip()
    decision.save(update_fields=["sign_off", "signed_off_by", "signed_off_role", "signed_off_at", "sign_off_reasons"])
    log_action(actor, f"case decision {decision.sign_off}", persons=[decision.person_id], reason=decision.sign_off_reasons,
               detail={"decision": decision.pk, "kind": decision.kind})
    send_later([decision.decided_by.email], f"your decision was {decision.get_sign_off_display().lower()} "
               f"({decision.reference})", [
                   f"{actor.get_full_name() or actor.username} recorded the sign-off of your decision with reasons.",
                   f"Read it: {absolute('decisions:detail', decision.pk)}"])
    return decision

