"""CP-IS forms: an attendance (health practitioners) and a CP-IS file (children's social care managers)."""

from django import forms

from joinedup.cpis.models import Setting

__all__ = ["AttendanceForm", "FileForm"]


class AttendanceForm(forms.Form):
    setting = forms.ChoiceField(choices=Setting.choices, label="Kind of setting")
    setting_name = forms.CharField(max_length=200, required=False, label="Setting",
                                   help_text="For example: Northshire General Hospital emergency department")
    attended_at = forms.DateTimeField(label="When the child attended",
                                      widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))


class FileForm(forms.Form):
    kind = forms.ChoiceField(choices=[("plans", "Plans (the local authority's upload)"),
                                      ("accesses", "Access notifications from CP-IS")],
                             widget=forms.RadioSelect, label="Kind of file")
    file = forms.FileField(label="CP-IS CSV file")
