"""Training pages: your own pathway, the partnership's compliance by agency, an agency's learners, recording a
session's attendance, adding volunteers and other learners, and the courses and pathways themselves."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from engine.casework.training import load_training
from joinedup.accounts.models import Role
from joinedup.agencies.models import Agency
from joinedup.training import services
from joinedup.training.forms import LearnerForm, SessionForm


def _human(request):
    if request.user.role == Role.AGENCY_SYSTEM:
        raise PermissionDenied("Agency systems have no training records.")


def _agency(agency_id: int):
    """The agency (or None for partnership staff, id 0)."""
    if agency_id == 0:
        return None
    found = Agency.objects.filter(pk=agency_id).first()
    if found is None:
        raise Http404
    return found


@login_required
def home(request):
    _human(request)
    user, today = request.user, timezone.localdate()
    own = [r for r in services.learners_compliance(agency_id=user.agency_id, as_of=today) if r.key == f"u{user.pk}"]
    context = {"own": own[0] if own else None, "today": today,
               "partnership": services.agency_compliance(today) if services.may_see_partnership(user) else None,
               "manages": services.may_manage_agency(user, user.agency_id) or user.role == Role.ADMINISTRATOR}
    if context["partnership"] is not None:
        for summary in context["partnership"]:
            summary.may_open = services.may_manage_agency(user, summary.agency_id) or user.role == Role.ADMINISTRATOR
        context["totals"] = (sum(a.learners for a in context["partnership"]),
                             sum(a.up_to_date for a in context["partnership"]))
    return render(request, "training/home.html", context)


@login_required
def agency(request, agency_id: int):
    _human(request)
    found = _agency(agency_id)
    if not (services.may_manage_agency(request.user, agency_id or None) or request.user.role == Role.ADMINISTRATOR):
        raise PermissionDenied("Named learners are for administrators, and for team managers and designated leads "
                               "of their own agency.")
    rows = services.learners_compliance(agency_id=agency_id or None)
    return render(request, "training/agency.html", {
        "agency": found, "agency_id": agency_id, "rows": rows, "up_to_date": sum(r.check.up_to_date for r in rows),
        "today": timezone.localdate()})


@login_required
def record(request):
    _human(request)
    user = request.user
    if user.role == Role.ADMINISTRATOR:
        chosen = request.GET.get("agency") or request.POST.get("agency_id") or ""
        agency_id = int(chosen) if chosen.isdigit() else None
    else:
        agency_id = user.agency_id
    if not (services.may_manage_agency(user, agency_id) or user.role == Role.ADMINISTRATOR):
        raise PermissionDenied("Only administrators, or team managers and designated leads for their own agency, "
                               "record training attendance.")
    found = _agency(agency_id) if agency_id else None
    learners = services.recordable_learners(agency_id) if agency_id or user.role == Role.ADMINISTRATOR else []
    form = SessionForm(request.POST or None, learners=learners)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = services.record_attendance(course=data["course"], attended_on=data["attended_on"],
                                              evidence=data["evidence"], learners=data["learners"],
                                              impact_note=data["impact_note"], actor=user)
        except services.NotAllowed as refusal:
            raise PermissionDenied(str(refusal)) from refusal
        except services.TrainingRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            course = load_training().course(data["course"]).title
            messages.success(request, f"Attendance recorded: {len(made)} learner{'s' * (len(made) != 1)} attended "
                                      f"“{course}” on {data['attended_on']:%-d %b %Y}.")
            return redirect(reverse("training:agency", args=[agency_id or 0]))
    return render(request, "training/record.html", {
        "form": form, "agency": found, "agency_id": agency_id, "agencies": Agency.objects.all(),
        "administrator": user.role == Role.ADMINISTRATOR}, status=400 if form.errors else 200)


@login_required
def add_learner(request):
    _human(request)
    if not (services.may_manage_agency(request.user, request.user.agency_id) or request.user.role == Role.ADMINISTRATOR):
        raise PermissionDenied("Only administrators, or team managers and designated leads for their own agency, "
                               "add learners.")
    form = LearnerForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            learner = services.add_learner(name=data["name"], agency=data["agency"], role=data["role"],
                                           job_title=data["job_title"], actor=request.user)
        except services.NotAllowed as refusal:
            raise PermissionDenied(str(refusal)) from refusal
        except services.TrainingRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"{learner.name} added with the pathway for "
                                      f"{load_training().pathway(learner.role).title.lower()}.")
            return redirect(reverse("training:agency", args=[learner.agency_id]))
    return render(request, "training/add_learner.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def courses(request):
    return render(request, "training/courses.html", {"training": load_training()})
