"""A referral made through JoinedUp, as the prompt catalogue sees it: a contact received by children's social
care (`csc.contact`) on the day the referral was received, with the MASH's outcome once decided.

Without this, a child referred through JoinedUp would still meet "concerns from two or more agencies and no
referral" (P22) and "information not acted on" (P21), which look for a contact or referral in children's
social care's own records. The contact is marked `recorded_in: joinedup_referral`, so that its decision
deadline is D01 alone (engine/casework/deadlines.yaml) and never also P34. Nothing is stored as an event: the
referral is on the chronology through the referrals app.
"""

from __future__ import annotations

from joinedup.agencies.models import Agency, AgencyKind
from joinedup.referrals.models import Outcome, Referral

__all__ = ["OUTCOME", "referral_facts", "register"]

# The MASH's decision, in the vocabulary's contact outcomes (engine/vocabulary/events.yaml, csc.contact).
OUTCOME = {
    Outcome.STRATEGY: "referral", Outcome.ASSESSMENT: "referral", Outcome.EARLY_HELP: "early_help",
    Outcome.ADVICE: "advice_and_information", Outcome.NFA: "no_further_action",
}


def _receiving_agency() -> str:
    """The code of the agency a contact is recorded by: the MASH, else children's social care."""
    for kind in (AgencyKind.MASH, AgencyKind.SOCIAL_CARE):
        code = Agency.objects.filter(kind=kind).order_by("pk").values_list("code", flat=True).first()
        if code:
            return code
    return "mash"


def referral_facts(person_ids):
    referrals = list(Referral.objects.filter(person_id__in=person_ids)
                     .values_list("pk", "person_id", "received_on", "outcome"))
    if not referrals:
        return
    agency = _receiving_agency()
    for pk, person_id, received_on, outcome in referrals:
        attributes = {"recorded_in": "joinedup_referral"}
        if outcome:
            attributes["outcome"] = OUTCOME[outcome]
        yield person_id, {"event_id": f"referral:{pk}", "event_type": "csc.contact", "day": received_on,
                          "agency": agency, "attributes": attributes}


def register() -> None:
    from joinedup.prompts.services import register_prompt_facts

    register_prompt_facts("referrals", referral_facts)
