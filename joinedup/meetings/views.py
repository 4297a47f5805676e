"""Meeting pages: a child's meetings, recording a meeting, the meeting page (attendance, decisions, actions,
minutes and their circulation) and "My actions"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from engine.casework import load_deadlines
from joinedup.audit.services import log_access
from joinedup.meetings import services
from joinedup.meetings.forms import (
    ActionForm,
    AttendanceForm,
    CompleteForm,
    DecisionForm,
    InviteForm,
    MeetingForm,
    MinutesForm,
)
from joinedup.meetings.models import STRATEGY_KINDS, DecisionKind, MeetingAction
from joinedup.meetings.selectors import actions_for, may_complete, may_manage, visible_meetings
from joinedup.people.selectors import visible_people
from joinedup.prompts.selectors import prompts_for


def _reader(request):
    if not request.user.reads_case_data:
        raise PermissionDenied("Meetings are about individual children; your role does not read case records.")


def _base(request) -> str:
    return request.build_absolute_uri("/")


@login_required
def person_meetings(request, person_id: int):
    _reader(request)
    person = get_object_or_404(visible_people(request.user), pk=person_id)
    log_access(request, person, "meetings")
    meetings = visible_meetings(request.user).filter(person=person).prefetch_related("invitations__agency", "actions")
    today = timezone.localdate()
    rows = [(m, sum(1 for a in m.actions.all() if a.days_overdue(today))) for m in meetings]
    return render(request, "meetings/person_meetings.html", {"person": person, "rows": rows})


@login_required
def new_meeting(request, person_id: int):
    _reader(request)
    person = get_object_or_404(visible_people(request.user), pk=person_id)
    log_access(request, person, "meeting form")
    form = MeetingForm(request.POST or None, person=person, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.create_meeting(person=person, kind=data["kind"], held_on=data["held_on"],
                                              chair=data["chair"], organiser=request.user, purpose=data["purpose"],
                                              agencies=data["agencies"], child_views=data["child_views"])
        except services.MeetingRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"{meeting.get_kind_display()} recorded. Record attendance, decisions and "
                                      "actions below.")
            return redirect("meetings:detail", meeting_id=meeting.pk)
    return render(request, "meetings/new_meeting.html", {"person": person, "form": form},
                  status=400 if form.errors else 200)


def _meeting(request, meeting_id: int):
    _reader(request)
    return get_object_or_404(visible_meetings(request.user), pk=meeting_id)


def _detail(request, meeting, status: int = 200, **bound):
    """The meeting page, with any bound form (and its errors) in place of the blank one."""
    user, today = request.user, timezone.localdate()
    manager = may_manage(user, meeting)
    invitations = list(meeting.invitations.select_related("agency", "recorded_by"))
    actions = list(meeting.actions.select_related("owner", "owner__agency", "owner_agency", "completed_by"))
    prompt_ids = dict(prompts_for(user).filter(rule_id="D05", episode__in=[f"meeting_action:{a.pk}" for a in actions])
                      .values_list("episode", "pk"))
    rows = []
    for action in actions:
        form = bound.get("complete") if bound.get("complete_action") == action.pk else None
        rows.append({
            "action": action, "overdue": action.days_overdue(today), "prompt": prompt_ids.get(f"meeting_action:{action.pk}"),
            "form": (form or CompleteForm(prefix=f"complete-{action.pk}")) if not action.done and may_complete(user, action)
            else None,
        })
    minutes_rule = load_deadlines().rule("D06")
    minutes_due = minutes_rule.due({"held_on": meeting.held_on})
    meeting_prompts = prompts_for(user).filter(episode__in=[f"meeting:{meeting.pk}", f"strategy_discussion:{meeting.pk}"])
    held = meeting.held_on <= today
    decisions = list(meeting.decisions.select_related("recorded_by"))
    section_47 = meeting.kind in STRATEGY_KINDS and any(d.kind == DecisionKind.SECTION_47 for d in decisions)
    context = {
        "meeting": meeting, "person": meeting.person, "manager": manager, "held": held, "today": today,
        "invitations": invitations, "rows": rows, "decisions": decisions,
        "conference_due": load_deadlines().rule("D08").due({"held_on": meeting.held_on}) if section_47 else None,
        "minutes_due": minutes_due, "minutes_overdue": meeting.minutes_circulated_at is None and today > minutes_due,
        "meeting_prompts": meeting_prompts,
        "open_actions": sum(1 for a in actions if not a.done),
    }
    if manager:
        locked = meeting.minutes_locked
        context.update({
            "attendance_form": bound.get("attendance") or AttendanceForm(invitations=invitations) if held and not locked else None,
            "invite_form": bound.get("invite") or InviteForm(meeting=meeting) if not locked else None,
            "decision_form": bound.get("decision") or DecisionForm() if held and not locked else None,
            "action_form": bound.get("action") or ActionForm(person=meeting.person) if held else None,
            "minutes_form": bound.get("minutes") or MinutesForm(initial={"minutes": meeting.minutes,
                                                                         "child_views": meeting.child_views})
            if held and not locked else None,
            "circulate_error": bound.get("circulate_error"),
        })
    return render(request, "meetings/detail.html", context, status=status)


@login_required
def detail(request, meeting_id: int):
    meeting = _meeting(request, meeting_id)
    log_access(request, meeting.person, f"meeting {meeting.pk}")
    return _detail(request, meeting)


def _post(request, meeting, form_key: str, form, call, success: str, anchor: str):
    """Validate `form`, run `call(cleaned_data)`; on a refusal show the page again with the message."""
    log_access(request, meeting.person, f"meeting {meeting.pk}")
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except services.NotAllowed as refusal:
            raise PermissionDenied(str(refusal)) from refusal
        except services.MeetingRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, success)
            return _back(meeting, anchor)
    return _detail(request, meeting, status=400, **{form_key: form})


def _back(meeting, anchor: str):
    return redirect(reverse("meetings:detail", args=[meeting.pk]) + f"#{anchor}")


def _managed(request, meeting_id: int):
    meeting = _meeting(request, meeting_id)
    if not may_manage(request.user, meeting):
        raise PermissionDenied("Only the meeting's chair or the person who recorded it may change its record.")
    return meeting


@login_required
@require_POST
def attendance(request, meeting_id: int):
    meeting = _managed(request, meeting_id)
    invitations = list(meeting.invitations.select_related("agency"))
    form = AttendanceForm(request.POST, invitations=invitations)

    @transaction.atomic
    def call(data):                                  # every agency's row, or none of them
        for invitation in invitations:
            choice = data[f"attendance_{invitation.pk}"]
            if choice == invitation.attendance and data[f"represented_{invitation.pk}"] == invitation.represented_by:
                continue
            services.record_attendance(meeting, agency=invitation.agency, attendance=choice, actor=request.user,
                                       represented_by=data[f"represented_{invitation.pk}"])

    return _post(request, meeting, "attendance", form, call, "Attendance recorded.", "attendance")


@login_required
@require_POST
def invite(request, meeting_id: int):
    meeting = _managed(request, meeting_id)
    form = InviteForm(request.POST, meeting=meeting)
    return _post(request, meeting, "invite", form,
                 lambda data: services.invite(meeting, data["agencies"], actor=request.user),
                 "Agencies invited.", "attendance")


@login_required
@require_POST
def minutes(request, meeting_id: int):
    meeting = _managed(request, meeting_id)
    form = MinutesForm(request.POST)
    found = []

    def call(data):
        found.extend(services.save_minutes(meeting, minutes=data["minutes"], child_views=data["child_views"],
                                           actor=request.user))

    response = _post(request, meeting, "minutes", form, call, "Minutes saved. They are not circulated yet.", "minutes")
    if found:
        terms = ", ".join(f"“{f['matched_text']}”" for f in found)
        messages.info(request, f"The language checker flagged {terms} in the minutes; see why below before circulating.")
    return response


@login_required
@require_POST
def circulate(request, meeting_id: int):
    meeting = _managed(request, meeting_id)
    log_access(request, meeting.person, f"meeting {meeting.pk}")
    try:
        recipients = services.circulate_minutes(meeting, actor=request.user, link_base=_base(request))
    except services.MeetingRefused as refusal:
        meeting.refresh_from_db()
        return _detail(request, meeting, status=400, circulate_error=str(refusal))
    emailed = sum(1 for user in recipients if user.email)
    messages.success(request, f"Minutes circulated to {len(recipients)} people in the invited agencies "
                              f"({emailed} emailed a link).")
    return _back(meeting, "minutes")


@login_required
@require_POST
def decision(request, meeting_id: int):
    meeting = _managed(request, meeting_id)
    form = DecisionForm(request.POST)
    return _post(request, meeting, "decision", form,
                 lambda d: services.record_decision(meeting, kind=d["kind"], detail=d["detail"], reasons=d["reasons"],
                                                    actor=request.user),
                 "Decision recorded with its reasons; it is on the child's chronology.", "decisions")


@login_required
@require_POST
def add_action(request, meeting_id: int):
    meeting = _managed(request, meeting_id)
    form = ActionForm(request.POST, person=meeting.person)
    return _post(request, meeting, "action", form,
                 lambda d: services.add_action(meeting, description=d["description"], due_on=d["due_on"],
                                               owner=d["owner"], owner_name=d["owner_name"],
                                               owner_agency=d["owner_agency"], actor=request.user,
                                               link_base=_base(request)),
                 "Action added; its owner has been told.", "actions")


@login_required
@require_POST
def complete(request, action_id: int):
    _reader(request)
    action = get_object_or_404(MeetingAction.objects.filter(meeting__in=visible_meetings(request.user)), pk=action_id)
    meeting = action.meeting
    if not may_complete(request.user, action):
        raise PermissionDenied("Only the action's owner, or the meeting's chair, may record it as done.")
    form = CompleteForm(request.POST, prefix=f"complete-{action.pk}")
    log_access(request, meeting.person, f"meeting {meeting.pk}")
    if form.is_valid():
        try:
            services.complete_action(action, note=form.cleaned_data["note"],
                                     completed_on=form.cleaned_data["completed_on"], actor=request.user)
        except services.MeetingRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Action recorded as done, with what was done; it is on the child's chronology.")
            return _back(meeting, f"action-{action.pk}")
    return _detail(request, meeting, status=400, complete=form, complete_action=action.pk)


@login_required
def my_actions(request):
    _reader(request)
    today = timezone.localdate()
    actions = actions_for(request.user).order_by("completed_on", "due_on", "id")
    mine = [(a, a.days_overdue(today)) for a in actions if a.owner_id == request.user.pk and not a.done]
    chaired = [(a, a.days_overdue(today)) for a in actions if a.owner_id != request.user.pk and not a.done]
    done = [a for a in actions.filter(completed_on__isnull=False).order_by("-completed_on")[:50]
            if a.owner_id == request.user.pk or a.completed_by_id == request.user.pk]
    return render(request, "meetings/my_actions.html", {"mine": mine, "chaired": chaired, "done": done,
                                                        "today": today})
