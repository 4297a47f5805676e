"""Referral pages: make a referral, My referrals, the MASH's queue, and the referral with its decision and
feedback forms. Every page checks the child is visible to the reader (404 otherwise)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from joinedup.audit.services import log_access, log_accesses
from joinedup.people.selectors import sees_whole_picture_of, visible_people
from joinedup.referrals import selectors, services
from joinedup.referrals.continuum import need_level_name
from joinedup.referrals.forms import DecisionForm, FeedbackForm, ReferralForm, add_refusal
from joinedup.referrals.models import Referral


def _reader(request):
    if not request.user.reads_case_data:
        raise PermissionDenied("Referrals are about individual children; your role does not read case records.")


def _mash(request):
    if not selectors.may_decide(request.user):
        raise PermissionDenied("Only MASH officers work the referral queue.")


@login_required
def new(request, person_id: int):
    _reader(request)
    person = get_object_or_404(visible_people(request.user), pk=person_id)
    if not selectors.may_refer(request.user):
        raise PermissionDenied("The MASH receives referrals rather than making them.")
    if person.person_type != "child":
        raise Http404("A referral to children's social care is about a child.")
    form = ReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.make_referral(referrer=request.user, person=person, **form.cleaned_data)
        except services.Refused as refusal:
            add_refusal(form, refusal)
        else:
            messages.success(request, f"Referral R{referral.pk} sent to the MASH. A decision is due within one "
                                      "working day; you will be told the outcome.")
            return redirect("referrals:detail", referral_id=referral.pk)
    return render(request, "referrals/new.html", {"person": person, "form": form})


@login_required
def mine(request):
    _reader(request)
    mine = selectors.referrals_for(request.user).filter(referrer=request.user).order_by("-received_on", "-id")
    unread = [r for r in mine if r.feedback_at and not r.feedback_read_at]
    agency = []
    if request.user.role in ("dsl", "team_manager") and request.user.agency_id:
        agency = (selectors.referrals_for(request.user).filter(referrer_agency_id=request.user.agency_id)
                  .exclude(referrer=request.user).order_by("-received_on", "-id")[:200])
    mine = list(mine[:200])
    agency = list(agency)
    log_accesses(request, [r.person_id for r in [*mine, *agency, *unread]], "referrals list")
    return render(request, "referrals/mine.html", {"referrals": mine, "unread": unread, "agency": agency})


@login_required
def queue(request):
    _mash(request)
    today = timezone.localdate()
    waiting = []
    for referral in selectors.mash_queue()[:500]:
        due = selectors.decision_due_on(referral)
        waiting.append({"referral": referral, "waited": selectors.working_days_between(referral.received_on, today),
                        "due": due, "overdue": today > due, "level": need_level_name(referral.need_level)})
    feedback = [{"referral": r, "due": selectors.feedback_due_on(r), "overdue": today > selectors.feedback_due_on(r)}
                for r in selectors.awaiting_feedback()[:500]]
    log_accesses(request, [row["referral"].person_id for row in [*waiting, *feedback]], "MASH referrals queue")
    return render(request, "referrals/queue.html", {"waiting": waiting, "feedback": feedback, "today": today})


def _page(request, referral: Referral, *, decision_form=None, feedback_form=None, status=200):
    may_decide = selectors.may_decide(request.user)
    context = {
        "referral": referral, "may_decide": may_decide,
        "need_level": need_level_name(referral.need_level),
        "mash_need_level": need_level_name(referral.mash_need_level) if referral.mash_need_level else "",
        "decision_due": selectors.decision_due_on(referral), "feedback_due": selectors.feedback_due_on(referral),
        "waited": selectors.working_days_between(referral.received_on, timezone.localdate()),
        "show_decision": bool(referral.decided_at) and sees_whole_picture_of(request.user, referral.person),
    }
    if may_decide and not referral.decided_at:
        context["decision_form"] = decision_form or DecisionForm(initial={"mash_need_level": referral.need_level})
    if may_decide and referral.decided_at and not referral.feedback_at:
        context["feedback_form"] = feedback_form or FeedbackForm(initial={
            "feedback": f"The MASH decided: {referral.get_outcome_display()}."})
    return render(request, "referrals/detail.html", context, status=status)


def _referral(request, referral_id: int) -> Referral:
    _reader(request)
    return get_object_or_404(selectors.referrals_for(request.user), pk=referral_id)


@login_required
def detail(request, referral_id: int):
    referral = _referral(request, referral_id)
    log_access(request, referral.person, f"referral R{referral.pk}")
    services.mark_feedback_read(referral, request.user)
    return _page(request, referral)


@login_required
@require_POST
def pick_up(request, referral_id: int):
    referral = _referral(request, referral_id)
    _mash(request)
    try:
        services.pick_up(referral, actor=request.user)
    except services.Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "You have picked up this referral.")
    return redirect("referrals:detail", referral_id=referral.pk)


def _mash_step(request, referral_id: int, form_class, act, done: str, form_name: str):
    """A MASH officer's step on a referral: the form, the service's refusals shown on it, or success and back."""
    referral = _referral(request, referral_id)
    _mash(request)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            act(referral, actor=request.user, **form.cleaned_data)
        except services.Refused as refusal:
            add_refusal(form, refusal)
        else:
            messages.success(request, done)
            return redirect("referrals:detail", referral_id=referral.pk)
    log_access(request, referral.person, f"referral R{referral.pk}")
    return _page(request, referral, status=400, **{form_name: form})


@login_required
@require_POST
def decide(request, referral_id: int):
    return _mash_step(request, referral_id, DecisionForm, services.decide,
                      "Decision recorded with its reasons. Now tell the referrer the outcome.", "decision_form")


@login_required
@require_POST
def feedback(request, referral_id: int):
    return _mash_step(request, referral_id, FeedbackForm, services.give_feedback,
                      "Feedback sent: the referrer can read it on My referrals and has been emailed.", "feedback_form")
