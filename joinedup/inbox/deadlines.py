"""Open inbox items as casework records for D07 (information from another agency not acknowledged)."""

from __future__ import annotations

from django.urls import reverse

from joinedup.inbox.delivery import leads_of
from joinedup.inbox.models import InboxItem
from joinedup.prompts.deadlines import register_deadline_source

__all__ = ["inbox_records", "register"]


def inbox_records(person_ids=None):
    """Every open item: a named worker's goes to them; a team queue's to the agency's first safeguarding lead.

    The label names the sending agency only: a deadline prompt is read by anyone who may open the child.
    """
    items = InboxItem.objects.filter(acknowledged_at__isnull=True).select_related("from_agency", "agency")
    if person_ids is not None:
        items = items.filter(person_id__in=list(person_ids))
    leads: dict = {}
    for item in items:
        assign_to, team = item.worker_id, ""
        if assign_to is None and item.agency_id:
            if item.agency_id not in leads:
                leads[item.agency_id] = leads_of(item.agency_id).values_list("id", flat=True).first()
            assign_to, team = leads[item.agency_id], item.agency.name
        yield {
            "kind": "inbox_item", "key": item.pk, "person_key": item.person_id, "arrived_on": item.arrived_on,
            "acknowledged_at": item.acknowledged_at,
            "label": f"from {item.from_agency.name if item.from_agency_id else 'another agency'}",
            "assign_to": assign_to, "team": team or "MASH",
        }


def register() -> None:
    register_deadline_source("inbox", inbox_records,
                             links={"inbox_item": lambda key: reverse("inbox:item", args=[key])})
