"""Referrals on the child's chronology: the referral, the MASH's decision and the feedback to the referrer.

The referrer's agency sees its referral and what it was told; the MASH and the child's allocated worker
(the whole picture) also see the MASH's decision with its reasons.
"""

from __future__ import annotations

from django.urls import reverse

from joinedup.chronology.entries import ChronologyEntry
from joinedup.chronology.sources import ChronologyContext, register_source
from joinedup.referrals.continuum import need_level_name
from joinedup.referrals.models import Outcome, Referral

__all__ = ["register"]

KINDS = [("referral.made", "Referral to the MASH", "referral")] + [
    (f"referral.decision.{code}", f"MASH decision: {label[0].lower()}{label[1:]}", "decision")
    for code, label in Outcome.choices
] + [("referral.feedback", "Feedback to the referrer", "referral")]

_SIGNIFICANT = "significant — decision by an agency"


def _name(user) -> str:
    return user.get_full_name() or user.username


def referral_rows(context: ChronologyContext):
    referrals = Referral.objects.filter(person=context.person).select_related(
        "referrer", "referrer_agency", "decided_by", "feedback_by")
    for r in referrals:
        own = context.may_see_agency(r.referrer_agency_id)
        if not own:
            continue
        agency = r.referrer_agency.name if r.referrer_agency_id else "–"
        code = r.referrer_agency.code if r.referrer_agency_id else ""
        link = reverse("referrals:detail", args=[r.pk])
        yield ChronologyEntry(
            key=f"referral:{r.pk}", when=r.created_at, recorded_at=r.created_at, agency=agency, agency_code=code,
            kind="referral.made", group="referral", title="Referral to children's social care (MASH)",
            significance="referral", significance_label="significant — referral to children's social care",
            author=_name(r.referrer), author_role=r.referrer_role, source="first-hand", note=r.concern,
            details=(f"Level of need the referrer thinks applies: {need_level_name(r.need_level)}",
                     f"What the referrer wants to happen: {r.wanted_outcome}",
                     f"Consent: {r.get_consent_display()}" + (f" ({r.consent_reason})" if r.consent_reason else "")),
            action="referred to the MASH", outcome=r.status.lower(), link=link, origin="referrals",
        )
        if r.decided_at and context.whole_picture:
            yield ChronologyEntry(
                key=f"referral-decision:{r.pk}", when=r.decided_at, recorded_at=r.decided_at, agency="MASH",
                agency_code=r.decided_by.agency.code if r.decided_by.agency_id else "mash",
                kind=f"referral.decision.{r.outcome}", group="decision",
                title=f"MASH decision on the referral from {agency}: {r.get_outcome_display()}",
                significance="decision", significance_label=_SIGNIFICANT, author=_name(r.decided_by),
                author_role=r.decided_by.job_title or r.decided_by.get_role_display(), source="first-hand",
                note=r.decision_reasons, details=(f"MASH's view of the level of need: {need_level_name(r.mash_need_level)}",),
                action=r.get_outcome_display(), outcome="decided", link=link, origin="referrals",
            )
        if r.feedback_at:
            yield ChronologyEntry(
                key=f"referral-feedback:{r.pk}", when=r.feedback_at, recorded_at=r.feedback_at, agency="MASH",
                agency_code=r.feedback_by.agency.code if r.feedback_by.agency_id else "mash",
                kind="referral.feedback", group="referral",
                title=f"Referrer told the outcome: {r.get_outcome_display()}", significance="referral",
                significance_label="significant — feedback to the referrer", author=_name(r.feedback_by),
                source="first-hand", note=r.feedback, details=(f"What will happen next: {r.next_steps}",),
                action=f"feedback to {_name(r.referrer)} ({agency})", outcome=r.get_outcome_display(), link=link,
                origin="referrals",
            )


def register() -> None:
    register_source("referrals", referral_rows, kinds=KINDS)
