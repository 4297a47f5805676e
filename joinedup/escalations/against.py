"""The decision an escalation is raised against: always named, exactly one of

    case:<id>       a case decision (joinedup.decisions) the raiser may read
    referral:<id>   the MASH's decision on a referral the raiser's agency made (or any, for whole-picture users)
    prompt:<id>     a decision that closed a prompt, made by the raiser's agency (or any, for whole-picture users)
    external        a decision made outside JoinedUp: who decided, when, and what
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from joinedup.agencies.models import Agency
from joinedup.decisions.models import CaseDecision
from joinedup.decisions.selectors import decisions_for
from joinedup.people.selectors import sees_whole_picture_of
from joinedup.prompts.models import PromptDecision
from joinedup.referrals.models import Referral

__all__ = ["EXTERNAL", "Named", "choices_for", "describe", "named_agency_id", "named_decision"]

EXTERNAL = "external"


@dataclass(frozen=True)
class Named:
    key: str
    words: str


def _day(moment) -> str:
    return f"{timezone.localtime(moment):%-d %b %Y}" if moment else "date not recorded"


def _case_words(decision: CaseDecision) -> str:
    return (f"Case decision {decision.reference}: {decision.get_kind_display().lower()} — {decision.decider_name}, "
            f"{decision.agency.name}, {_day(decision.decided_at)} ({decision.get_sign_off_display().lower()})")


def _referral_words(referral: Referral) -> str:
    return (f"MASH decision on the referral of {referral.received_on:%-d %b %Y}: "
            f"{referral.get_outcome_display().lower()} ({_day(referral.decided_at)})")


def _prompt_words(decision: PromptDecision) -> str:
    return (f"Decision on the prompt “{decision.prompt.title}”: {decision.get_outcome_display().lower()} "
            f"({_day(decision.decided_at)})")


def _referrals(user, person):
    referrals = Referral.objects.filter(person=person, decided_at__isnull=False)
    if not sees_whole_picture_of(user, person):
        referrals = referrals.filter(referrer_agency_id=user.agency_id)
    return referrals.order_by("-decided_at")


def _prompt_decisions(user, person):
    decisions = PromptDecision.objects.filter(prompt__person=person).select_related("prompt")
    if not sees_whole_picture_of(user, person):
        decisions = decisions.filter(agency_code=user.agency.code if user.agency_id else "-")
    return decisions.order_by("-decided_at")


def choices_for(user, person) -> list[Named]:
    """Every decision about the child the user may name, newest first within each kind."""
    out = [Named(f"case:{d.pk}", _case_words(d)) for d in decisions_for(user).filter(person=person)]
    out += [Named(f"referral:{r.pk}", _referral_words(r)) for r in _referrals(user, person)]
    out += [Named(f"prompt:{d.pk}", _prompt_words(d)) for d in _prompt_decisions(user, person)]
    return out


def named_decision(user, person, key: str) -> dict | None:
    """The model fields for `key`, if it names a decision about this child the user may name; else None."""
    kind, _, pk = (key or "").partition(":")
    if not pk.isdigit():
        return None
    if kind == "case":
        found = decisions_for(user).filter(person=person, pk=int(pk)).first()
        return {"case_decision": found} if found else None
    if kind == "referral":
        found = _referrals(user, person).filter(pk=int(pk)).first()
        return {"referral": found} if found else None
    if kind == "prompt":
        found = _prompt_decisions(user, person).filter(pk=int(pk)).first()
        return {"prompt_decision": found} if found else None
    return None


def describe(escalation) -> str:
    if escalation.case_decision_id:
        return _case_words(escalation.case_decision)
    if escalation.referral_id:
        return _referral_words(escalation.referral)
    if escalation.prompt_decision_id:
        return _prompt_words(escalation.prompt_decision)
    on = escalation.external_decided_on
    when = f"{on:%-d %b %Y}" if isinstance(on, date) else "date not recorded"
    return f"Decision outside JoinedUp: {escalation.external_decision} — {escalation.external_decided_by}, {when}"


def named_agency_id(escalation) -> int | None:
    """The agency that made the named decision, when JoinedUp knows it (it is a party to the difference)."""
    if escalation.case_decision_id:
        return escalation.case_decision.agency_id
    if escalation.referral_id:
        decided_by = escalation.referral.decided_by
        return decided_by.agency_id if decided_by else None
    if escalation.prompt_decision_id:
        return Agency.objects.filter(code=escalation.prompt_decision.agency_code).values_list("pk", flat=True).first()
    return None
