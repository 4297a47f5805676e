"""Section 47 enquiries on the child's chronology: opened (which team, from which strategy discussion), each task
done, and the outcome with its reasons; for readers who may read the enquiry (selectors)."""

from __future__ import annotations

from django.urls import reverse

from joinedup.chronology.entries import ChronologyEntry
from joinedup.chronology.sources import ChronologyContext, register_source
from joinedup.cpteams.models import Task
from joinedup.cpteams.selectors import enquiries_for

__all__ = ["register"]

_KINDS = [("section47.opened", "Section 47 enquiry opened", "social_care"),
          ("section47.task_done", "Section 47 task done", "social_care"),
          ("section47.outcome", "Section 47 enquiry outcome", "decision")]


def _agency(user) -> tuple[str, str]:
    return (user.agency.name, user.agency.code) if user.agency_id else ("JoinedUp", "joinedup")


def _who(user) -> str:
    return user.get_full_name() or user.username


def enquiries(context: ChronologyContext):
    found = list(enquiries_for(context.user).filter(person=context.person).select_related("created_by__agency",
                                                                                         "outcome_by__agency"))
    for enquiry in found:
        link = reverse("cpteams:enquiry", args=[enquiry.pk])
        agency, code = _agency(enquiry.created_by)
        yield ChronologyEntry(
            key=f"section47:{enquiry.pk}", when=enquiry.started_on, time_known=False, recorded_at=enquiry.created_at,
            agency=agency, agency_code=code, kind="section47.opened", group="social_care",
            title=f"Section 47 enquiry opened with {enquiry.team.name}", significance="significant",
            significance_label="significant — child protection enquiry", author=_who(enquiry.created_by),
            author_role="opened the enquiry", source="first-hand",
            details=(f"Lead: {_who(enquiry.lead)}", f"From the {enquiry.strategy_discussion.label}"),
            note=enquiry.concerns, link=link, origin="cpteams")
        if enquiry.outcome:
            agency, code = _agency(enquiry.outcome_by)
            yield ChronologyEntry(
                key=f"section47-outcome:{enquiry.pk}", when=enquiry.outcome_on, time_known=False,
                agency=agency, agency_code=code, kind="section47.outcome", group="decision",
                title=f"Section 47 enquiry outcome: {enquiry.get_outcome_display()}", significance="decision",
                significance_label="significant — decision", author=_who(enquiry.outcome_by),
                author_role="lead social worker", source="first-hand", note=enquiry.outcome_reasons,
                action=enquiry.get_outcome_display(), link=link, origin="cpteams")
    for task in (Task.objects.filter(enquiry_id__in=[e.pk for e in found], completed_on__isnull=False)
                 .select_related("owner_agency", "completed_by", "owner")):
        late = (task.completed_on - task.due_on).days
        yield ChronologyEntry(
            key=f"section47-task:{task.pk}", when=task.completed_on, time_known=False, agency=task.owner_agency.name,
            agency_code=task.owner_agency.code, kind="section47.task_done", group="social_care",
            title=f"Section 47 task done ({task.get_discipline_display()}): {task.description[:120]}",
            significance="action", significance_label="action — section 47 enquiry",
            author=_who(task.completed_by), author_role="recorded as done", source="first-hand",
            note=task.completion_note, action=f"owner: {task.owner_words}; due {task.due_on:%-d %b %Y}",
            outcome=f"done {late} day{'s' * (late != 1)} after its due date" if late > 0 else "done by its due date",
            link=reverse("cpteams:enquiry", args=[task.enquiry_id]), origin="cpteams")


def register() -> None:
    register_source("cpteams", enquiries, kinds=_KINDS)
