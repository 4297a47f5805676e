"""Operation Encompass forms. The services check everything; the forms only collect it."""

from django import forms

from joinedup.agencies.models import Agency, AgencyKind
from joinedup.encompass.models import Answer, RecipientKind, Support

__all__ = ["AcknowledgeForm", "NotOursForm", "RecordForm", "SendForm"]


class AcknowledgeForm(forms.Form):
    support = forms.MultipleChoiceField(choices=Support.choices, widget=forms.CheckboxSelectMultiple, required=False,
                                        label="Support offered to the child")
    support_note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, label="What the school will do",
        help_text="Who in school knows (on a need-to-know basis), what will happen today, and what the child wanted "
                  "if they said. The child is not questioned about the incident.")


class NotOursForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False,
                             label="Why the child is not on your roll",
                             help_text="For example: left on a date, and the new school if you know it.")


class SendForm(forms.Form):
    recipient_kind = forms.ChoiceField(
        choices=[(RecipientKind.SCHOOL, RecipientKind.SCHOOL.label),
                 (RecipientKind.HOME_EDUCATION, RecipientKind.HOME_EDUCATION.label)],
        widget=forms.RadioSelect, label="Who must be told")
    school = forms.ModelChoiceField(queryset=Agency.objects.none(), required=False, label="The child's school",
                                    empty_label="Choose a school")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = Agency.objects.filter(kind=AgencyKind.SCHOOL).order_by("name")


class RecordForm(forms.Form):
    police_reference = forms.CharField(max_length=100, required=False, label="Police incident reference")
    incident_at = forms.DateTimeField(label="When the incident happened",
                                      widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    place = forms.CharField(max_length=300, required=False, label="Where it happened")
    child_present = forms.ChoiceField(choices=Answer.choices, widget=forms.RadioSelect, label="Was the child present?")
    where_child_was = forms.CharField(max_length=300, required=False, label="Where the child was during the incident")
    child_spoken_to = forms.ChoiceField(choices=Answer.choices, widget=forms.RadioSelect,
                                        label="Did officers speak to the child?")
    child_said = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                 label="What the child said, in their own words")
    spoken_in_presence_of = forms.CharField(max_length=300, required=False,
                                            label="Who else was there when the child was spoken to")
    circumstances = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False,
                                    label="The circumstances of the incident",
                                    help_text="What happened, as the school needs to know it. Say what the adults did.")
    other_information = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                        label="Other relevant safeguarding information")
