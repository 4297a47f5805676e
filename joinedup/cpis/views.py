"""CP-IS pages: a person's flag and last 25 attendances (health records an attendance there), and the CP-IS page
where children's social care imports CP-IS files and exports its plans."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from joinedup.audit.services import log_access
from joinedup.cpis import services
from joinedup.cpis.forms import AttendanceForm, FileForm
from joinedup.cpis.models import CpisFile
from joinedup.cpis.status import flags_for, own_spans
from joinedup.people.selectors import visible_people
from joinedup.referrals.forms import add_refusal


@login_required
def person(request, person_id: int):
    found = get_object_or_404(visible_people(request.user), pk=person_id)
    if not services.may_see_flag(request.user, found):
        raise PermissionDenied("CP-IS is shown to health practitioners and to those who see the whole picture.")
    log_access(request, found, "CP-IS flag and attendances")
    health = request.user.agency.kind == "health" if request.user.agency_id else False
    flags = flags_for(found)
    form = AttendanceForm(request.POST or None) if health and flags else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            made = services.record_attendance(found, actor=request.user, **form.cleaned_data)
        except services.Refused as refusal:
            add_refusal(form, refusal)
        else:
            messages.success(request, f"Attendance recorded. Told {made.told}.")
            return redirect("cpis:person", person_id=found.pk)
    return render(request, "cpis/person.html", {
        "person": found, "flags": flags, "attendances": services.last_attendances(found), "form": form,
        "shown": services.SHOWN}, status=400 if form is not None and form.errors else 200)


def _manager(request):
    try:
        services._may_import(request.user)
    except services.Refused as refusal:
        raise PermissionDenied(str(refusal)) from refusal


@login_required
def home(request):
    _manager(request)
    from joinedup.identifiers.selectors import nhs_numbers_of

    today = timezone.localdate()
    flagged = {pid for pid, spans in own_spans().items() if any(s.flagged(today) for s in spans)}
    numbers = nhs_numbers_of(flagged)
    missing = sorted(visible_people(request.user).filter(pk__in=flagged - set(numbers)), key=lambda p: p.display_name)
    for child in missing:
        log_access(request, child, "CP-IS: children without an NHS number (list)")
    form = FileForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            text = upload.read().decode("utf-8-sig")
            result = services.import_cpis_file(text, kind=form.cleaned_data["kind"], name=upload.name,
                                               actor=request.user)
        except UnicodeDecodeError:
            form.add_error("file", "The file is not UTF-8 text (save it as CSV UTF-8).")
        except services.CpisFileRefused as refused:
            for error in refused.errors[:50]:
                form.add_error(None, str(error))
        except services.Refused as refusal:
            add_refusal(form, refusal)
        else:
            messages.success(request, f"{result.file.name}: {result.file.rows} rows, {result.file.created} new, "
                                      f"{result.file.updated} changed, {result.file.unchanged} unchanged.")
            return redirect("cpis:home")
    return render(request, "cpis/home.html", {
        "form": form, "flagged": len(flagged), "missing": missing, "files": CpisFile.objects.all()[:20],
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def export(request):
    _manager(request)
    done = services.export_plans(actor=request.user)
    response = HttpResponse(("\ufeff" + done.csv).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="cpis-plans-{timezone.localdate():%Y%m%d}.csv"'
    response["Cache-Control"] = "no-store"
    return response
