"""Escalations as casework deadline records (engine/casework/deadlines.yaml), in the raiser's prompt queue.

D03 (escalation_stage): the current stage of an open escalation, from `started_on` to its own `due_on`,
    met by `responded_at`. A stage that has ended (moved on, resolved, closed) is no longer waiting.
D04 (escalation): an escalation that ended (`closed_on`) with no `outcome` recorded: a resolution always has
    one, so this is an escalation ended without agreement and without saying what happens for the child.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from joinedup.escalations.models import Escalation, Stage, Status

__all__ = ["escalation_records", "register"]


def escalation_records(person_ids=None):
    # Only records that could be overdue: a met deadline never raises anything.
    stages = Stage.objects.filter(escalation__status=Status.OPEN, ended_at__isnull=True,
                                  responded_at__isnull=True).select_related("escalation")
    ended = Escalation.objects.exclude(status=Status.OPEN).filter(outcome="")
    if person_ids is not None:
        stages = stages.filter(escalation__person_id__in=person_ids)
        ended = ended.filter(person_id__in=person_ids)
    for stage in stages:
        escalation = stage.escalation
        yield {"kind": "escalation_stage", "key": stage.pk, "person_key": escalation.person_id,
               "started_on": stage.started_on, "due_on": stage.due_on, "responded_at": stage.responded_at,
               "label": f"{escalation.reference}, stage {stage.number} ({stage.name}) with {stage.with_name}",
               "assign_to": escalation.raised_by_id}
    for escalation in ended:
        yield {"kind": "escalation", "key": escalation.pk, "person_key": escalation.person_id,
               "closed_on": timezone.localtime(escalation.closed_at).date(), "outcome": escalation.outcome,
               "label": f"{escalation.reference} ({escalation.get_category_display().split(':')[0].lower()})",
               "assign_to": escalation.raised_by_id}


def register() -> None:
    from joinedup.prompts.deadlines import register_deadline_source

    register_deadline_source("escalations", escalation_records, links={
        "escalation": _escalation_link,
        "escalation_stage": lambda key: _escalation_link(
            Stage.objects.filter(pk=key).values_list("escalation_id", flat=True).first()),
    })


def _escalation_link(escalation_id):
    return None if escalation_id is None else reverse("escalations:detail", args=[escalation_id])
