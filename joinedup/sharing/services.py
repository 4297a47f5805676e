"""Withholding information (R01) and information requests between agencies (R08): one path for the pages
and the API, audited in the same transaction.

Sharing is the default. A decision not to share is an explicit record: what is withheld, from which agency,
the reason category, written reasons and a review date. JoinedUp does not itself unshare anything (what an
agency shares comes from its own system); it records the decision so it can be seen, reviewed and counted.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from engine.vocabulary import load_vocabulary
from joinedup.agencies.models import Agency
from joinedup.audit.services import log_action
from joinedup.chronology.models import RequestPurpose
from joinedup.core.reasons import Refused, require_text
from joinedup.events.models import Event, EventShare
from joinedup.people.models import Person
from joinedup.people.selectors import visible_people
from joinedup.sharing.models import AgencyRequest, ReasonCategory, RequestResponse, WithholdDecision

__all__ = ["REASONS_MESSAGE", "Refused", "answer_request", "event_words", "make_request", "withhold"]

REASONS_MESSAGE = (
    "Write the reasons for withholding. Sharing is the default: say what harm sharing would do, or why it would "
    "not be lawful, necessary or proportionate, and who you consulted. At least a sentence: 40 characters."
)
MAX_REVIEW_DAYS = 366


def event_words(event: Event) -> str:
    """An event in plain words: its type's label and the day it happened."""
    event_type = load_vocabulary().event_types.get(event.event_type)
    label = event_type.label if event_type else event.event_type.replace("_", " ")
    return f"{label} on {timezone.localtime(event.occurred_at):%-d %b %Y}"


def _role_words(user) -> str:
    return user.job_title or user.get_role_display()


def _case_reader_with_agency(actor) -> None:
    if not (actor.is_authenticated and actor.reads_case_data and actor.agency_id):
        raise Refused({"__all__": "Only a practitioner, DSL, manager or MASH officer of an agency records this."})


def _check_withhold(errors: dict, *, actor, withheld_from, reason_category, reasons, review_on) -> str:
    if withheld_from is None:
        errors.setdefault("withheld_from", []).append("Say which agency the information is withheld from.")
    elif withheld_from.pk == actor.agency_id:
        errors.setdefault("withheld_from", []).append("Information is withheld from another agency, not your own.")
    if reason_category not in ReasonCategory.values:
        errors.setdefault("reason_category", []).append("Choose the reason category (the lawful basis or reason).")
    reasons = require_text(errors, "reasons", reasons, REASONS_MESSAGE, min_chars=40, min_words=6)
    today = timezone.localdate()
    if review_on is None:
        errors.setdefault("review_on", []).append("Give a date to review the decision.")
    elif not today < review_on <= today + timedelta(days=MAX_REVIEW_DAYS):
        errors.setdefault("review_on", []).append("The review date must be after today and within a year.")
    return reasons


def _record(*, actor, person, what_kind, what, withheld_from, reason_category, reasons, review_on, event=None,
            request=None, under_duty: bool = True) -> WithholdDecision:
    decision = WithholdDecision.objects.create(
        person=person, agency_id=actor.agency_id, decided_by=actor, role=_role_words(actor), what_kind=what_kind,
        event=event, request=request, what=what[:300], withheld_from=withheld_from, reason_category=reason_category,
        reasons=reasons, review_on=review_on, under_duty=under_duty)
    log_action(actor, "information withheld", persons=[person.pk], reason=reasons,
               detail={"withhold_decision": decision.pk, "what": what_kind, "event": event.pk if event else None,
                       "request": request.pk if request else None, "withheld_from": withheld_from.code,
                       "reason_category": reason_category, "review_on": review_on.isoformat(),
                       "under_duty": under_duty})
    return decision


@transaction.atomic
def withhold(*, actor, person: Person, withheld_from: Agency | None, reason_category: str, reasons: str,
             review_on, event: Event | None = None, what: str = "", identifier: bool = False,
             under_duty: bool = True) -> WithholdDecision:
    """Record a decision not to share an event, the child's NHS number (`identifier`) or another record the actor's
    agency holds about a child; `under_duty` marks one made under the information-sharing duty (CWSA 2026 s.4)."""
    from joinedup.people.models import SourceRecord

    _case_reader_with_agency(actor)
    if not visible_people(actor).filter(pk=person.pk).exists():
        raise Refused({"person": "You may only record decisions about a child your agency works with."})
    errors: dict = {}
    if identifier:
        if event is not None:
            errors["event"] = ["Record the event and the NHS number as two decisions."]
        elif not SourceRecord.objects.filter(person=person, agency_id=actor.agency_id).exclude(nhs_number="").exists():
            errors["identifier"] = ["Your agency's record of this child holds no NHS number to withhold."]
        what = "The child's NHS number (the consistent identifier)"
    elif event is not None:
        if event.agency_id != actor.agency_id or not event.subjects.filter(person=person).exists():
            errors["event"] = ["Choose an event your agency recorded about this child."]
        elif withheld_from is not None and EventShare.objects.filter(event=event, agency=withheld_from).exists():
            errors["withheld_from"] = [f"This event is already shared with {withheld_from.name}."]
        else:
            what = what.strip() or event_words(event)
    else:
        what = require_text(errors, "what", what, "Describe what is withheld (which record, from when).",
                            min_chars=10, min_words=2)
    reasons = _check_withhold(errors, actor=actor, withheld_from=withheld_from, reason_category=reason_category,
                              reasons=reasons, review_on=review_on)
    if errors:
        raise Refused(errors)
    kind = (WithholdDecision.What.IDENTIFIER if identifier else
            WithholdDecision.What.EVENT if event else WithholdDecision.What.OTHER)
    return _record(actor=actor, person=person, what_kind=kind, what=what, withheld_from=withheld_from,
                   reason_category=reason_category, reasons=reasons, review_on=review_on, event=event,
                   under_duty=under_duty)


def _mail(subject: str, body: str, addresses) -> None:
    addresses = sorted({a for a in addresses if a})
    if addresses:
        transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, addresses,
                                                fail_silently=True))


@transaction.atomic
def make_request(*, actor, person: Person, to_agency: Agency | None, purpose: str, purpose_detail: str,
                 needed_by=None) -> AgencyRequest:
    """Ask another agency what it holds about a child, saying why (R08)."""
    from joinedup.inbox.delivery import leads_of

    _case_reader_with_agency(actor)
    if not visible_people(actor).filter(pk=person.pk).exists():
        raise Refused({"person": "You may only ask about a child your agency works with; ask the MASH."})
    errors: dict = {}
    if to_agency is None or to_agency.pk == actor.agency_id:
        errors["to_agency"] = ["Choose the agency you are asking (not your own)."]
    if purpose not in RequestPurpose.values:
        errors["purpose"] = ["Choose the purpose of the request."]
    purpose_detail = require_text(errors, "purpose_detail", purpose_detail,
                                  "Say what you need to know and why: the agency you ask must be able to see the "
                                  "purpose of the request and judge what is relevant and proportionate to share.",
                                  min_chars=30, min_words=5)
    if needed_by is not None and needed_by < timezone.localdate():
        errors["needed_by"] = ["The date you need an answer by cannot be in the past."]
    if errors:
        raise Refused(errors)
    request = AgencyRequest.objects.create(person=person, requested_by=actor, from_agency_id=actor.agency_id,
                                           to_agency=to_agency, purpose=purpose, purpose_detail=purpose_detail,
                                           needed_by=needed_by)
    log_action(actor, "information requested", persons=[person.pk], reason=purpose_detail,
               detail={"request": request.pk, "to_agency": to_agency.code, "purpose": purpose})
    _mail(f"JoinedUp: request for information Q{request.pk} from {request.from_agency.name}",
          f"{request.from_agency.name} has asked {to_agency.name} for information about a child (request "
          f"Q{request.pk}), and says why. Sign in to JoinedUp to answer it: "
          f"{reverse('sharing:request', args=[request.pk])}\n",
          leads_of(to_agency.pk).values_list("email", flat=True))
    return request


@transaction.atomic
def answer_request(request: AgencyRequest, *, actor, response: str, response_text: str = "",
                   reason_category: str = "", reasons: str = "", review_on=None,
                   under_duty: bool = True) -> AgencyRequest:
    """Answer a request: share (saying what), or withhold with a recorded decision (R01)."""
    _case_reader_with_agency(actor)
    request = AgencyRequest.objects.select_for_update(of=("self",)).select_related("from_agency", "to_agency", "person",
                                                                       "requested_by").get(pk=request.pk)
    if actor.agency_id != request.to_agency_id:
        raise Refused({"__all__": f"Only {request.to_agency.name} answers this request."})
    if request.responded_at:
        raise Refused({"__all__": "This request has already been answered."})
    errors: dict = {}
    if response == RequestResponse.SHARED:
        response_text = require_text(errors, "response_text", response_text,
                                     "Write the information you are sharing, or say that your agency holds nothing "
                                     "relevant about the child.")
    elif response == RequestResponse.WITHHELD:
        reasons = _check_withhold(errors, actor=actor, withheld_from=request.from_agency,
                                  reason_category=reason_category, reasons=reasons, review_on=review_on)
    else:
        errors["response"] = ["Say whether you are sharing the information or withholding it."]
    if errors:
        raise Refused(errors)
    request.response, request.responded_by, request.responded_at = response, actor, timezone.now()
    request.response_text = response_text if response == RequestResponse.SHARED else ""
    request.save(update_fields=["response", "response_text", "responded_by", "responded_at"])
    if response == RequestResponse.WITHHELD:
        _record(actor=actor, person=request.person, what_kind=WithholdDecision.What.REQUEST,
                what=f"The response to request Q{request.pk} ({request.get_purpose_display()})",
                withheld_from=request.from_agency, reason_category=reason_category, reasons=reasons,
                review_on=review_on, request=request, under_duty=under_duty)
    log_action(actor, f"information request answered: {response}", persons=[request.person_id],
               reason=response_text or reasons, detail={"request": request.pk})
    from joinedup.inbox.services import deliver_request_answer

    deliver_request_answer(request)
    return request
