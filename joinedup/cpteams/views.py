"""Pages for multi-agency child protection teams and their section 47 enquiries."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from joinedup.audit.services import log_access
from joinedup.cpteams import services
from joinedup.cpteams.forms import (
    CompleteForm,
    EndForm,
    EnquiryForm,
    MemberForm,
    OutcomeForm,
    TaskForm,
    TeamForm,
)
from joinedup.cpteams.models import REQUIRED, Discipline, Membership, Task, Team
from joinedup.cpteams.selectors import enquiries_for, may_manage_enquiry, may_manage_teams, tasks_for
from joinedup.people.selectors import visible_people
from joinedup.referrals.forms import add_refusal


def _reader(request):
    if not request.user.reads_case_data:
        raise PermissionDenied("Child protection teams co-ordinate enquiries about individual children.")


def _summary(team: Team, today) -> dict:
    current = [m for m in team.memberships.all() if m.current(today)]
    counts = {d: sum(1 for m in current if m.discipline == d) for d in Discipline.values}
    return {"team": team, "counts": [counts[d] for d in REQUIRED], "others": counts[Discipline.OTHER],
            "missing": services.missing_disciplines(team, today)}


@login_required
def team_list(request):
    _reader(request)
    today = timezone.localdate()
    teams = Team.objects.filter(active=True).prefetch_related("memberships")
    open_enquiries = list(enquiries_for(request.user).filter(outcome="")[:200])
    for enquiry in open_enquiries:
        log_access(request, enquiry.person, "section 47 enquiries (list)")
    return render(request, "cpteams/list.html", {
        "rows": [_summary(t, today) for t in teams], "required": [Discipline(d).label for d in REQUIRED],
        "enquiries": open_enquiries, "tasks": tasks_for(request.user), "today": today,
        "may_manage": may_manage_teams(request.user)})


@login_required
def new_team(request):
    _reader(request)
    if not may_manage_teams(request.user):
        raise PermissionDenied("Teams are set up by team managers and the MASH.")
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            team = services.create_team(actor=request.user, **form.cleaned_data)
        except services.Refused as refusal:
            add_refusal(form, refusal)
        else:
            messages.success(request, "Team created. Add its members: it needs education, social work, health and "
                                      "police members before it can take a section 47 enquiry.")
            return redirect("cpteams:team", team_id=team.pk)
    return render(request, "cpteams/new_team.html", {"form": form}, status=400 if form.errors else 200)


def _team_page(request, team, status=200, **forms):
    today = timezone.localdate()
    manager = may_manage_teams(request.user)
    members = list(team.memberships.select_related("user", "agency"))
    return render(request, "cpteams/team.html", {
        "team": team, "summary": _summary(team, today), "manager": manager,
        "current": [m for m in members if m.current(today)], "past": [m for m in members if not m.current(today)],
        "member_form": forms.get("member") or (MemberForm() if manager else None),
        "end_form": forms.get("end"), "enquiries": enquiries_for(request.user).filter(team=team),
    }, status=status)


@login_required
def team(request, team_id: int):
    _reader(request)
    return _team_page(request, get_object_or_404(Team, pk=team_id))


@login_required
@require_POST
def add_member(request, team_id: int):
    _reader(request)
    found = get_object_or_404(Team, pk=team_id)
    form = MemberForm(request.POST)
    if form.is_valid():
        try:
            services.add_member(found, actor=request.user, **form.cleaned_data)
        except services.Refused as refusal:
            add_refusal(form, refusal)
        else:
            messages.success(request, "Member added.")
            return redirect("cpteams:team", team_id=found.pk)
    return _team_page(request, found, status=400, member=form)


@login_required
@require_POST
def end_member(request, team_id: int):
    _reader(request)
    found = get_object_or_404(Team, pk=team_id)
    form = EndForm(request.POST)
    if form.is_valid():
        member = get_object_or_404(Membership, pk=form.cleaned_data["member"], team=found)
        try:
            services.end_membership(member, actor=request.user, reason=form.cleaned_data["reason"])
        except services.Refused as refusal:
            add_refusal(form, refusal)
        else:
            messages.success(request, f"{member.who} is no longer a member.")
            return redirect("cpteams:team", team_id=found.pk)
    return _team_page(request, found, status=400, end=form)


@login_required
def new_enquiry(request, person_id: int):
    _reader(request)
    person = get_object_or_404(visible_people(request.user), pk=person_id)
    log_access(request, person, "section 47 enquiry form")
    form = EnquiryForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            enquiry = services.open_enquiry(actor=request.user, person=person, **form.cleaned_data)
        except services.Refused as refusal:
            add_refusal(form, refusal)
        else:
            messages.success(request, f"Section 47 enquiry opened with {enquiry.team.name}. Set each agency's tasks.")
            return redirect("cpteams:enquiry", enquiry_id=enquiry.pk)
    return render(request, "cpteams/new_enquiry.html", {"person": person, "form": form},
                  status=400 if form.errors else 200)


def _enquiry(request, enquiry_id: int):
    _reader(request)
    enquiry = get_object_or_404(enquiries_for(request.user), pk=enquiry_id)
    log_access(request, enquiry.person, f"section 47 enquiry {enquiry.pk}")
    return enquiry


def _enquiry_page(request, enquiry, status=200, **forms):
    today = timezone.localdate()
    manager = may_manage_enquiry(request.user, enquiry)
    tasks = list(enquiry.tasks.select_related("owner", "owner_agency", "completed_by"))
    rows = [{"task": t, "overdue": t.days_overdue(today),
             "form": (forms.get("complete") if forms.get("complete_task") == t.pk else None)
             or (CompleteForm(prefix=f"done-{t.pk}") if not t.completed_on and (manager or t.owner_id == request.user.pk)
                 else None)} for t in tasks]
    return render(request, "cpteams/enquiry.html", {
        "enquiry": enquiry, "rows": rows, "manager": manager,
        "may_open_child": visible_people(request.user).filter(pk=enquiry.person_id).exists(),
        "task_form": forms.get("task") or (TaskForm(team=enquiry.team) if manager and enquiry.open else None),
        "outcome_form": forms.get("outcome") or (OutcomeForm() if manager and enquiry.open else None),
        "members": enquiry.team.memberships.filter(end_date__isnull=True).select_related("user", "agency"),
    }, status=status)


@login_required
def enquiry(request, enquiry_id: int):
    return _enquiry_page(request, _enquiry(request, enquiry_id))


@login_required
@require_POST
def add_task(request, enquiry_id: int):
    found = _enquiry(request, enquiry_id)
    form = TaskForm(request.POST, team=found.team)
    if form.is_valid():
        try:
            services.add_task(found, actor=request.user, **form.cleaned_data)
        except services.Refused as refusal:
            add_refusal(form, refusal)
        else:
            messages.success(request, "Task set.")
            return redirect("cpteams:enquiry", enquiry_id=found.pk)
    return _enquiry_page(request, found, status=400, task=form)


@login_required
@require_POST
def complete(request, task_id: int):
    task = get_object_or_404(Task, pk=task_id)
    found = _enquiry(request, task.enquiry_id)
    form = CompleteForm(request.POST, prefix=f"done-{task.pk}")
    if form.is_valid():
        try:
            services.complete_task(task, actor=request.user, note=form.cleaned_data["note"])
        except services.Refused as refusal:
            add_refusal(form, refusal)
        else:
            messages.success(request, "Task recorded as done.")
            return redirect("cpteams:enquiry", enquiry_id=found.pk)
    return _enquiry_page(request, found, status=400, complete=form, complete_task=task.pk)


@login_required
@require_POST
def outcome(request, enquiry_id: int):
    found = _enquiry(request, enquiry_id)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        try:
            services.record_outcome(found, actor=request.user, **form.cleaned_data)
        except services.Refused as refusal:
            add_refusal(form, refusal)
        else:
            messages.success(request, "Outcome recorded with its reasons. It is on the child's chronology.")
            return redirect("cpteams:enquiry", enquiry_id=found.pk)
    return _enquiry_page(request, found, status=400, outcome=form)
