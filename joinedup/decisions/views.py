"""Record a case decision about a child, read it, and sign it off (a second person, a team manager)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from engine.casework import load_partnership
from joinedup.audit.services import log_access, log_accesses
from joinedup.decisions.deadlines import open_deferrals
from joinedup.decisions.forms import DecisionForm, SignOffForm
from joinedup.decisions.models import CaseDecision, Kind, RiskReview
from joinedup.decisions.nonengagement import prompts_calling_for_review
from joinedup.decisions.selectors import awaiting_sign_off_by, decisions_for, may_read, may_sign_off
from joinedup.decisions.services import DecisionRefused, record_decision, sign_off
from joinedup.escalations.selectors import escalations_for
from joinedup.language.services import check_note
from joinedup.people.selectors import visible_people


def _reader(request):
    if not request.user.reads_case_data:
        raise PermissionDenied("Case decisions are about individual children; your role does not read case records.")


def _flagged(request, person, text: str) -> None:
    findings = check_note(text, person=person)
    if findings:
        terms = ", ".join(f"“{f['matched_text']}”" for f in findings)
        messages.info(request, f"The language checker flagged {terms} in the reasons; consider rewording in an update.")


@login_required
def new(request, person_id: int):
    _reader(request)
    person = get_object_or_404(visible_people(request.user), pk=person_id)
    log_access(request, person, "case decision form")
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = record_decision(
                person, request.user, kind=data["kind"], reasons=data["reasons"], from_level=data["from_level"],
                to_level=data["to_level"], help_in_place=data["help_in_place"],
                help_confirmed_with=data["help_confirmed_with"], deferred_until=data["deferred_until"],
                awaiting=data["awaiting"], risk_review=form.risk_review())
        except DecisionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Decision recorded with its reasons. It awaits a team manager's sign-off and "
                                      "is on the child's chronology.")
            _flagged(request, person, decision.reasons)
            return redirect("decisions:detail", decision_id=decision.pk)
    earlier = decisions_for(request.user).filter(person=person)[:20]
    return render(request, "decisions/new.html", {
        "person": person, "form": form, "earlier": earlier,
        "review_prompts": prompts_calling_for_review(person, timezone.localdate()),
    })


def _readable(request, decision_id: int) -> CaseDecision:
    _reader(request)
    decision = get_object_or_404(CaseDecision.objects.select_related("person", "agency", "decided_by", "signed_off_by"),
                                 pk=decision_id)
    if not may_read(request.user, decision):
        raise Http404("No such decision")
    return decision


def _detail(request, decision: CaseDecision, form: SignOffForm | None = None):
    log_access(request, decision.person, f"case decision {decision.reference}")
    levels = {level.code: level.name for level in load_partnership().continuum_of_need}
    review = RiskReview.objects.filter(decision=decision).prefetch_related("shared_with", "prompts").first()
    return render(request, "decisions/detail.html", {
        "decision": decision, "review": review, "levels": levels,
        "from_level": levels.get(decision.from_level, ""), "to_level": levels.get(decision.to_level, ""),
        "may_sign_off": may_sign_off(request.user, decision), "form": form or SignOffForm(),
        "escalations": escalations_for(request.user).filter(case_decision=decision),
        "deferral_open": decision.kind == Kind.DEFERRAL and open_deferrals().filter(pk=decision.pk).exists(),
        "today": timezone.localdate(),
    })


@login_required
def detail(request, decision_id: int):
    return _detail(request, _readable(request, decision_id))


@login_required
@require_POST
def sign(request, decision_id: int):
    decision = _readable(request, decision_id)
    form = SignOffForm(request.POST)
    if form.is_valid():
        try:
            sign_off(decision, request.user, agreed=form.cleaned_data["agreed"], reasons=form.cleaned_data["reasons"])
        except DecisionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Sign-off recorded with your reasons; it is on the child's chronology.")
            return redirect("decisions:detail", decision_id=decision.pk)
    return _detail(request, decision, form)


@login_required
def decision_list(request):
    _reader(request)
    awaiting = list(awaiting_sign_off_by(request.user)[:100])
    mine = decisions_for(request.user).filter(decided_by=request.user)[:50]
    agency = (decisions_for(request.user).filter(agency_id=request.user.agency_id).exclude(decided_by=request.user)
              .exclude(pk__in=[d.pk for d in awaiting])[:50])
    mine, agency = list(mine), list(agency)
    log_accesses(request, [d.person_id for d in [*awaiting, *mine, *agency]], "decisions list")
    return render(request, "decisions/list.html", {"awaiting": awaiting, "mine": mine, "agency": agency})
