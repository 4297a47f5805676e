"""Small builders for escalation tests."""

from joinedup.decisions.models import Kind
from joinedup.decisions.services import record_decision
from joinedup.escalations.services import raise_escalation

CONCERN = ("Mia told her teacher on 2 March that her mother's partner hit her; children's social care decided no "
           "further action without speaking to Mia or to the school.")
SOUGHT = "A strategy discussion with police and the school, and Mia seen on her own by a social worker."
REASONS = ("Spoke to the duty social worker on 4 March; she repeated that the threshold is not met and would not "
           "arrange a visit, so I am taking this to my manager.")
OUTCOME = ("Agreed: a strategy discussion is held on 9 March with police and the school, and Mia is seen at school "
           "by a social worker this week.")


def nfa_decision(child, user, reasons):
    return record_decision(child, user, kind=Kind.NO_FURTHER_ACTION, reasons=reasons)


def escalate(child, actor, against, **changes):
    fields = {"against": against, "category": "need_for_action", "concern": CONCERN, "outcome_sought": SOUGHT,
              "with_name": "Dana Reed", "with_role": "Duty social worker", "with_agency": None,
              "with_email": "dana.reed@example.org", **changes}
    return raise_escalation(child, actor, **fields)
