"""Reads about people, filtered by need-to-know. Every view and API endpoint goes through these."""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from joinedup.events.models import Event
from joinedup.people.models import Allocation, Person, SourceRecord

__all__ = [
    "is_allocated",
    "other_agencies_holding",
    "searchable_records",
    "sees_whole_picture_of",
    "visible_events",
    "visible_people",
    "visible_records",
]


def _current_allocations(user) -> QuerySet:
    today = timezone.localdate()
    return Allocation.objects.filter(worker=user, start_date__lte=today).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )


def visible_people(user) -> QuerySet[Person]:
    """People the user may open: those their agency holds records about, or allocated to them.

    MASH officers may open anyone; administrators, analysts and agency systems no one.
    """
    if not user.is_authenticated or not user.reads_case_data:
        return Person.objects.none()
    if user.sees_whole_picture:
        return Person.objects.filter(merged_into__isnull=True)
    held = SourceRecord.objects.filter(person=OuterRef("pk"), agency_id=user.agency_id)
    allocated = _current_allocations(user).filter(person=OuterRef("pk"))
    return Person.objects.filter(Exists(held) | Exists(allocated))


def searchable_records(user) -> QuerySet[SourceRecord]:
    """Identity records the user may match against: their agency's, or every agency's for whole-picture users.

    A practitioner must not learn from a search what another agency holds (its names, its identifiers).
    """
    if not user.is_authenticated or not user.reads_case_data:
        return SourceRecord.objects.none()
    if user.sees_whole_picture:
        return SourceRecord.objects.all()
    allocated = _current_allocations(user).values("person_id")
    return SourceRecord.objects.filter(Q(agency_id=user.agency_id) | Q(person_id__in=allocated))


def is_allocated(user, person: Person) -> bool:
    return _current_allocations(user).filter(person=person).exists()


def sees_whole_picture_of(user, person: Person) -> bool:
    """MASH officers and the child's allocated worker see every agency's records about the child."""
    return user.sees_whole_picture or is_allocated(user, person)


def visible_records(user, person: Person) -> QuerySet[SourceRecord]:
    records = person.records.select_related("agency")
    return records if sees_whole_picture_of(user, person) else records.filter(agency_id=user.agency_id)


def visible_events(user, person: Person) -> QuerySet[Event]:
    """Events about the person the user may read: their agency's, those shared with it, or all for whole-picture users."""
    events = Event.objects.filter(subjects__person=person).distinct()
    if not sees_whole_picture_of(user, person):
        shared = Q(eventshare__agency_id=user.agency_id)
        events = events.filter(Q(agency_id=user.agency_id) | shared)
    return events.select_related("agency", "location").order_by("-occurred_at", "-id")


def other_agencies_holding(user, person: Person) -> list[dict]:
    """Agencies holding records or events the user cannot see, with counts only (never content)."""
    if sees_whole_picture_of(user, person):
        return []
    holders: dict[str, dict] = {}
    records = (person.records.exclude(agency_id=user.agency_id).values("agency__name")
               .annotate(n=Count("id")).order_by())
    for row in records:
        holders.setdefault(row["agency__name"], {"agency": row["agency__name"], "records": 0, "events": 0})
        holders[row["agency__name"]]["records"] = row["n"]
    hidden = (
        Event.objects.filter(subjects__person=person)
        .exclude(agency_id=user.agency_id)
        .exclude(eventshare__agency_id=user.agency_id)
        .values("agency__name")
        .annotate(n=Count("id", distinct=True))
        .order_by()
    )
    for row in hidden:
        holders.setdefault(row["agency__name"], {"agency": row["agency__name"], "records": 0, "events": 0})
        holders[row["agency__name"]]["events"] = row["n"]
    return sorted(holders.values(), key=lambda h: h["agency"])
