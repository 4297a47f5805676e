"""Casework deadlines and the partnership's casework configuration (issue 7). Pure Python, never Django.

    overdue(records, as_of)          -> [Overdue]   a practice timescale passed without what meets it
    load_deadlines()                 -> Deadlines   engine/casework/deadlines.yaml, validated and cited
    load_partnership()               -> Partnership engine/casework/partnership.yaml (or JOINEDUP_PARTNERSHIP_FILE):
                                        continuum of need, escalation stages and their timescales, training

A casework record is a plain mapping: {"kind", "key", "person_key", <date fields>, <text fields>, "label"?}; a
record about a context (a place, group or online space) instead of a child gives "context_key".
Each deadline rule names the record kind, the date field the clock starts from, how long is allowed
(working days, days, or a due-date field) and the field that meets it. Rules are data with citations,
like the prompt catalogue, and there is no score, rating or band anywhere.
"""

from engine.casework.deadlines import (
    Deadline,
    Deadlines,
    DeadlinesError,
    Overdue,
    build_deadlines,
    load_deadlines,
    overdue,
)
from engine.casework.partnership import (
    EscalationStage,
    NeedLevel,
    Partnership,
    PartnershipError,
    load_partnership,
)

__all__ = ["Deadline", "Deadlines", "DeadlinesError", "EscalationStage", "NeedLevel", "Overdue", "Partnership",
           "PartnershipError", "build_deadlines", "load_deadlines", "load_partnership", "overdue"]
