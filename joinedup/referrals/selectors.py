"""Who may read which referral, the MASH's queue, and time waited in working days.

A referral is read by the MASH (every referral), by the referrer's agency (its own referrals, about children
its users may open) and by the child's allocated worker, who sees the whole picture of the child. Nobody
else learns that a referral was made.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from engine.casework import load_deadlines
from engine.prompts.calendar import add_working_days, is_working_day
from joinedup.accounts.models import Role
from joinedup.people.models import Allocation
from joinedup.people.selectors import visible_people
from joinedup.referrals.models import Referral

__all__ = ["awaiting_feedback", "decision_due_on", "feedback_due_on", "mash_queue", "may_decide", "may_refer",
           "referrals_for", "working_days_between"]


def may_refer(user) -> bool:
    """Every agency refers (R04): any practitioner, DSL or manager; the MASH receives rather than makes them."""
    return user.is_authenticated and user.reads_case_data and user.role != Role.MASH_OFFICER


def may_decide(user) -> bool:
    return user.is_authenticated and user.is_active and user.role == Role.MASH_OFFICER


def referrals_for(user) -> QuerySet[Referral]:
    """Referrals the user may read."""
    referrals = Referral.objects.select_related("person", "referrer", "referrer_agency", "decided_by",
                                                "feedback_by", "mash_worker")
    if not user.is_authenticated or not user.reads_case_data:
        return referrals.none()
    if user.sees_whole_picture:
        return referrals.filter(person__merged_into__isnull=True)
    today = timezone.localdate()
    allocated = Allocation.objects.filter(worker=user, start_date__lte=today).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)).values("person_id")
    own = Q(referrer_agency_id=user.agency_id, person__in=visible_people(user)) if user.agency_id else Q(pk__in=[])
    return referrals.filter(own | Q(referrer=user, person__in=visible_people(user)) | Q(person_id__in=allocated))


def mash_queue() -> QuerySet[Referral]:
    """Referrals waiting for the MASH's decision, longest waiting first."""
    return (Referral.objects.filter(decided_at__isnull=True).select_related("person", "referrer", "referrer_agency",
                                                                             "mash_worker")
            .order_by("received_on", "id"))


def awaiting_feedback() -> QuerySet[Referral]:
    """Decided referrals whose referrer has not yet been told the outcome (R03)."""
    return (Referral.objects.filter(decided_at__isnull=False, feedback_at__isnull=True)
            .select_related("person", "referrer", "referrer_agency", "decided_by").order_by("decided_at", "id"))


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (weekends and bank holidays excluded)."""
    days, day = 0, start + timedelta(days=1)
    while day <= end:
        days += is_working_day(day)
        day += timedelta(days=1)
    return days


def decision_due_on(referral: Referral) -> date:
    """The last day for the MASH's decision (D01: within one working day of receipt)."""
    return add_working_days(referral.received_on, load_deadlines().rule("D01").working_days)


def feedback_due_on(referral: Referral) -> date | None:
    if referral.decided_at is None:
        return None
    return add_working_days(timezone.localtime(referral.decided_at).date(), load_deadlines().rule("D02").working_days)
