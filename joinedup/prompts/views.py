"""The prompt queue and the prompt page, where a named practitioner records a decision and its reasons."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect, render

from joinedup.audit.services import log_access, log_accesses
from joinedup.network.prompts import context_prompt_details, is_context_prompt
from joinedup.people.selectors import sees_whole_picture_of
from joinedup.prompts.deadlines import deadline_record_link
from joinedup.prompts.decisions import (
    NOT_YOURS_TO_DECIDE,
    DecisionRefused,
    addressee,
    agree,
    decide,
    may_agree,
)
from joinedup.prompts.models import Agreement, Outcome, PromptDecision, Status
from joinedup.prompts.selectors import awaiting_agreement_by, may_decide, prompts_for, queue_for
from joinedup.signs.selectors import sentences, signs_behind


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(choices=Outcome.choices, widget=forms.RadioSelect, label="What was decided?")
    reasons = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), label="Reasons",
        help_text="What you considered, who you spoke to, and why you decided so. "
                  "A decision of no further action needs reasons as much as any other.",
    )

    def __init__(self, *args, choices: list[tuple[str, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if choices is not None:
            self.fields["outcome"].choices = choices


class AgreementForm(forms.Form):
    agreed = forms.TypedChoiceField(
        choices=[("yes", "I agree: the prompt may close"), ("no", "I return it: it needs another decision")],
        coerce=lambda value: value == "yes", widget=forms.RadioSelect, label="Do you agree this decision?")
    agreement_reasons = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Your reasons",
                                        help_text="What you considered, and why you agree or return it.")


def _agreement(request, prompt):
    """The awaiting decision and, for a manager who may agree it, the form (handled here on POST)."""
    awaiting = prompt.decisions.filter(agreement=Agreement.AWAITING).select_related("decided_by").first()
    if awaiting is None or not may_agree(request.user, awaiting):
        return awaiting, None, None
    form = AgreementForm(request.POST if "agreed" in request.POST else None)
    if form.is_bound and form.is_valid():
        try:
            agree(awaiting, actor=request.user, agreed=form.cleaned_data["agreed"],
                  reasons=form.cleaned_data["agreement_reasons"])
        except DecisionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Your agreement is recorded with your reasons." if form.cleaned_data["agreed"]
                             else "Returned with your reasons: the prompt stays open for another decision.")
            return awaiting, form, redirect("prompts:detail", prompt_id=prompt.id)
    return awaiting, form, None


def _may_read(user, person, event) -> bool:
    """Contributing events may be about household members too: whole-picture users read them all, others
    their own agency's and those shared with it; the rest are counted, not shown."""
    if sees_whole_picture_of(user, person) or event.agency_id == user.agency_id:
        return True
    return any(share.agency_id == user.agency_id for share in event.eventshare_set.all())


def _reader(request):
    if not request.user.reads_case_data:
        raise PermissionDenied("Prompts are about individual children; your role does not read case records.")


@login_required
def queue(request):
    _reader(request)
    awaiting = PromptDecision.objects.filter(prompt=OuterRef("pk"), agreement=Agreement.AWAITING)
    prompts = list(queue_for(request.user).annotate(awaiting_agreement=Exists(awaiting))
                   .prefetch_related("children").order_by("moment", "id")[:300])
    to_agree = list(awaiting_agreement_by(request.user).prefetch_related("children").order_by("moment", "id")[:300])
    log_accesses(request, [pid for p in [*prompts, *to_agree] for pid in [p.person_id, *(c.pk for c in p.children.all())]
                           if pid], "prompts queue")
    return render(request, "prompts/queue.html", {"prompts": prompts, "to_agree": to_agree})


@login_required
def detail(request, prompt_id: int):
    _reader(request)
    prompt = (prompts_for(request.user).filter(pk=prompt_id).first()
              or get_object_or_404(awaiting_agreement_by(request.user), pk=prompt_id))
    about, record_link = {}, deadline_record_link(prompt)
    if is_context_prompt(prompt):  # about a place, group or adult: whole-picture users only
        # a deadline about a context (D10) names no child; the others name every child they connect
        about = {"context_prompt": True} if record_link else context_prompt_details(request, prompt)
    else:
        log_access(request, prompt.person, f"prompt {prompt.rule_id}")
    awaiting, agreement_form, done = _agreement(request, prompt)
    if done:
        return done
    decider = may_decide(request.user, prompt) and awaiting is None
    if request.method == "POST" and agreement_form is None and not may_decide(request.user, prompt):
        raise PermissionDenied(NOT_YOURS_TO_DECIDE.format(addressee=addressee(prompt)))
    form = DecisionForm(request.POST or None, choices=prompt.outcome_choices())
    if request.method == "POST" and decider and prompt.status == Status.OPEN and form.is_valid():
        try:
            decide(prompt, outcome=form.cleaned_data["outcome"], reasons=form.cleaned_data["reasons"],
                   actor=request.user)
        except DecisionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Decision recorded with its reasons; it is on the chronology of "
                                      + ("each child named." if about else "the child.")
                                      + (" It awaits a manager's agreement before the prompt closes."
                                         if prompt.decisions.filter(agreement=Agreement.AWAITING).exists() else ""))
            return redirect("prompts:detail", prompt_id=prompt.id)
    evidence = list(prompt.events.select_related("agency").prefetch_related("eventshare_set").order_by("occurred_at", "id"))
    shown = [event for event in evidence if _may_read(request.user, prompt.person, event)]
    written = signs_behind(prompt.rule_id, [event.id for event in shown])  # the sentences signs came from
    for event in shown:
        event.written = sentences(written.get(event.id, []))
    return render(request, "prompts/detail.html", {
        "prompt": prompt, "form": form if decider else None, "addressee": addressee(prompt), "awaiting": awaiting,
        "agreement_form": agreement_form, "events": shown, "withheld": len(evidence) - len(shown),
        "any_written": any(event.written for event in shown),
        "decisions": prompt.decisions.select_related("decided_by"), **about,
        "record_link": record_link,
        "record_kind": prompt.episode.partition(":")[0].replace("_", " "),
    })
