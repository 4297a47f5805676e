"""Case decisions and their sign-off on the child's chronology (R13, R14): a decision to take concerns no
further is as visible as an escalation. Readers see their own agency's decisions, those shared with their
agency by a risk review (R35), and every agency's when they see the whole picture."""

from __future__ import annotations

from django.urls import reverse

from engine.casework import load_partnership
from joinedup.chronology.entries import ChronologyEntry
from joinedup.chronology.sources import ChronologyContext, register_source
from joinedup.decisions.models import CaseDecision, Kind, RiskReview, SignOff

__all__ = ["KINDS", "case_decisions", "register"]

KINDS = [(f"case_decision.{code}", f"Case decision: {label[0].lower()}{label[1:]}", "decision")
         for code, label in Kind.choices] + [
    ("case_decision.signed_off", "Case decision signed off by a manager", "decision"),
    ("case_decision.not_agreed", "Case decision not agreed by a manager", "decision"),
]


def _details(decision: CaseDecision, review: RiskReview | None, levels: dict) -> tuple[str, ...]:
    out = []
    if decision.from_level:
        out.append(f"From: {levels.get(decision.from_level, decision.from_level)}; "
                   f"to: {levels.get(decision.to_level, decision.to_level)}")
    if decision.help_in_place:
        out.append(f"Help in place: {decision.help_in_place} (confirmed with {decision.help_confirmed_with})")
    if decision.deferred_until:
        out.append(f"Deferred until {decision.deferred_until:%-d %b %Y}, waiting for: {decision.awaiting}")
    if review:
        out.append(f"Risk review — what the missed appointments mean for the child: {review.non_attendance_meaning}")
        out.append(f"Risks considered: {review.risks_considered}")
        out.append(f"Consulted: {review.consulted}")
        shared = ", ".join(a.name for a in review.shared_with.all())
        out.append(f"Decision and risk shared with: {shared}"
                   + (f" ({review.shared_with_people})" if review.shared_with_people else ""))
    return tuple(out)


def case_decisions(context: ChronologyContext):
    levels = {level.code: level.name for level in load_partnership().continuum_of_need}
    decisions = CaseDecision.objects.filter(person=context.person).select_related("agency", "decided_by",
                                                                                  "signed_off_by")
    reviews = {r.decision_id: r for r in RiskReview.objects.filter(decision__person=context.person)
               .prefetch_related("shared_with")}
    for decision in decisions:
        review = reviews.get(decision.pk)
        shared = review is not None and any(a.pk == context.agency_id for a in review.shared_with.all())
        if not (context.may_see_agency(decision.agency_id) or shared):
            continue
        link = reverse("decisions:detail", args=[decision.pk])
        yield ChronologyEntry(
            key=f"case-decision:{decision.pk}", when=decision.decided_at, recorded_at=decision.decided_at,
            agency=decision.agency.name, agency_code=decision.agency.code, kind=f"case_decision.{decision.kind}",
            group="decision", title=f"Case decision: {decision.get_kind_display()} ({decision.reference})",
            significance="decision", significance_label="significant — decision by an agency",
            author=decision.decider_name, author_role=decision.role_display, source="first-hand",
            details=_details(decision, review, levels), note=decision.reasons, action=decision.get_kind_display(),
            outcome=decision.get_sign_off_display().lower(), link=link, origin="decisions")
        if decision.sign_off != SignOff.AWAITING:
            signer = decision.signed_off_by
            yield ChronologyEntry(
                key=f"case-decision-sign-off:{decision.pk}", when=decision.signed_off_at,
                recorded_at=decision.signed_off_at, agency=decision.agency.name, agency_code=decision.agency.code,
                kind=f"case_decision.{decision.sign_off}", group="decision",
                title=(f"{decision.get_sign_off_display()}: {decision.get_kind_display().lower()} "
                       f"({decision.reference})"),
                significance="decision", significance_label="significant — decision by an agency",
                author=signer.get_full_name() or signer.username, author_role="Team manager", source="first-hand",
                note=decision.sign_off_reasons, action="manager sign-off",
                outcome="the decision stands" if decision.stands else "the decision does not stand",
                link=link, origin="decisions")


def register() -> None:
    register_source("case decisions", case_decisions, kinds=KINDS)
