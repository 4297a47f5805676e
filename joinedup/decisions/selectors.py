"""Which case decisions a user may read: about a child they may open, and made by their agency, shared with
their agency by a risk review, or about a child whose whole picture they see (MASH, allocated worker)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from joinedup.accounts.models import Role
from joinedup.decisions.models import CaseDecision, RiskReview, SignOff
from joinedup.people.models import Allocation
from joinedup.people.selectors import sees_whole_picture_of, visible_people

__all__ = ["allocated_people", "awaiting_sign_off_by", "decisions_for", "may_read", "may_sign_off"]


def allocated_people(user):
    today = timezone.localdate()
    return (Allocation.objects.filter(worker=user, start_date__lte=today)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=today)).values("person_id"))


def decisions_for(user) -> QuerySet[CaseDecision]:
    decisions = CaseDecision.objects.filter(person__in=visible_people(user))
    if not user.sees_whole_picture:
        decisions = decisions.filter(Q(agency_id=user.agency_id) | Q(risk_review__shared_with=user.agency_id)
                                     | Q(person__in=allocated_people(user))).distinct()
    return decisions.select_related("person", "agency", "decided_by", "signed_off_by")


def may_read(user, decision: CaseDecision) -> bool:
    if not visible_people(user).filter(pk=decision.person_id).exists():
        return False
    if decision.agency_id == user.agency_id or sees_whole_picture_of(user, decision.person):
        return True
    return RiskReview.objects.filter(decision=decision, shared_with=user.agency_id).exists()


def may_sign_off(user, decision: CaseDecision) -> bool:
    """A second person, a team manager of the agency that made the decision (R14)."""
    return (decision.sign_off == SignOff.AWAITING and user.is_active and user.role == Role.TEAM_MANAGER
            and user.pk != decision.decided_by_id and user.agency_id == decision.agency_id)


def awaiting_sign_off_by(user) -> QuerySet[CaseDecision]:
    if user.role != Role.TEAM_MANAGER or not user.agency_id:
        return CaseDecision.objects.none()
    return (decisions_for(user).filter(agency_id=user.agency_id, sign_off=SignOff.AWAITING)
            .exclude(decided_by=user).order_by("decided_at", "id"))
