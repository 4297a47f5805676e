"""Decisions not to share and requests between agencies on the child's chronology (R01, R08, R13).

A decision to withhold is seen by the agency that made it and by the whole picture; a request and its answer
by the agency that asked, the agency asked, and the whole picture.
"""

from __future__ import annotations

from django.urls import reverse

from joinedup.chronology.entries import ChronologyEntry
from joinedup.chronology.sources import ChronologyContext, register_source
from joinedup.sharing.models import AgencyRequest, WithholdDecision

__all__ = ["register"]

KINDS = [("sharing.withheld", "Decision not to share information", "decision"),
         ("sharing.request", "Request for information between agencies", "sharing"),
         ("sharing.answer", "Answer to a request for information", "sharing")]


def _name(user) -> str:
    return user.get_full_name() or user.username


def sharing_rows(context: ChronologyContext):
    for d in WithholdDecision.objects.filter(person=context.person).select_related("agency", "decided_by",
                                                                                  "withheld_from"):
        if not context.may_see_agency(d.agency_id):
            continue
        yield ChronologyEntry(
            key=f"withhold:{d.pk}", when=d.decided_at, recorded_at=d.decided_at, agency=d.agency.name,
            agency_code=d.agency.code, kind="sharing.withheld", group="decision",
            title=f"Decision not to share with {d.withheld_from.name}: {d.what}", significance="decision",
            significance_label="significant — decision by an agency", author=_name(d.decided_by), author_role=d.role,
            source="first-hand", note=d.reasons, details=(f"Reason category: {d.get_reason_category_display()}",
                                                          f"Review by {d.review_on:%-d %b %Y}"),
            action="withheld", outcome=f"review by {d.review_on:%-d %b %Y}", origin="sharing",
        )
    requests = AgencyRequest.objects.filter(person=context.person).select_related(
        "from_agency", "to_agency", "requested_by", "responded_by")
    for r in requests:
        if not (context.whole_picture or context.agency_id in (r.from_agency_id, r.to_agency_id)):
            continue
        link = reverse("sharing:request", args=[r.pk])
        yield ChronologyEntry(
            key=f"agency-request:{r.pk}", when=r.created_at, recorded_at=r.created_at, agency=r.from_agency.name,
            agency_code=r.from_agency.code, kind="sharing.request", group="sharing",
            title=f"{r.from_agency.name} asked {r.to_agency.name} for information: {r.get_purpose_display()}",
            significance="information", significance_label="information sharing between agencies",
            author=_name(r.requested_by), source="first-hand", note=r.purpose_detail,
            action=f"asked {r.to_agency.name}", outcome=r.status.lower(), link=link, origin="sharing",
        )
        if r.responded_at:
            yield ChronologyEntry(
                key=f"agency-answer:{r.pk}", when=r.responded_at, recorded_at=r.responded_at,
                agency=r.to_agency.name, agency_code=r.to_agency.code, kind="sharing.answer",
                group="sharing",
                title=f"{r.to_agency.name} answered the request from {r.from_agency.name}: {r.get_response_display()}",
                significance="information", significance_label="information sharing between agencies",
                author=_name(r.responded_by), source="first-hand", note=r.response_text,
                action=r.get_response_display(), outcome="answered", link=link, origin="sharing",
            )


def register() -> None:
    register_source("sharing", sharing_rows, kinds=KINDS)
