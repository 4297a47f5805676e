"""Household pages and practitioners' changes to who lives with a child and how people are related.

Every change needs a reason and is audited (`HouseholdEdit`, plus the access log). Changes are
made from the child's page: the user must be able to open that child, see the row they change, and
hold a role that changes household records (`may_edit_households`).
"""

from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from joinedup.audit.services import log_access
from joinedup.people import households, selectors
from joinedup.people.choices import HouseholdRole
from joinedup.people.household_models import (
    HouseholdEdit,
    HouseholdMember,
    InferredHousehold,
    PersonRelationship,
)
from joinedup.people.models import Person


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=2000, strip=True)


class EndForm(ReasonForm):
    end_date = forms.DateField()


class RelationshipForm(ReasonForm):
    relationship = forms.ChoiceField(choices=households.relationship_choices)


class AddRelationshipForm(RelationshipForm):
    other = forms.IntegerField()
    start_date = forms.DateField(required=False)


class AddMemberForm(ReasonForm):
    member = forms.IntegerField()
    role = forms.ChoiceField(choices=[("", "Role not recorded"), *HouseholdRole.choices], required=False)
    start_date = forms.DateField(required=False)


def _person(request, person_id: int):
    return get_object_or_404(selectors.visible_people(request.user), pk=person_id)


def _back(person) -> str:
    return reverse("people:detail", args=[person.pk]) + "#household"


def _editable(request, person):
    if not households.may_edit_households(request.user, person):
        raise PermissionDenied("Your role does not change household records.")


def _visible_member(request, person, member_id: int) -> HouseholdMember:
    """A current membership in one of this person's households, that the user may see."""
    member = get_object_or_404(HouseholdMember.objects.select_related("household", "person"), pk=member_id,
                               superseded_by__isnull=True, withdrawn=False)
    in_household = HouseholdMember.objects.filter(household=member.household, person=person, withdrawn=False,
                                                  superseded_by__isnull=True).exists()
    whole = selectors.sees_whole_picture_of(request.user, person)
    if not in_household or not households._visible(request.user, member, whole):
        raise Http404
    return member


def _invalid(request, person, form):
    problems = "; ".join(f"{field.replace('_', ' ')}: {' '.join(errors)}" for field, errors in form.errors.items())
    messages.error(request, f"Nothing was changed. {problems}")
    return redirect(_back(person))


def _done(request, person, what: str, route_what: str):
    log_access(request, person, route_what)
    messages.success(request, what)
    return redirect(_back(person))


def household_change(form_class):
    """A change made from a child's page: the user may open the child and change household records, and the form
    (always with a reason) is valid. The view gets the child, the cleaned data and the audit fields of the change."""
    def decorate(view):
        @login_required
        @require_POST
        @wraps(view)
        def wrapped(request, person_id: int, **kwargs):
            person = _person(request, person_id)
            _editable(request, person)
            form = form_class(request.POST)
            if not form.is_valid():
                return _invalid(request, person, form)
            change = {"user": request.user, "person": person, "reason": form.cleaned_data["reason"],
                      "request_id": getattr(request, "id", None)}
            return view(request, person, form.cleaned_data, change, **kwargs)
        return wrapped
    return decorate


@household_change(ReasonForm)
def confirm_member(request, person, data, change, member_id: int):
    member = _visible_member(request, person, member_id)
    households.confirm_member(member, **change)
    return _done(request, person, f"Confirmed: {member.person.display_name} in the household at {member.household.address}.",
                 "household change")


@household_change(EndForm)
def end_member(request, person, data, change, member_id: int):
    member = _visible_member(request, person, member_id)
    try:
        households.end_member(member, end_date=data["end_date"], **change)
    except ValueError as problem:
        messages.error(request, f"Nothing was changed. {problem}")
        return redirect(_back(person))
    return _done(request, person, f"Recorded that {member.person.display_name} left the household on "
                 f"{data['end_date']:%-d %B %Y}.", "household change")


def _candidate(request, person, person_id: int) -> Person:
    """A person the user may name in a change: one already shown in this child's household picture."""
    if person_id not in dict(households.household_picture(request.user, person)["candidates"]):
        raise Http404
    return Person.objects.get(pk=person_id)


@household_change(AddMemberForm)
def add_member(request, person, data, change, household_id: int):
    household = get_object_or_404(InferredHousehold, pk=household_id, withdrawn=False,
                                  members__person=person, members__superseded_by__isnull=True)
    member_person = _candidate(request, person, data["member"])
    households.add_member(household, member_person=member_person, role=data["role"] or "",
                          start_date=data["start_date"], **change)
    return _done(request, person, f"Added {member_person.display_name} to the household at {household.address}.",
                 "household change")


def _visible_relationship(request, person, rel_id: int) -> PersonRelationship:
    row = get_object_or_404(PersonRelationship, pk=rel_id, superseded_by__isnull=True, withdrawn=False)
    if person.id not in (row.person_id, row.other_id):
        raise Http404
    if not households._visible(request.user, row, selectors.sees_whole_picture_of(request.user, person)):
        raise Http404
    return row


@household_change(RelationshipForm)
def correct_relationship(request, person, data, change, rel_id: int):
    row = _visible_relationship(request, person, rel_id)
    households.correct_relationship(row, relationship=data["relationship"], **change)
    label = dict(households.relationship_choices())[data["relationship"]]
    return _done(request, person, f"Relationship corrected: {label}.", "household change")


@household_change(AddRelationshipForm)
def add_relationship(request, person, data, change):
    other = _candidate(request, person, data["other"])
    households.add_relationship(other=other, relationship=data["relationship"], start_date=data["start_date"],
                                **change)
    return _done(request, person, f"Relationship recorded for {other.display_name}.", "household change")


@login_required
def household_detail(request, household_id: int):
    """One household over time: the people recorded there whom the user may open (the person page's check,
    `visible_people`), each as far as the user may see that person (`sees_whole_picture_of`), and the history of
    changes. Others recorded there are counted, never named: a page must not show whom the person page hides."""
    household = get_object_or_404(InferredHousehold, pk=household_id)
    openable = list(selectors.visible_people(request.user).filter(household_members__household=household).distinct())
    if not openable:
        raise Http404
    whole = {p.id: selectors.sees_whole_picture_of(request.user, p) for p in openable}
    rows, history, hidden, not_shown, logged = [], [], 0, set(), set()
    members = household.members.select_related("person", "recorded_by", "recording_agency")
    for member in members.order_by("start_date", "id"):
        if member.person_id not in whole:
            not_shown.add(member.person_id)
            continue
        if not households._visible(request.user, member, whole[member.person_id]):
            hidden += 1
            continue
        if member.person_id not in logged:
            log_access(request, member.person, "household page")
            logged.add(member.person_id)
        evidence = households._own_evidence(request.user, member, whole[member.person_id])
        entry = {"member": member, "evidence": [households._evidence_words(e) for e in evidence]}
        (rows if member.current else history).append(entry)
    if not rows and not history:
        raise Http404
    edits = HouseholdEdit.objects.filter(member__household=household, member__person_id__in=logged)
    if not any(whole.values()):
        edits = edits.filter(agency_code=request.user.agency.code if request.user.agency_id else "")
    edits = edits.select_related("user", "member__person")[:100]
    return render(request, "people/household_detail.html",
                  {"household": household, "rows": rows, "history": history, "hidden": hidden,
                   "not_shown": len(not_shown), "edits": edits})
