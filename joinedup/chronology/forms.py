"""Forms: why a chronology is exported, and what a practitioner asks the MASH."""

from django import forms

from joinedup.chronology.models import ExportPurpose, RequestPurpose


class ExportForm(forms.Form):
    purpose = forms.ChoiceField(label="Why are you exporting this chronology?", choices=ExportPurpose.choices,
                                widget=forms.RadioSelect)
    purpose_detail = forms.CharField(label="More about the purpose (for example the date of the meeting)",
                                     required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if data.get("purpose") == ExportPurpose.OTHER and not (data.get("purpose_detail") or "").strip():
            self.add_error("purpose_detail", "Say why you are exporting the chronology.")
        return data


class InformationRequestForm(forms.Form):
    purpose = forms.ChoiceField(label="Why do you need the whole picture?", choices=RequestPurpose.choices,
                                widget=forms.RadioSelect)
    detail = forms.CharField(label="What do you need to know, and why?", max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 5}),
                             help_text="The MASH decides what can be shared and with whom.")
