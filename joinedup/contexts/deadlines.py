"""Context plan actions as casework records for D10 (engine/casework/deadlines.yaml): an action in a context's
safety plan not done or stopped by its due date (R21: drift is challenged; R57: extra-familial harm is held by
the multi-agency contextual safeguarding forum).

The record is about the context, not a child (`context_key`), so its prompt is a context prompt in the MASH
team's queue: the MASH holds context plans and chases their owners, many of whom (a licensing officer, a
transport operator) do not use JoinedUp. An action in a plan that a review has ended raises nothing.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from joinedup.contexts.choices import OPEN_STATUSES
from joinedup.contexts.plan_models import PlanAction
from joinedup.prompts.deadlines import register_deadline_source, short_label

__all__ = ["context_action_record", "context_action_records", "register"]


def context_action_records(person_ids=None):
    """Open actions of current context plans. Asked about particular children, there is nothing: a context
    plan's actions are about the place or group."""
    if person_ids is not None:
        return
    actions = PlanAction.objects.filter(status__in=OPEN_STATUSES, plan__ended_on__isnull=True).select_related("plan")
    for action in actions:
        yield context_action_record(action)


def context_action_record(action: PlanAction) -> dict:
    closed = None if action.is_open else (action.completed_on or timezone.localdate())
    return {
        "kind": "context_action", "key": action.pk, "context_key": action.plan.context_id,
        "agreed_on": timezone.localtime(action.created_at).date(), "due_on": action.due_on, "closed_on": closed,
        "label": f"{short_label(action.action).rstrip('.')}, owned by {action.owner_name} ({action.owner_organisation})",
        "team": "MASH",
    }


def _context_of_action(key: int) -> str | None:
    context_id = PlanAction.objects.filter(pk=key).values_list("plan__context_id", flat=True).first()
    return None if context_id is None else reverse("contexts:detail", args=[context_id])


def register() -> None:
    register_deadline_source("contexts", context_action_records, links={"context_action": _context_of_action})
