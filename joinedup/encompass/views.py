"""Operation Encompass pages: the list (a school's notifications to read, a force's to send), a notification with
its answer, a police officer's notification by hand, and the partnership's timeliness by school."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from joinedup.audit.services import log_access
from joinedup.core.periods import report_period
from joinedup.encompass import selectors, services
from joinedup.encompass.forms import AcknowledgeForm, NotOursForm, RecordForm, SendForm
from joinedup.encompass.models import Status, Support
from joinedup.people.selectors import visible_people
from joinedup.referrals.forms import add_refusal

RECENT_DAYS = 60


def _reader(request):
    if not request.user.reads_case_data:
        raise PermissionDenied("Operation Encompass notifications are about individual children.")


@login_required
def notification_list(request):
    _reader(request)
    now = timezone.now()
    found = selectors.notifications_for(request.user)
    open_ = list(found.exclude(status=Status.ACKNOWLEDGED).order_by("due_at", "id")[:300])
    done = list(found.filter(status=Status.ACKNOWLEDGED, acknowledged_at__gte=now - timedelta(days=RECENT_DAYS))
                .order_by("-acknowledged_at")[:200])
    for person in {n.person for n in open_ + done}:
        log_access(request, person, "Operation Encompass notifications (list)")
    return render(request, "encompass/list.html", {
        "waiting": [n for n in open_ if n.status == Status.WAITING],
        "sent": [n for n in open_ if n.status == Status.SENT], "done": done, "now": now,
        "recent_days": RECENT_DAYS, "may_report": selectors.may_report(request.user),
    })


def _notification(request, notification_id: int):
    _reader(request)
    return get_object_or_404(selectors.notifications_for(request.user), pk=notification_id)


def _page(request, notification, status=200, **forms):
    user = request.user
    answer = selectors.may_answer(user, notification) and notification.status == Status.SENT
    context = {
        "n": notification, "now": timezone.now(), "support_labels": dict(Support.choices),
        "may_open_child": visible_people(user).filter(pk=notification.person_id).exists(),
        "acknowledge_form": forms.get("acknowledge") or (AcknowledgeForm() if answer else None),
        "not_ours_form": forms.get("not_ours") or (NotOursForm() if answer else None),
        "send_form": forms.get("send") or (SendForm() if selectors.may_send(user, notification) else None),
    }
    return render(request, "encompass/detail.html", context, status=status)


@login_required
def detail(request, notification_id: int):
    notification = _notification(request, notification_id)
    log_access(request, notification.person, f"Operation Encompass notification {notification.pk}")
    return _page(request, notification)


def _post(request, notification_id: int, form_class, key: str, call, success: str):
    notification = _notification(request, notification_id)
    log_access(request, notification.person, f"Operation Encompass notification {notification.pk}")
    form = form_class(request.POST)
    if form.is_valid():
        try:
            call(notification, form.cleaned_data)
        except services.Refused as refusal:
            add_refusal(form, refusal)
        else:
            messages.success(request, success)
            return redirect("encompass:detail", notification_id=notification.pk)
    return _page(request, notification, status=400, **{key: form})


@login_required
@require_POST
def acknowledge(request, notification_id: int):
    return _post(request, notification_id, AcknowledgeForm, "acknowledge",
                 lambda n, data: services.acknowledge(n, actor=request.user, **data),
                 "Acknowledged, with the support offered. It is on the child's chronology.")


@login_required
@require_POST
def not_ours(request, notification_id: int):
    return _post(request, notification_id, NotOursForm, "not_ours",
                 lambda n, data: services.not_ours(n, actor=request.user, **data),
                 "Returned to the police to send to the right setting.")


@login_required
@require_POST
def send(request, notification_id: int):
    return _post(request, notification_id, SendForm, "send",
                 lambda n, data: services.send(n, actor=request.user, **data), "Notification sent.")


@login_required
def record(request, person_id: int):
    _reader(request)
    person = get_object_or_404(visible_people(request.user), pk=person_id)
    if not (request.user.agency_id and request.user.agency.kind == "police"):
        raise PermissionDenied("Operation Encompass notifications are sent by the police.")
    log_access(request, person, "Operation Encompass notification form")
    form = RecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.record_notification(actor=request.user, person=person, **form.cleaned_data)
        except services.Refused as refusal:
            add_refusal(form, refusal)
        else:
            messages.success(request, f"Notification sent to {made.recipient.name}." if made.sent_at else
                             "Notification recorded. JoinedUp does not know the child's school: choose it below.")
            return redirect("encompass:detail", notification_id=made.pk)
    return render(request, "encompass/record.html", {"person": person, "form": form},
                  status=400 if form.errors else 200)


@login_required
def timeliness(request):
    if not selectors.may_report(request.user):
        raise PermissionDenied("The timeliness report is for partnership analysts and managers.")
    start, end = report_period(request)
    return render(request, "encompass/timeliness.html", {"report": selectors.timeliness(start, end)})
