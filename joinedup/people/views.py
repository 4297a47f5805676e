"""The person page: identity records by agency and the events the user may see."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

from joinedup.associations.models import Association
from joinedup.audit.models import AccessLog
from joinedup.audit.services import log_access
from joinedup.casenotes.models import CaseNote
from joinedup.people import selectors
from joinedup.people.households import household_picture
from joinedup.people.models import HouseholdMembership, Person


def _person_for(request, person_id: int):
    """The person, if the user may open them; 404 otherwise (no hint that the person exists)."""
    return get_object_or_404(selectors.visible_people(request.user), pk=person_id)


def _merged_target(request, person_id: int) -> int | None:
    """Where a person merged by linkage now lives, if the user may see that person."""
    seen, current = set(), person_id
    while current and current not in seen:
        seen.add(current)
        current_next = Person.objects.filter(pk=current).values_list("merged_into", flat=True).first()
        if not current_next:
            break
        current = current_next
    if current != person_id and selectors.visible_people(request.user).filter(pk=current).exists():
        return current
    return None


@login_required
def person_detail(request, person_id: int):
    target = _merged_target(request, person_id)
    if target:
        return redirect("people:detail", person_id=target)
    person = _person_for(request, person_id)
    log_access(request, person, "person page")
    records = selectors.visible_records(request.user, person)
    by_agency: dict = {}
    for record in records:
        by_agency.setdefault(record.agency, []).append(record)
    events = selectors.visible_events(request.user, person).prefetch_related("shared_with")[:500]
    memberships = (HouseholdMembership.objects.filter(record__in=records)
                   .select_related("household__location", "agency").order_by("start_date"))
    links = (Association.objects.filter(record__in=records)
             .select_related("agency", "other_record", "location", "group").order_by("valid_from"))
    notes = CaseNote.objects.filter(person=person).select_related("author", "agency")
    if not selectors.sees_whole_picture_of(request.user, person):
        notes = notes.filter(agency_id=request.user.agency_id)
    context = {
        "person": person,
        "notes": notes[:100],
        "records_by_agency": sorted(by_agency.items(), key=lambda item: item[0].name),
        "events": events,
        "whole_picture": selectors.sees_whole_picture_of(request.user, person),
        "held_elsewhere": selectors.other_agencies_holding(request.user, person),
        "memberships": memberships,
        "links": links,
        "household": household_picture(request.user, person),
    }
    return render(request, "people/person_detail.html", context)


@login_required
def access_log(request, person_id: int):
    """Who has viewed this person's record: for designated leads, team managers and MASH officers."""
    if not request.user.may_view_access_log:
        raise PermissionDenied("Only designated safeguarding leads, team managers and MASH officers see the access log.")
    person = _person_for(request, person_id)
    log_access(request, person, "access log")
    entries = AccessLog.objects.filter(person=person).select_related("user")[:500]
    return render(request, "people/access_log.html", {"person": person, "entries": entries})
