"""Operation Encompass on the child's chronology: each notification (from the police) and its acknowledgement
(by the school, with the support offered), for readers who may read the notification (selectors)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from joinedup.chronology.entries import ChronologyEntry
from joinedup.chronology.sources import ChronologyContext, register_source
from joinedup.encompass.models import Support
from joinedup.encompass.selectors import notifications_for

__all__ = ["register"]

_KINDS = [("encompass.notification", "Operation Encompass notification", "police"),
          ("encompass.acknowledged", "Operation Encompass notification acknowledged", "education")]


def _who(user) -> str:
    return (user.get_full_name() or user.username) if user else "sent automatically from the police record"


def notifications(context: ChronologyContext):
    labels = dict(Support.choices)
    for n in notifications_for(context.user).filter(person=context.person):
        link = reverse("encompass:detail", args=[n.pk])
        if n.sent_at:
            late = n.minutes_late(timezone.now())
            outcome = "sent before the school day started" if not late else f"sent {late} minutes after the deadline"
        else:
            outcome = "not sent yet: the recipient is not known"
        yield ChronologyEntry(
            key=f"encompass:{n.pk}", when=n.sent_at or n.created_at, time_known=True, recorded_at=n.created_at,
            agency=n.police.name, agency_code=n.police.code, kind="encompass.notification", group="police",
            title=f"Operation Encompass: domestic abuse incident notified to "
                  f"{n.recipient.name if n.recipient_id else 'the child’s school (not yet known)'}",
            significance="significant", significance_label="significant — domestic abuse incident",
            author=_who(n.sent_by or n.created_by), author_role="police", source="record",
            details=(f"Police reference {n.police_reference}", f"Incident {timezone.localtime(n.incident_at):%-d %b %Y %H:%M}",
                     f"Child present: {n.get_child_present_display().lower()}"),
            note=n.circumstances, action=f"due before {timezone.localtime(n.due_at):%H:%M on %-d %b %Y}",
            outcome=outcome, link=link, origin="encompass")
        if n.acknowledged_at:
            yield ChronologyEntry(
                key=f"encompass-ack:{n.pk}", when=n.acknowledged_at, time_known=True, recorded_at=n.acknowledged_at,
                agency=n.recipient.name, agency_code=n.recipient.code, kind="encompass.acknowledged",
                group="education", title="Operation Encompass notification read: support offered",
                significance="action", significance_label="action — support offered",
                author=_who(n.acknowledged_by), author_role="designated safeguarding lead", source="first-hand",
                details=tuple(labels.get(code, code) for code in n.support), note=n.support_note,
                action="acknowledged", link=link, origin="encompass")


def register() -> None:
    register_source("encompass", notifications, kinds=_KINDS)
