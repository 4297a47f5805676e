"""Who may see a meeting, and who may take part in one.

A meeting is about a child, so only users who may open the child see it; and because strategy discussions
share what each agency holds, among those only the agencies invited (and the chair, organiser and action
owners) read it, unless the reader sees the child's whole picture (MASH officers, the allocated worker).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone

from joinedup.accounts.models import Role
from joinedup.meetings.models import Meeting, MeetingAction
from joinedup.people.models import Allocation, Person, SourceRecord
from joinedup.people.selectors import visible_people

__all__ = ["actions_for", "may_complete", "may_manage", "users_who_see", "visible_meetings"]

_READERS = (Role.PRACTITIONER, Role.DSL, Role.MASH_OFFICER, Role.TEAM_MANAGER)


def users_who_see(person: Person) -> QuerySet:
    """Active users who may open this child: the same rule as `visible_people`, asked the other way round."""
    today = timezone.localdate()
    holders = SourceRecord.objects.filter(person=person).values("agency_id")
    allocated = (Allocation.objects.filter(person=person, start_date__lte=today)
                 .filter(Q(end_date__isnull=True) | Q(end_date__gte=today)).values("worker_id"))
    return (get_user_model().objects.filter(is_active=True, role__in=_READERS)
            .filter(Q(role=Role.MASH_OFFICER) | Q(agency_id__in=holders) | Q(pk__in=allocated))
            .select_related("agency").order_by("last_name", "first_name", "username"))


def visible_meetings(user) -> QuerySet[Meeting]:
    """Meetings the user may read: about a child they may open, and their agency invited or they take part."""
    people = visible_people(user)
    meetings = Meeting.objects.filter(person__in=people)
    if user.is_authenticated and user.reads_case_data and not user.sees_whole_picture:
        today = timezone.localdate()
        allocated = (Allocation.objects.filter(worker=user, start_date__lte=today)
                     .filter(Q(end_date__isnull=True) | Q(end_date__gte=today)).values("person_id"))
        part = (Q(person_id__in=allocated) | Q(chair=user) | Q(organiser=user) | Q(actions__owner=user)
                | Q(invitations__agency_id=user.agency_id))
        meetings = Meeting.objects.filter(pk__in=meetings.filter(part).values("pk"))
    return meetings.select_related("person", "chair", "chair__agency", "organiser")


def may_manage(user, meeting: Meeting) -> bool:
    """The chair and the organiser keep the record: attendance, minutes, decisions, actions."""
    return user.reads_case_data and user.pk in (meeting.chair_id, meeting.organiser_id) and \
        visible_people(user).filter(pk=meeting.person_id).exists()


def may_complete(user, action: MeetingAction) -> bool:
    """The action's owner, or the meeting's chair or organiser, may record it as done."""
    return action.owner_id == user.pk or may_manage(user, action.meeting)


def actions_for(user) -> QuerySet[MeetingAction]:
    """Actions the user owns, or from meetings they chair or organised, about children they may open."""
    people = visible_people(user)
    return (MeetingAction.objects.filter(meeting__person__in=people)
            .filter(Q(owner=user) | Q(meeting__chair=user) | Q(meeting__organiser=user))
            .select_related("meeting", "meeting__person", "owner", "owner__agency", "owner_agency"))
