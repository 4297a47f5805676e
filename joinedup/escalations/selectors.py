"""Who may read an escalation and who may act on it.

Read: the parties to the professional difference — the raising agency, the agencies and people its stages
were with, the agency that made the named decision — and whole-picture users (MASH, the allocated worker),
always only about a child the reader may open.
Respond at a stage: the person the stage is with, their agency, or the raising side (recording the
conversation, R15). Move on, resolve, close or record the outcome: the raising side (the raiser or a
colleague in the raiser's agency), whose concern it is.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from joinedup.decisions.selectors import allocated_people
from joinedup.escalations.models import Escalation
from joinedup.people.selectors import visible_people

__all__ = ["escalations_for", "may_read", "may_respond", "on_raising_side"]


def escalations_for(user) -> QuerySet[Escalation]:
    escalations = Escalation.objects.filter(person__in=visible_people(user))
    if not user.sees_whole_picture:
        agency = user.agency_id
        code = user.agency.code if agency else "-"
        escalations = escalations.filter(
            Q(raised_by_agency_id=agency) | Q(stages__with_agency_id=agency) | Q(stages__with_user=user)
            | Q(case_decision__agency_id=agency) | Q(referral__decided_by__agency_id=agency)
            | Q(prompt_decision__agency_code=code) | Q(person__in=allocated_people(user))).distinct()
    return escalations.select_related("person", "raised_by", "raised_by_agency")


def may_read(user, escalation: Escalation) -> bool:
    return escalations_for(user).filter(pk=escalation.pk).exists()


def on_raising_side(user, escalation: Escalation) -> bool:
    return bool(user.pk == escalation.raised_by_id
                or (user.agency_id and user.agency_id == escalation.raised_by_agency_id))


def may_respond(user, escalation: Escalation, stage) -> bool:
    if stage is None:
        return False
    return bool(on_raising_side(user, escalation) or user.pk == stage.with_user_id
                or (user.agency_id and user.agency_id == stage.with_agency_id))
