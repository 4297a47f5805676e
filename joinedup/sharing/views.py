"""Information-sharing pages: record a decision not to share, ask another agency (saying why), answer a
request, the managers' list of decisions to withhold, and the partnership's counts (naming no child)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from joinedup.audit.services import log_access
from joinedup.core.periods import report_period
from joinedup.events.models import Event
from joinedup.people.selectors import visible_people
from joinedup.referrals.forms import add_refusal
from joinedup.sharing import selectors, services
from joinedup.sharing.forms import AnswerForm, RequestForm, WithholdForm


def _reader(request):
    if not request.user.reads_case_data or not request.user.agency_id:
        raise PermissionDenied("Information sharing about a child is recorded by an agency's practitioners.")


@login_required
def withhold(request, person_id: int):
    _reader(request)
    person = get_object_or_404(visible_people(request.user), pk=person_id)
    events = (Event.objects.filter(agency_id=request.user.agency_id, subjects__person=person).distinct()
              .order_by("-occurred_at", "-id"))
    initial = {"event": request.GET.get("event")} if request.GET.get("event", "").isdigit() else {}
    form = WithholdForm(request.POST or None, events=events, agency_id=request.user.agency_id, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.withhold(actor=request.user, person=person, **form.cleaned_data)
        except services.Refused as refusal:
            add_refusal(form, refusal)
        else:
            messages.success(request, "Decision not to share recorded with its reasons and review date. It is "
                                      "audited and counted in the partnership's information-sharing report.")
            return redirect("people:detail", person_id=person.pk)
    log_access(request, person, "record a decision not to share")
    return render(request, "sharing/withhold.html", {"person": person, "form": form},
                  status=400 if form.errors else 200)


@login_required
def new_request(request, person_id: int):
    _reader(request)
    person = get_object_or_404(visible_people(request.user), pk=person_id)
    form = RequestForm(request.POST or None, agency_id=request.user.agency_id)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.make_request(actor=request.user, person=person, **form.cleaned_data)
        except services.Refused as refusal:
            add_refusal(form, refusal)
        else:
            messages.success(request, f"Request Q{made.pk} sent to {made.to_agency.name}, with its purpose.")
            return redirect("sharing:request", request_id=made.pk)
    return render(request, "sharing/request_new.html", {"person": person, "form": form},
                  status=400 if form.errors else 200)


@login_required
def requests(request):
    _reader(request)
    visible = selectors.requests_for(request.user)
    agency = request.user.agency_id
    return render(request, "sharing/requests.html", {
        "incoming": visible.filter(to_agency_id=agency).order_by("responded_at", "-created_at")[:200],
        "outgoing": visible.filter(from_agency_id=agency).order_by("-created_at")[:200],
        "may_list": selectors.may_list_withholds(request.user), "may_report": selectors.may_report(request.user),
    })


@login_required
def request_detail(request, request_id: int):
    _reader(request)
    found = get_object_or_404(selectors.requests_for(request.user), pk=request_id)
    log_access(request, found.person, f"information request Q{found.pk}")
    may_answer = found.to_agency_id == request.user.agency_id and not found.responded_at
    form = AnswerForm(request.POST or None) if may_answer else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.answer_request(found, actor=request.user, **form.cleaned_data)
        except services.Refused as refusal:
            add_refusal(form, refusal)
        else:
            messages.success(request, "Answer recorded and sent to the agency that asked.")
            return redirect("sharing:request", request_id=found.pk)
    withheld = getattr(found, "withhold_decision", None) if found.response == "withheld" else None
    return render(request, "sharing/request.html", {
        "req": found, "form": form, "withheld": withheld,
        "sees_reasons": withheld is not None and selectors.withholds_for(request.user).filter(pk=withheld.pk).exists(),
        "may_open_child": visible_people(request.user).filter(pk=found.person_id).exists(),
    }, status=400 if form is not None and form.errors else 200)


@login_required
def withheld_list(request):
    if not selectors.may_list_withholds(request.user):
        raise PermissionDenied("The list of decisions to withhold is for DSLs, team managers and the MASH.")
    decisions = list(selectors.withholds_for(request.user)[:300])
    for person in {d.person for d in decisions}:
        log_access(request, person, "decisions not to share (list)")
    today = timezone.localdate()
    return render(request, "sharing/withheld.html", {"decisions": decisions, "today": today})


@login_required
def report(request):
    if not selectors.may_report(request.user):
        raise PermissionDenied("The information-sharing report is for partnership analysts and managers.")
    start, end = report_period(request)
    return render(request, "sharing/report.html", {"report": selectors.partnership_report(start, end)})
