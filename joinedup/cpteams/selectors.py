"""Who reads and changes teams and enquiries.

* Teams (names, members and disciplines, no child) are read by every case reader and set up by team managers
  and the MASH, for the safeguarding partners.
* An enquiry is about a child: it is read by the team's current members (the enquiry is what they are there to
  co-ordinate, whatever their agency holds), its lead and opener, task owners, and whole-picture readers (the
  MASH, the child's allocated worker). Its lead, its opener and the MASH change it.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from joinedup.accounts.models import Role
from joinedup.cpteams.models import Enquiry, Task
from joinedup.people.selectors import _current_allocations

__all__ = ["enquiries_for", "may_manage_enquiry", "may_manage_teams", "tasks_for"]


def may_manage_teams(user) -> bool:
    return user.is_authenticated and user.reads_case_data and user.role in (Role.TEAM_MANAGER, Role.MASH_OFFICER)


def enquiries_for(user) -> QuerySet[Enquiry]:
    found = Enquiry.objects.select_related("person", "team", "lead", "strategy_discussion")
    if not user.is_authenticated or not user.reads_case_data:
        return found.none()
    if user.sees_whole_picture:
        return found
    today = timezone.localdate()
    member = (Q(team__memberships__user=user, team__memberships__start_date__lte=today)
              & (Q(team__memberships__end_date__isnull=True) | Q(team__memberships__end_date__gte=today)))
    part = (member | Q(lead=user) | Q(created_by=user) | Q(tasks__owner=user)
            | Q(person_id__in=_current_allocations(user).values("person_id")))
    return found.filter(pk__in=Enquiry.objects.filter(part).values("pk"))


def may_manage_enquiry(user, enquiry: Enquiry) -> bool:
    return user.is_authenticated and user.reads_case_data and (
        user.pk in (enquiry.lead_id, enquiry.created_by_id) or user.sees_whole_picture)


def tasks_for(user) -> QuerySet[Task]:
    """Open tasks the user owns."""
    return (Task.objects.filter(owner=user, completed_on__isnull=True)
            .select_related("enquiry__person", "owner_agency").order_by("due_on"))
