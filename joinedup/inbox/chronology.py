"""What was done about information from another agency, on the child's chronology (R02): the acknowledging
agency and the whole picture see each acknowledgement with its action and note."""

from __future__ import annotations

from joinedup.chronology.entries import ChronologyEntry
from joinedup.chronology.sources import ChronologyContext, register_source
from joinedup.inbox.models import Action, InboxItem

__all__ = ["register"]

KINDS = [(f"inbox.{code}", f"Information from another agency acted on: {label[0].lower()}{label[1:]}", "decision")
         for code, label in Action.choices]


def acknowledgements(context: ChronologyContext):
    items = (InboxItem.objects.filter(person=context.person, acknowledged_at__isnull=False)
             .select_related("acknowledged_by__agency", "from_agency"))
    for item in items:
        by = item.acknowledged_by
        if not context.may_see_agency(by.agency_id):
            continue
        yield ChronologyEntry(
            key=f"inbox:{item.pk}", when=item.acknowledged_at, recorded_at=item.acknowledged_at,
            agency=by.agency.name if by.agency_id else "–", agency_code=by.agency.code if by.agency_id else "",
            kind=f"inbox.{item.action}", group="decision",
            title=f"Information from {item.from_agency.name if item.from_agency_id else 'another agency'} "
                  f"acted on: {item.get_action_display()}",
            significance="decision", significance_label="significant — decision by an agency",
            author=by.get_full_name() or by.username, author_role=by.job_title or by.get_role_display(),
            source="first-hand", note=item.note, details=(f"What arrived: {item.summary}",),
            action=item.get_action_display(), outcome="acknowledged", origin="inbox",
        )


def register() -> None:
    register_source("inbox", acknowledgements, kinds=KINDS)
