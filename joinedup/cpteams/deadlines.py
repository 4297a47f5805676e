"""Section 47 enquiries as casework records for the deadline rules (engine/casework/deadlines.yaml):

    D12 section47_task   a task not done by its due date          -> its owner, or the enquiry's lead
    D08 (meetings)       an enquiry concluded without a conference meets it (register_section_47_conclusions)
"""

from __future__ import annotations

from django.urls import reverse

from joinedup.cpteams.models import CONCLUDED_WITHOUT_CONFERENCE, Enquiry, Task
from joinedup.prompts.deadlines import register_deadline_source, short_label

__all__ = ["conclusions", "register", "task_records"]


def task_records(person_ids=None):
    tasks = Task.objects.filter(completed_on__isnull=True).select_related("enquiry")
    if person_ids is not None:
        tasks = tasks.filter(enquiry__person_id__in=list(person_ids))
    for task in tasks:
        yield {"kind": "section47_task", "key": task.pk, "person_key": task.enquiry.person_id, "set_on": task.set_on,
               "due_on": task.due_on, "completed_on": None, "label": short_label(task.description),
               "assign_to": task.owner_id or task.enquiry.lead_id}


def conclusions(strategy_ids) -> dict:
    """Strategy discussions whose enquiry concluded without a conference, and the day it did."""
    return dict(Enquiry.objects.filter(strategy_discussion_id__in=list(strategy_ids),
                                       outcome__in=CONCLUDED_WITHOUT_CONFERENCE)
                .values_list("strategy_discussion_id", "outcome_on"))


def _task_link(key: int) -> str | None:
    enquiry_id = Task.objects.filter(pk=key).values_list("enquiry_id", flat=True).first()
    return None if enquiry_id is None else reverse("cpteams:enquiry", args=[enquiry_id])


def register() -> None:
    from joinedup.meetings.deadlines import register_section_47_conclusions

    register_deadline_source("cpteams", task_records, links={"section47_task": _task_link})
    register_section_47_conclusions("cpteams", conclusions)
