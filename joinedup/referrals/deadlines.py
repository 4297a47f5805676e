"""Referrals as casework records for the deadline rules: D01 (no MASH decision within one working day) and
D02 (the referrer not told the outcome), engine/casework/deadlines.yaml."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from joinedup.prompts.deadlines import register_deadline_source
from joinedup.referrals.models import Referral

__all__ = ["referral_records", "register"]


def _day(moment):
    return timezone.localtime(moment).date() if moment else None


def referral_records(person_ids=None):
    """Open referrals: not yet decided, or decided and the referrer not yet told.

    The label names the referring agency and the day only: a deadline prompt is read by anyone who may open
    the child, and the concern itself is for the MASH, the referrer's agency and the allocated worker.
    """
    referrals = Referral.objects.filter(Q(decided_at__isnull=True) | Q(feedback_at__isnull=True))
    if person_ids is not None:
        referrals = referrals.filter(person_id__in=list(person_ids))
    for r in referrals.select_related("referrer_agency"):
        agency = r.referrer_agency.name if r.referrer_agency_id else "a partner agency"
        yield {
            "kind": "referral", "key": r.pk, "person_key": r.person_id, "received_on": r.received_on,
            "decided_at": _day(r.decided_at), "feedback_at": _day(r.feedback_at),
            "label": f"R{r.pk} from {agency}",
            "assign_to": r.decided_by_id if r.decided_at else r.mash_worker_id, "team": "MASH",
        }


def register() -> None:
    register_deadline_source("referrals", referral_records,
                             links={"referral": lambda key: reverse("referrals:detail", args=[key])})
