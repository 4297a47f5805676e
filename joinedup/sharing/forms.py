"""Forms for withholding, asking and answering. The services check the reasons; the forms collect them."""

from datetime import timedelta

from django import forms
from django.utils import timezone

from joinedup.agencies.models import Agency
from joinedup.chronology.models import RequestPurpose
from joinedup.sharing.models import ReasonCategory, RequestResponse
from joinedup.sharing.services import REASONS_MESSAGE

__all__ = ["AnswerForm", "RequestForm", "WithholdForm"]

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _review_default():
    return timezone.localdate() + timedelta(days=28)


class _WithholdFields(forms.Form):
    reason_category = forms.ChoiceField(choices=ReasonCategory.choices, widget=forms.RadioSelect, required=False,
                                        label="Reason category (the lawful basis or reason)")
    reasons = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), required=False,
                              label="Reasons for withholding", help_text=REASONS_MESSAGE)
    review_on = forms.DateField(widget=_DATE, required=False, label="Review the decision on",
                                help_text="Withholding is looked at again by this date (within a year).")
    under_duty = forms.BooleanField(required=False, initial=True,
                                    label="A decision not to share under the information-sharing duty",
                                    help_text="Children's Wellbeing and Schools Act 2026 s.4: agencies must share "
                                              "information about children; a decision not to is recorded and reported.")


class WithholdForm(_WithholdFields):
    event = forms.ModelChoiceField(queryset=None, required=False, label="The event withheld",
                                   help_text="An event your agency recorded about the child; or leave empty and "
                                             "describe another record below.")
    identifier = forms.BooleanField(required=False, label="What is withheld is the child's NHS number")
    what = forms.CharField(required=False, label="Or describe what is withheld", max_length=300)
    withheld_from = forms.ModelChoiceField(queryset=Agency.objects.none(), required=False,
                                           label="Withheld from which agency")

    field_order = ["event", "identifier", "what", "withheld_from", "reason_category", "reasons", "review_on",
                   "under_duty"]

    def __init__(self, *args, events=None, agency_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = events
        self.fields["event"].label_from_instance = self._event_label
        self.fields["withheld_from"].queryset = Agency.objects.exclude(pk=agency_id).order_by("name")
        self.fields["review_on"].initial = _review_default()

    @staticmethod
    def _event_label(event) -> str:
        from joinedup.sharing.services import event_words

        return event_words(event)


class RequestForm(forms.Form):
    to_agency = forms.ModelChoiceField(queryset=Agency.objects.none(), required=False,
                                       label="Which agency are you asking?")
    purpose = forms.ChoiceField(choices=RequestPurpose.choices, widget=forms.RadioSelect, required=False,
                                label="Why are you asking?")
    purpose_detail = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, label="What do you need to know, and why?",
        help_text="The agency you ask sees this: it judges what is relevant and proportionate to share from it.")
    needed_by = forms.DateField(widget=_DATE, required=False, label="Answer needed by (optional)")

    def __init__(self, *args, agency_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_agency"].queryset = Agency.objects.exclude(pk=agency_id).order_by("name")


class AnswerForm(_WithholdFields):
    response = forms.ChoiceField(choices=RequestResponse.choices, widget=forms.RadioSelect, required=False,
                                 label="Your answer")
    response_text = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), required=False,
                                    label="If sharing: the information shared")

    field_order = ["response", "response_text", "reason_category", "reasons", "review_on", "under_duty"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["review_on"].initial = _review_default()
        self.fields["reason_category"].label = "If withholding: " + self.fields["reason_category"].label.lower()
        self.fields["reasons"].label = "If withholding: reasons"
