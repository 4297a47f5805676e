"""Who an incident is about and where each child is taught: the facts a notification rests on.

    children_of(event)              the children named in a police record, and the children in the household of
                                    (or children of) an adult named in it, each with how JoinedUp knows
    educational_setting(person, on) the child's school, or the local authority when the child is educated at
                                    home or missing education, or not known; with how JoinedUp knows

Police must notify where a child "may be a victim, present or not" (statutory guidance); children related to
either adult involved are included (docs/statutory.md). JoinedUp finds household children from its household
picture (joinedup.people.households), which rests on every agency's records.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from joinedup.agencies.models import Agency, AgencyKind
from joinedup.events.models import Event, EventSubject
from joinedup.people.household_models import HouseholdMember, PersonRelationship
from joinedup.people.models import Person, SourceRecord

__all__ = ["Setting", "children_of", "educational_setting"]

PARENTAL = ("parent", "step_parent", "parents_partner")
OUT_OF_SCHOOL = {"school.elective_home_education": "educated at home (elective home education)",
                 "school.child_missing_education": "missing education (not on a school roll)"}


def _current(day: date) -> Q:
    return (Q(superseded_by__isnull=True, withdrawn=False) & (Q(start_date__isnull=True) | Q(start_date__lte=day))
            & (Q(end_date__isnull=True) | Q(end_date__gte=day)))


def children_of(event: Event) -> list[tuple[Person, str]]:
    """Every child the incident may concern, once each, with how JoinedUp knows (in words)."""
    day = event.occurred_at.date()
    ids = (EventSubject.objects.filter(event=event, record__person__isnull=False)
           .order_by("position").values_list("record__person_id", flat=True))
    subjects = list(Person.objects.filter(id__in=list(ids), merged_into__isnull=True))
    found: dict[int, tuple[Person, str]] = {}
    for person in subjects:
        if person.person_type == "child":
            found.setdefault(person.pk, (person, "named in the police record"))
    adults = [p.pk for p in subjects if p.person_type == "adult"]
    if adults:
        homes = HouseholdMember.objects.filter(_current(day), person_id__in=adults).values("household_id")
        for member in (HouseholdMember.objects.filter(_current(day), household_id__in=homes,
                                                      person__person_type="child", person__merged_into__isnull=True)
                       .select_related("person", "household")):
            found.setdefault(member.person_id, (member.person, f"lives in the household at {member.household.address}"
                                                               " with an adult named in the police record"))
        for link in (PersonRelationship.objects.filter(_current(day), person_id__in=adults, relationship__in=PARENTAL,
                                                       other__person_type="child", other__merged_into__isnull=True)
                     .select_related("other")):
            found.setdefault(link.other_id, (link.other, "a child of an adult named in the police record"))
    return list(found.values())


@dataclass(frozen=True)
class Setting:
    kind: str              # RecipientKind
    agency: Agency | None
    basis: str


def education_service() -> Agency | None:
    """The local authority's education service (its elective home education and children missing education
    officers)."""
    return Agency.objects.filter(kind=AgencyKind.EDUCATION).order_by("id").first()


def educational_setting(person: Person, on: date) -> Setting:
    """Where the child is taught on `on`, as the schools' and education service's records show.

    A school holding a record of the child is its school; of several, the one that recorded something about the
    child most recently. A later record that the child left for home education, or is missing education, sends
    the notification to the local authority instead.
    """
    from joinedup.encompass.models import RecipientKind

    latest: dict[int, tuple] = {}
    for agency_id, kind, when in (Event.objects.filter(subjects__person=person, occurred_at__date__lte=on,
                                                       agency__kind__in=[AgencyKind.SCHOOL, AgencyKind.EDUCATION])
                                  .values_list("agency_id", "event_type", "occurred_at").order_by("occurred_at")):
        latest[agency_id] = (when, kind)
    out_of_school = max(((when, kind) for when, kind in latest.values() if kind in OUT_OF_SCHOOL), default=None)
    schools = list(SourceRecord.objects.filter(person=person, agency__kind=AgencyKind.SCHOOL)
                   .select_related("agency").order_by("-updated_at", "-id"))
    on_roll = sorted(dict.fromkeys(r.agency for r in schools), reverse=True,   # newest record first
                     key=lambda a: latest[a.pk][0].timestamp() if a.pk in latest else float("-inf"))
    school = on_roll[0] if on_roll else None
    school_seen = latest.get(school.pk, (None,))[0] if school else None
    if out_of_school and (school_seen is None or out_of_school[0] >= school_seen):
        service = education_service()
        words = OUT_OF_SCHOOL[out_of_school[1]]
        basis = f"recorded as {words} on {out_of_school[0]:%-d %b %Y}"
        if service is None:
            return Setting(RecipientKind.NOT_KNOWN, None, basis + "; the partnership has no education service in "
                                                                  "JoinedUp to tell")
        return Setting(RecipientKind.HOME_EDUCATION, service, basis)
    if school is not None:
        how = (f"{school.name} holds a record of the child" +
               (f" and recorded something about them on {school_seen:%-d %b %Y}" if school_seen else ""))
        if len(on_roll) > 1:
            how += f" (the most recent of {len(on_roll)} schools holding a record)"
        return Setting(RecipientKind.SCHOOL, school, how)
    return Setting(RecipientKind.NOT_KNOWN, None, "no school in the partnership holds a record of the child")

