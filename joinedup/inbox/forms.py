from django import forms

from joinedup.inbox.models import Action

__all__ = ["AcknowledgeForm"]


class AcknowledgeForm(forms.Form):
    action = forms.ChoiceField(choices=Action.choices, widget=forms.RadioSelect, required=False,
                               label="What did you do about this information?")
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, label="Note",
        help_text="What you did, or why no change is needed. Information about possible harm to a child is never "
                  "'for information only'.")
