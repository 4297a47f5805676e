"""The network view's filter: how many links out from the centre, and the period the links must fall in."""

from django import forms

from joinedup.network.picture import HOPS, Period


class NetworkFilter(forms.Form):
    hops = forms.TypedChoiceField(choices=[(h, f"{h} link{'s' if h > 1 else ''} out") for h in HOPS], coerce=int,
                                  initial=2, required=False, label="How far out",
                                  help_text="People, places and groups this many links from the centre.")
    start = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}),
                            help_text="Leave empty for every record.")
    end = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}),
                          help_text="Leave empty for every record.")

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", "The end of the period must be on or after its start.")
        if not data.get("hops"):
            data["hops"] = 2
        return data

    @property
    def period(self) -> Period:
        return Period(self.cleaned_data.get("start"), self.cleaned_data.get("end"))
