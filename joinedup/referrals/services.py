"""Making a referral, the MASH's decision and feedback to the referrer: one path for the pages and the API.

Each step checks its input (reasons written, need level from the partnership's continuum, consent or the
reason for sharing without it), records who did it and when, and writes the action log in the same
transaction. Nothing here decides for anyone: it records decisions with their reasons (R13).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from joinedup.audit.services import log_action
from joinedup.core.reasons import Refused, require_text
from joinedup.people.models import Person
from joinedup.people.selectors import visible_people
from joinedup.referrals import notify
from joinedup.referrals.continuum import need_level_choices
from joinedup.referrals.models import Consent, Outcome, Referral
from joinedup.referrals.selectors import may_decide, may_refer

__all__ = ["CONSENT_NOT_A_BARRIER", "Refused", "decide", "give_feedback", "make_referral", "mark_feedback_read",
           "pick_up"]

CONSENT_NOT_A_BARRIER = (
    "Consent is not a barrier to a referral when a child may be at risk of significant harm: share without it "
    "when seeking it could place the child or anyone else at greater risk, could prejudice an investigation, "
    "or would cause delay. Say which applies, and whether the family knows of the referral."
)


def _role_words(user) -> str:
    return user.job_title or user.get_role_display()


def _levels() -> set[str]:
    return {code for code, _ in need_level_choices()}


@transaction.atomic
def make_referral(*, referrer, person: Person, need_level: str, concern: str, wanted_outcome: str, consent: str,
                  consent_reason: str = "") -> Referral:
    """Record a referral to children's social care / the MASH; the MASH's clock starts today."""
    if not may_refer(referrer):
        raise Refused({"__all__": "Your role does not make referrals in JoinedUp; the MASH receives them."})
    if not visible_people(referrer).filter(pk=person.pk).exists():
        raise Refused({"person": "You may only refer a child your agency works with; ask the MASH."})
    errors: dict = {}
    if person.person_type != "child":
        errors["person"] = ["A referral to children's social care is about a child."]
    if need_level not in _levels():
        errors["need_level"] = ["Choose the level of need you think applies, from the partnership's continuum."]
    concern = require_text(errors, "concern", concern,
                           "Describe the concern: what you have seen or heard, when, and why it worries you "
                           "about the child's safety or welfare.", min_chars=40, min_words=6)
    wanted_outcome = require_text(errors, "wanted_outcome", wanted_outcome,
                                  "Say what you want to happen (for example an assessment, a strategy discussion, "
                                  "early help or advice).", min_chars=15, min_words=3)
    if consent not in Consent.values:
        errors["consent"] = ["Say whether the family consented to this referral."]
    elif consent != Consent.GIVEN:
        consent_reason = require_text(errors, "consent_reason", consent_reason,
                                      "Consent was not given: write why you are referring without it. "
                                      + CONSENT_NOT_A_BARRIER)
    if errors:
        raise Refused(errors)
    referral = Referral.objects.create(
        person=person, referrer=referrer, referrer_agency=referrer.agency, referrer_role=_role_words(referrer),
        need_level=need_level, concern=concern, wanted_outcome=wanted_outcome, consent=consent,
        consent_reason=(consent_reason or "").strip(), received_on=timezone.localdate(),
    )
    log_action(referrer, "referral made", persons=[person.pk], reason=concern,
               detail={"referral": referral.pk, "need_level": need_level, "consent": consent})
    from joinedup.inbox.services import deliver_referral

    deliver_referral(referral)
    notify.notify_referral_received(referral)
    return referral


def _locked(referral: Referral) -> Referral:
    return Referral.objects.select_for_update(of=("self",)).select_related("referrer", "referrer_agency").get(pk=referral.pk)


@transaction.atomic
def pick_up(referral: Referral, *, actor) -> Referral:
    """A MASH officer takes the referral: deadline prompts and new information about the child go to them."""
    if not may_decide(actor):
        raise Refused({"__all__": "Only a MASH officer picks up referrals."})
    referral = _locked(referral)
    if referral.decided_at:
        raise Refused({"__all__": "This referral has already been decided."})
    referral.mash_worker = actor
    referral.save(update_fields=["mash_worker"])
    log_action(actor, "referral picked up", persons=[referral.person_id], detail={"referral": referral.pk})
    return referral


@transaction.atomic
def decide(referral: Referral, *, actor, outcome: str, mash_need_level: str, reasons: str) -> Referral:
    """The MASH's decision on the type of response, with its view of the need level and written reasons."""
    if not may_decide(actor):
        raise Refused({"__all__": "Only a MASH officer records the decision on a referral."})
    referral = _locked(referral)
    if referral.decided_at:
        raise Refused({"__all__": "This referral has already been decided; the decision is on the child's "
                                  "chronology."})
    errors: dict = {}
    if outcome not in Outcome.values:
        errors["outcome"] = ["Choose the type of response decided."]
    if mash_need_level not in _levels():
        errors["mash_need_level"] = ["Choose the level of need the MASH thinks applies."]
    reasons = require_text(errors, "reasons", reasons,
                           "Write the reasons for the decision: what you considered (the referral, what other "
                           "agencies hold, the child's history) and why this response. A decision of no further "
                           "action needs reasons as much as any other.", min_chars=40, min_words=6)
    if errors:
        raise Refused(errors)
    referral.outcome, referral.mash_need_level, referral.decision_reasons = outcome, mash_need_level, reasons
    referral.decided_by, referral.decided_at = actor, timezone.now()
    referral.mash_worker = referral.mash_worker or actor
    referral.save(update_fields=["outcome", "mash_need_level", "decision_reasons", "decided_by", "decided_at",
                                 "mash_worker"])
    log_action(actor, f"referral decision: {outcome}", persons=[referral.person_id], reason=reasons,
               detail={"referral": referral.pk, "need_level": mash_need_level,
                       "referrer_need_level": referral.need_level})
    return referral


@transaction.atomic
def give_feedback(referral: Referral, *, actor, feedback: str, next_steps: str) -> Referral:
    """Tell the referrer what was decided and what will happen next (R03): a notice in JoinedUp and an email."""
    if not may_decide(actor):
        raise Refused({"__all__": "Only a MASH officer gives feedback on a referral."})
    referral = _locked(referral)
    if not referral.decided_at:
        raise Refused({"__all__": "Record the MASH's decision before telling the referrer the outcome."})
    if referral.feedback_at:
        raise Refused({"__all__": "The referrer has already been told the outcome of this referral."})
    errors: dict = {}
    feedback = require_text(errors, "feedback", feedback,
                            "Tell the referrer what was decided and why, in words they can act on.")
    next_steps = require_text(errors, "next_steps", next_steps,
                              "Say what will happen next, who will do it, and what the referrer should do if the "
                              "concerns continue.")
    if errors:
        raise Refused(errors)
    referral.feedback, referral.next_steps = feedback, next_steps
    referral.feedback_by, referral.feedback_at = actor, timezone.now()
    referral.save(update_fields=["feedback", "next_steps", "feedback_by", "feedback_at"])
    log_action(actor, "referral feedback given", persons=[referral.person_id], reason=feedback,
               detail={"referral": referral.pk, "referrer": referral.referrer_id})
    notify.notify_feedback(referral)
    return referral


def mark_feedback_read(referral: Referral, reader) -> None:
    """The referrer opened the feedback: the notice on My referrals stops asking for attention."""
    if reader.pk == referral.referrer_id and referral.feedback_at and not referral.feedback_read_at:
        Referral.objects.filter(pk=referral.pk, feedback_read_at__isnull=True).update(feedback_read_at=timezone.now())
        referral.feedback_read_at = timezone.now()
