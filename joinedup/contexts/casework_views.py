"""Context casework pages: assessment, plan (actions, updates, reviews), context conferences and weighting."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from joinedup.contexts import forms as f
from joinedup.contexts import permissions, services
from joinedup.contexts.models import Context, ContextAssessment, ContextConference, ContextPlan, PlanAction
from joinedup.contexts.views import _reader


def _planner(request):
    _reader(request)
    if not permissions.may_plan(request.user):
        raise PermissionDenied("Context assessments, plans and conferences are recorded by MASH officers, team "
                               "managers and designated safeguarding leads.")


def _save(request, form, write: Callable, done: str):
    """Run `write` for a valid form; a refusal is shown on the form, a permission refusal is a 403."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = write(form.cleaned_data)
    except services.ContextRefused as refusal:
        form.add_error(None, str(refusal))
        return None
    except PermissionError as refusal:
        raise PermissionDenied(str(refusal)) from refusal
    messages.success(request, done)
    return result


def _page(request, template: str, **context):
    return render(request, f"contexts/{template}", context)


@login_required
def assess(request, context_id: int):
    _planner(request)
    context = get_object_or_404(Context, pk=context_id)
    form = f.AssessmentForm(request.POST or None, initial={"assessed_on": timezone.localdate()})
    if _save(request, form, lambda d: services.record_assessment(context, user=request.user, **d),
             "Context assessment recorded."):
        return redirect(f"{context_url(context)}#assessment")
    return _page(request, "assessment_form.html", context=context, form=form)


@login_required
def assessment_detail(request, assessment_id: int):
    _reader(request)
    assessment = get_object_or_404(ContextAssessment.objects.select_related("context", "assessed_by", "agency"),
                                   pk=assessment_id)
    return _page(request, "assessment_detail.html", assessment=assessment, context=assessment.context)


@login_required
def plan_new(request, context_id: int):
    _planner(request)
    context = get_object_or_404(Context, pk=context_id)
    form = f.PlanForm(request.POST or None)
    if _save(request, form, lambda d: services.start_plan(context, user=request.user, **d),
             "Context plan started. Add its actions, each with an owner."):
        return redirect(f"{context_url(context)}#plan")
    return _page(request, "plan_form.html", context=context, form=form)


@login_required
def action_new(request, plan_id: int):
    _planner(request)
    plan = get_object_or_404(ContextPlan.objects.select_related("context"), pk=plan_id)
    form = f.ActionForm(request.POST or None)
    if _save(request, form, lambda d: services.add_action(plan, user=request.user, **d), "Action added to the plan."):
        return redirect(f"{context_url(plan.context)}#plan")
    return _page(request, "action_form.html", context=plan.context, plan=plan, form=form)


@login_required
def action_update(request, action_id: int):
    _reader(request)
    action = get_object_or_404(PlanAction.objects.select_related("plan__context"), pk=action_id)
    if not permissions.may_update_action(request.user, action):
        raise PermissionDenied("Only the action's owner, or a MASH officer, team manager or designated safeguarding "
                               "lead, updates it.")
    form = f.ActionUpdateForm(request.POST or None, initial={"status": action.status})
    if _save(request, form, lambda d: services.update_action(action, user=request.user, **d), "Action updated."):
        return redirect(f"{context_url(action.plan.context)}#plan")
    return _page(request, "action_update_form.html", context=action.plan.context, action=action, form=form,
                 updates=action.updates.select_related("updated_by"))


@login_required
def review_new(request, plan_id: int):
    _planner(request)
    plan = get_object_or_404(ContextPlan.objects.select_related("context"), pk=plan_id)
    form = f.ReviewForm(request.POST or None, initial={"reviewed_on": timezone.localdate()})
    if _save(request, form, lambda d: services.review_plan(plan, user=request.user, **d), "Plan review recorded."):
        return redirect(f"{context_url(plan.context)}#plan")
    return _page(request, "review_form.html", context=plan.context, plan=plan, form=form)


@login_required
def conference_new(request):
    _planner(request)
    start = request.GET.get("context", "")
    initial = {"held_on": timezone.localdate()}
    if start.isdigit() and Context.objects.filter(pk=int(start)).exists():
        initial["contexts"] = [int(start)]
    data = request.POST or None
    form = f.ConferenceForm(data, initial=initial)
    attendees = f.AttendeeFormSet(data, prefix="attendees")
    actions = f.ConferenceActionFormSet(data, prefix="actions")
    if request.method == "POST" and form.is_valid() and attendees.is_valid() and actions.is_valid():
        people = [row.cleaned_data for row in attendees if row.has_changed() and row.cleaned_data]
        agreed = [row.cleaned_data for row in actions if row.has_changed() and row.cleaned_data]
        conference = _save(request, form, lambda d: services.record_conference(
            user=request.user, attendees=people, actions=agreed, contexts=list(d["contexts"]),
            **{k: v for k, v in d.items() if k != "contexts"}),
            "Context conference recorded. Now record the context weighting: which context needs to change first?")
        if conference:
            return redirect("contexts:weighting", conference_id=conference.pk)
    return _page(request, "conference_form.html", form=form, attendees=attendees, actions=actions)


@login_required
def conference_detail(request, conference_id: int):
    _reader(request)
    conference = get_object_or_404(ContextConference.objects.select_related("recorded_by", "agency"),
                                   pk=conference_id)
    return _page(request, "conference_detail.html", conference=conference,
                 contexts=conference.contexts.all(), attendees=conference.attendees.all(),
                 actions=conference.actions.select_related("context"),
                 weightings=conference.weightings.select_related("context"),
                 may_plan=permissions.may_plan(request.user))


@login_required
def weighting(request, conference_id: int):
    _planner(request)
    conference = get_object_or_404(ContextConference, pk=conference_id)
    contexts = list(conference.contexts.all())
    current = {w.context_id: w for w in conference.weightings.all()}
    initial = {}
    for context_id, row in current.items():
        initial[f"position_{context_id}"] = str(row.position)
        initial[f"reason_{context_id}"] = row.reason
    form = f.WeightingForm(request.POST or None, contexts=contexts, initial=initial)
    if _save(request, form, lambda d: services.record_weighting(conference, user=request.user, order=form.ordered()),
             "Context weighting recorded."):
        return redirect("contexts:conference", conference_id=conference.pk)
    return _page(request, "weighting_form.html", conference=conference, form=form, revising=bool(current))


def context_url(context) -> str:
    from django.urls import reverse

    return reverse("contexts:detail", args=[context.pk])
