"""Notifications not yet sent, as casework records for D11 (engine/casework/deadlines.yaml): a school not told
before the school day started raises a prompt in the police Operation Encompass team's queue."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from joinedup.encompass.models import Notification
from joinedup.encompass.services import config
from joinedup.prompts.deadlines import register_deadline_source

__all__ = ["notification_records", "register"]


def notification_records(person_ids=None):
    waiting = Notification.objects.filter(sent_at__isnull=True).select_related("recipient")
    if person_ids is not None:
        waiting = waiting.filter(person_id__in=list(person_ids))
    team = config()["police_team"]
    for n in waiting:
        yield {"kind": "encompass_notification", "key": n.pk, "person_key": n.person_id,
               "incident_on": timezone.localtime(n.incident_at).date(),
               "due_at": timezone.localtime(n.due_at).replace(tzinfo=None), "sent_at": None,
               "label": n.recipient.name if n.recipient_id else "the child's school",
               "assign_to": None, "team": team}


def register() -> None:
    register_deadline_source("encompass", notification_records,
                             links={"encompass_notification": lambda key: reverse("encompass:detail", args=[key])})
