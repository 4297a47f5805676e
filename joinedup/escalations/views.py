"""Raise an escalation against a named decision, take it through its stages, and read its timeline."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from engine.casework import load_partnership
from joinedup.accounts.models import Role
from joinedup.audit.services import log_access
from joinedup.escalations import services
from joinedup.escalations.against import describe
from joinedup.escalations.chronology import timeline
from joinedup.escalations.forms import (
    CloseForm,
    NextStageForm,
    OutcomeForm,
    RaiseForm,
    ResolveForm,
    RespondForm,
)
from joinedup.escalations.models import Escalation, Status
from joinedup.escalations.partnership import overview
from joinedup.escalations.selectors import escalations_for, may_respond, on_raising_side
from joinedup.people.selectors import visible_people

OVERVIEW_ROLES = {Role.ANALYST, Role.TEAM_MANAGER, Role.MASH_OFFICER}


def _reader(request):
    if not request.user.reads_case_data:
        raise PermissionDenied("Escalations are about individual children; your role does not read case records.")


def _with(data) -> dict:
    return {k: data.get(k) for k in ("with_name", "with_role", "with_agency", "with_email")}


@login_required
def new(request, person_id: int):
    _reader(request)
    person = get_object_or_404(visible_people(request.user), pk=person_id)
    log_access(request, person, "escalation form")
    initial = {"against": request.GET.get("against", "")}
    form = RaiseForm(request.POST or None, initial=initial, user=request.user, person=person)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            escalation = services.raise_escalation(
                person, request.user, against=data["against"], category=data["category"], concern=data["concern"],
                outcome_sought=data["outcome_sought"], urgent=data["urgent"], start_stage=data["start_stage"],
                external=form.external(), **_with(data))
        except services.EscalationRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"Escalation {escalation.reference} raised. The person it is with has been "
                                      "told by email; it is on the child's chronology.")
            return redirect("escalations:detail", escalation_id=escalation.pk)
    return render(request, "escalations/new.html", {"person": person, "form": form,
                                                    "stages": load_partnership().escalation_stages})


def _readable(request, escalation_id: int) -> Escalation:
    _reader(request)
    escalation = escalations_for(request.user).filter(pk=escalation_id).first()
    if escalation is None:
        raise Http404("No such escalation")
    return escalation


def _detail(request, escalation: Escalation, **forms):
    log_access(request, escalation.person, f"escalation {escalation.reference}")
    stage = escalation.current_stage()
    partnership = load_partnership()
    following = partnership.next_stage(stage.code) if stage and stage.code in [
        s.code for s in partnership.escalation_stages] else None
    raising = on_raising_side(request.user, escalation)
    context = {
        "escalation": escalation, "against": describe(escalation), "timeline": timeline(escalation),
        "stages": escalation.stages.select_related("with_agency", "responded_by"), "stage": stage,
        "following": following, "raising_side": raising, "is_open": escalation.is_open,
        "may_respond": escalation.is_open and stage and not stage.responded_at
        and may_respond(request.user, escalation, stage),
        "respond_form": forms.get("respond") or RespondForm(prefix="respond"),
        "next_form": forms.get("next") or NextStageForm(prefix="next"),
        "resolve_form": forms.get("resolve") or ResolveForm(prefix="resolve"),
        "close_form": forms.get("close") or CloseForm(prefix="close"),
        "outcome_form": forms.get("outcome") or OutcomeForm(prefix="outcome"),
        "needs_outcome": escalation.status == Status.CLOSED and not escalation.outcome and raising,
    }
    return render(request, "escalations/detail.html", context)


@login_required
def detail(request, escalation_id: int):
    return _detail(request, _readable(request, escalation_id))


def _step(name, form_class, act, done: str):
    @login_required
    @require_POST
    def view(request, escalation_id: int):
        escalation = _readable(request, escalation_id)
        form = form_class(request.POST, prefix=name)
        if form.is_valid():
            try:
                act(escalation, request.user, form.cleaned_data)
            except services.EscalationRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, done)
                return redirect("escalations:detail", escalation_id=escalation.pk)
        return _detail(request, escalation, **{name: form})

    view.__name__ = name
    return view


respond = _step("respond", RespondForm, lambda e, u, d: services.respond(e, u, response=d["response"]),
                "Response recorded; it is on the escalation's timeline and the child's chronology.")
next_stage = _step("next", NextStageForm,
                   lambda e, u, d: services.next_stage(e, u, reasons=d["reasons"], **_with(d)),
                   "Escalation moved to the next stage; the person it is now with has been told by email.")
resolve = _step("resolve", ResolveForm, lambda e, u, d: services.resolve(e, u, outcome=d["outcome"]),
                "Escalation resolved with the agreed outcome.")
close = _step("close", CloseForm, lambda e, u, d: services.close(e, u, reasons=d["reasons"], outcome=d["outcome"]),
              "Escalation ended without agreement.")
record_outcome = _step("outcome", OutcomeForm, lambda e, u, d: services.record_outcome(e, u, outcome=d["outcome"]),
                       "Outcome recorded.")


@login_required
def escalation_list(request):
    _reader(request)
    show = request.GET.get("show", "open")
    escalations = escalations_for(request.user).prefetch_related("stages__with_agency")
    escalations = escalations.filter(status=Status.OPEN) if show == "open" else escalations.exclude(status=Status.OPEN)
    rows = [(e, e.current_stage()) for e in escalations.order_by("raised_at", "id")[:300]]
    return render(request, "escalations/list.html", {"rows": rows, "show": show,
                                                     "may_see_overview": request.user.role in OVERVIEW_ROLES})


@login_required
def partnership_view(request):
    if request.user.role not in OVERVIEW_ROLES:
        raise PermissionDenied("The partnership overview is for analysts, team managers and MASH officers.")
    try:
        months = min(max(int(request.GET.get("months", 12)), 1), 60)
    except ValueError:
        months = 12
    return render(request, "escalations/partnership.html", {"data": overview(months), "months": months})
