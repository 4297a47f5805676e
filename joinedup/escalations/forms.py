"""Forms for raising an escalation and for each step. The rules live in services.py; these shape the input."""

from django import forms

from engine.casework import load_partnership
from joinedup.agencies.models import Agency
from joinedup.escalations.against import EXTERNAL, choices_for
from joinedup.escalations.models import Category


def _text(label: str, help_text: str = "", rows: int = 4) -> forms.CharField:
    return forms.CharField(label=label, help_text=help_text, required=False, max_length=20_000,
                           widget=forms.Textarea(attrs={"rows": rows}))


class WithWhomForm(forms.Form):
    with_name = forms.CharField(label="Name of the person it is with", max_length=200, required=False)
    with_role = forms.CharField(label="Their role", max_length=200, required=False)
    with_agency = forms.ModelChoiceField(queryset=Agency.objects.order_by("name"), required=False,
                                         label="Their agency", empty_label="Choose an agency")
    with_email = forms.EmailField(label="Their email address", required=False,
                                  help_text="They are told by email that the escalation is with them and when the "
                                            "response is due.")


class RaiseForm(WithWhomForm):
    against = forms.ChoiceField(label="The decision you disagree with", error_messages={
        "required": "Name the decision you disagree with.", "invalid_choice": "Name the decision you disagree with."})
    external_decision = _text("What was decided (outside JoinedUp)", rows=2)
    external_decided_by = forms.CharField(label="Who decided (name, role and agency)", max_length=300, required=False)
    external_decided_on = forms.DateField(label="When it was decided", required=False,
                                          widget=forms.DateInput(attrs={"type": "date"}))
    category = forms.ChoiceField(choices=Category.choices, widget=forms.RadioSelect,
                                 label="What is the difference about?",
                                 error_messages={"required": "Say what the difference is about."})
    concern = _text("Your concern", "What the professional difference is, and the evidence for your concern.", 5)
    outcome_sought = _text("The outcome you are seeking", "What you want to happen for the child.", 3)
    urgent = forms.BooleanField(required=False, label="The child may be at risk of harm now: each stage has one "
                                                      "working day")
    start_stage = forms.ChoiceField(label="Start at stage", required=False)

    field_order = ["against", "external_decision", "external_decided_by", "external_decided_on", "category",
                   "concern", "outcome_sought", "urgent", "start_stage"]

    def __init__(self, *args, user, person, **kwargs):
        super().__init__(*args, **kwargs)
        named = [(n.key, n.words) for n in choices_for(user, person)]
        self.fields["against"].choices = [("", "Choose the decision")] + named + [
            (EXTERNAL, "A decision made outside JoinedUp (describe it below)")]
        self.fields["start_stage"].choices = [
            (s.code, f"{s.name} ({s.working_days} working day{'s' * (s.working_days != 1)})")
            for s in load_partnership().escalation_stages]

    def external(self) -> dict:
        return {k: self.cleaned_data.get(k) for k in ("external_decision", "external_decided_by", "external_decided_on")}


class RespondForm(forms.Form):
    response = _text("The response", "What the person this stage is with said or decided, and why.")


class NextStageForm(WithWhomForm):
    reasons = _text("Why the difference is not resolved at this stage",
                    "What was discussed, what the response was (or that none came), and why you are taking it further.")
    field_order = ["reasons", "with_name", "with_role", "with_agency", "with_email"]


class ResolveForm(forms.Form):
    outcome = _text("The agreed outcome", "What was agreed, and what will change for the child.")


class CloseForm(forms.Form):
    reasons = _text("Why the escalation is ending without agreement")
    outcome = _text("What happens now for the child (if known)",
                    "If you leave this empty, a prompt will ask you to record it.", 3)


class OutcomeForm(forms.Form):
    outcome = _text("The outcome", "What happens now for the child, now that the escalation has ended.")
