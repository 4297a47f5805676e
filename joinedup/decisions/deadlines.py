"""Deferred decisions as casework records for D09 (engine/casework/deadlines.yaml): a decision deferred to a
date must be made by then (R14: deferring is as significant as an escalation; R21: drift is challenged).

A deferral is met by the next decision the same agency records about the child, of any kind (a further
deferral starts its own clock). A deferral a manager did not agree to does not stand and raises nothing; a
later decision a manager did not agree to does not meet it.
"""

from __future__ import annotations

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from joinedup.decisions.models import CaseDecision, Kind, SignOff
from joinedup.prompts.deadlines import register_deadline_source

__all__ = ["deferral_records", "open_deferrals", "register"]


def open_deferrals():
    """Deferrals that stand (not refused by a manager) with no later decision by the same agency yet."""
    later = (CaseDecision.objects.filter(person_id=OuterRef("person_id"), agency_id=OuterRef("agency_id"),
                                         decided_at__gt=OuterRef("decided_at"))
             .exclude(sign_off=SignOff.NOT_AGREED).order_by("decided_at").values("pk")[:1])
    return (CaseDecision.objects.filter(kind=Kind.DEFERRAL, deferred_until__isnull=False)
            .exclude(sign_off=SignOff.NOT_AGREED).annotate(next_decision=Subquery(later))
            .filter(next_decision__isnull=True))


def deferral_records(person_ids=None):
    """Deferrals with no later decision yet (a met deadline never raises anything).

    The label names the decision's reference and agency only: a deadline prompt is read by anyone who may open
    the child, and what the decision waits for stays with those who may read the decision.
    """
    deferrals = open_deferrals().select_related("agency")
    if person_ids is not None:
        deferrals = deferrals.filter(person_id__in=list(person_ids))
    for decision in deferrals:
        yield {
            "kind": "deferral", "key": decision.pk, "person_key": decision.person_id,
            "decided_on": timezone.localtime(decision.decided_at).date(), "deferred_until": decision.deferred_until,
            "next_decision_on": None, "label": f"{decision.reference}, {decision.agency.name}",
            "assign_to": decision.decided_by_id,
        }


def register() -> None:
    register_deadline_source("decisions", deferral_records,
                             links={"deferral": lambda key: reverse("decisions:detail", args=[key])})
