"""Referral, decision and feedback forms. The services check the reasons; the forms only collect them."""

from django import forms

from joinedup.core.reasons import Refused
from joinedup.referrals.continuum import need_levels
from joinedup.referrals.models import Consent, Outcome
from joinedup.referrals.services import CONSENT_NOT_A_BARRIER

__all__ = ["DecisionForm", "FeedbackForm", "ReferralForm", "add_refusal"]


def _level_choices():
    return [(level.code, f"{level.name}: {level.description}") for level in need_levels()]


def add_refusal(form: forms.Form, refusal: Refused) -> None:
    for field, messages in refusal.errors.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)


class ReferralForm(forms.Form):
    need_level = forms.ChoiceField(widget=forms.RadioSelect, label="Which level of need do you think applies?")
    concern = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}), label="What are you worried about?", required=False,
        help_text="What you have seen or heard, when, from whom, and why it worries you about the child's safety "
                  "or welfare. Describe what adults have done; the child is never responsible for harm done to them.")
    wanted_outcome = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label="What do you want to happen?", required=False,
        help_text="For example: an assessment, a strategy discussion, early help for the family, or advice.")
    consent = forms.ChoiceField(choices=Consent.choices, widget=forms.RadioSelect,
                                label="Has the family consented to this referral?")
    consent_reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False,
        label="If consent was not given: why are you referring without it?", help_text=CONSENT_NOT_A_BARRIER)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need_level"].choices = _level_choices()


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(choices=Outcome.choices, widget=forms.RadioSelect,
                                label="What type of response has the MASH decided?")
    mash_need_level = forms.ChoiceField(widget=forms.RadioSelect, label="The MASH's view of the level of need")
    reasons = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), label="Reasons for the decision", required=False,
        help_text="What you considered (the referral, what other agencies hold, the child's history) and why this "
                  "response. No further action needs reasons as much as any other decision.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mash_need_level"].choices = _level_choices()


class FeedbackForm(forms.Form):
    feedback = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label="What was decided, for the referrer",
                               required=False, help_text="In words the referrer can act on.")
    next_steps = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), label="What will happen next", required=False,
        help_text="Who will do what and when, and what the referrer should do if the concerns continue.")
