"""Forms for recording a case decision (with its risk review) and for a manager's sign-off. The rules live in
services.py; these only shape the input."""

from django import forms

from engine.casework import load_partnership
from joinedup.agencies.models import Agency
from joinedup.decisions.models import Kind


def _levels():
    return [("", "Choose a level")] + [(level.code, level.name) for level in load_partnership().continuum_of_need]


def _text(label: str, help_text: str = "", rows: int = 4, required: bool = False) -> forms.CharField:
    return forms.CharField(label=label, help_text=help_text, required=required, max_length=20_000,
                           widget=forms.Textarea(attrs={"rows": rows}))


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(choices=Kind.choices, widget=forms.RadioSelect, label="What was decided?",
                             error_messages={"required": "Choose what was decided."})
    reasons = _text("Reasons", "What you considered, who you spoke to, and why you decided so. A decision to take "
                    "no further action, close, step down or defer is as significant as an escalation.", 5)
    from_level = forms.ChoiceField(choices=_levels, required=False, label="Level of help before (step-up or step-down)")
    to_level = forms.ChoiceField(choices=_levels, required=False, label="Level of help after (step-up or step-down)")
    help_in_place = _text("Help in place (closure or step-down)",
                          "What help is in place, and what shows it is working — not an assumption that it is.")
    help_confirmed_with = forms.CharField(label="Who confirmed the help is in place (closure or step-down)",
                                          help_text="Name, role and agency.", required=False, max_length=300)
    deferred_until = forms.DateField(label="Decide by (deferral)", required=False,
                                     widget=forms.DateInput(attrs={"type": "date"}))
    awaiting = _text("What the decision waits for (deferral)", rows=2)
    non_attendance_meaning = _text(
        "What the missed appointments mean for the child",
        "Who was responsible for bringing the child, what care or help the child has missed, and what that means.")
    risks_considered = _text("Risks considered", "The risks to the child, and why this decision is safe.")
    consulted = _text("Who was consulted", "Names, roles and agencies.", rows=2)
    shared_with = forms.ModelMultipleChoiceField(
        queryset=Agency.objects.order_by("name"), required=False, widget=forms.CheckboxSelectMultiple,
        label="Agencies the decision and the risk review were shared with")
    shared_with_people = forms.CharField(label="People it was shared with", help_text="Names and roles.",
                                         required=False, max_length=2_000)

    def risk_review(self) -> dict:
        data = self.cleaned_data
        return {name: data.get(name) for name in
                ("non_attendance_meaning", "risks_considered", "consulted", "shared_with", "shared_with_people")}


class SignOffForm(forms.Form):
    agreed = forms.TypedChoiceField(
        label="Do you agree with this decision?", widget=forms.RadioSelect, coerce=lambda v: v == "yes",
        error_messages={"required": "Say whether you agree with the decision."},
        choices=[("yes", "Yes: sign it off, the decision stands"), ("no", "No: I do not agree, the decision does not stand")])
    reasons = _text("Your reasons", "What you checked and why you agree, or why not and what should happen instead.")
