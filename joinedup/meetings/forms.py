"""Forms for recording a meeting. The checks that matter live in services.py, shared with the API."""

from django import forms
from django.utils import timezone

from joinedup.agencies.models import Agency
from joinedup.meetings.models import AgencyAttendance, DecisionKind, MeetingKind
from joinedup.meetings.selectors import users_who_see

DATE = {"type": "date"}


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        name = user.get_full_name() or user.username
        return f"{name}, {user.get_role_display().lower()}" + (f", {user.agency.name}" if user.agency_id else "")


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(choices=MeetingKind.choices, label="Kind of meeting")
    held_on = forms.DateField(label="Date held", widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
                              help_text="The day the meeting was held (or, for a planned meeting, will be held).")
    chair = UserChoiceField(queryset=None, label="Chair", empty_label=None,
                            help_text="Someone who may open this child's record in JoinedUp.")
    purpose = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Purpose",
                              help_text="What the meeting must decide or plan for the child.")
    agencies = forms.ModelMultipleChoiceField(queryset=Agency.objects.all(), widget=forms.CheckboxSelectMultiple,
                                              label="Agencies invited")
    child_views = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                  label="The child's views and wishes",
                                  help_text="In the child's words where you can, and how they were gathered.")

    def __init__(self, *args, person, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = users_who_see(person)
        self.fields["chair"].initial = user.pk
        self.fields["held_on"].initial = timezone.localdate()


class AttendanceForm(forms.Form):
    """One row per invited agency: how it took part, and who represented it."""

    def __init__(self, *args, invitations, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for invitation in invitations:
            name = invitation.agency.name
            self.fields[f"attendance_{invitation.pk}"] = forms.ChoiceField(
                choices=AgencyAttendance.choices, initial=invitation.attendance, label=f"How {name} took part")
            self.fields[f"represented_{invitation.pk}"] = forms.CharField(
                required=False, max_length=200, initial=invitation.represented_by,
                label=f"Who represented {name} (name and role)")
            self.rows.append((invitation, self[f"attendance_{invitation.pk}"], self[f"represented_{invitation.pk}"]))


class InviteForm(forms.Form):
    agencies = forms.ModelMultipleChoiceField(queryset=Agency.objects.none(), widget=forms.CheckboxSelectMultiple,
                                              label="Invite more agencies")

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        invited = meeting.invitations.values("agency_id")
        self.fields["agencies"].queryset = Agency.objects.exclude(pk__in=invited)


class MinutesForm(forms.Form):
    child_views = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                  label="The child's views and wishes",
                                  help_text="In the child's words where you can, and how they were gathered.")
    minutes = forms.CharField(widget=forms.Textarea(attrs={"rows": 10}), label="Minutes",
                              help_text="What was shared, by whom, and what it means for the child. The wording is "
                                        "checked against the partnership's language guidance when you save.")


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(choices=[("", "Choose a decision")] + DecisionKind.choices, label="What was decided")
    detail = forms.CharField(required=False, max_length=300, label="In words (if the choice does not say it all)")
    reasons = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Reasons",
                              help_text="What the meeting considered and why it decided so.")


class ActionForm(forms.Form):
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Action",
                                  help_text="What is to be done, and what it should change for the child.")
    owner = UserChoiceField(queryset=None, required=False, label="Owner (a JoinedUp user)",
                            empty_label="Not a JoinedUp user: name them below")
    owner_name = forms.CharField(required=False, max_length=200, label="Or the owner's name and role")
    owner_agency = forms.ModelChoiceField(queryset=Agency.objects.all(), required=False, label="Their agency",
                                          empty_label="Choose the owner's agency")
    due_on = forms.DateField(label="Due by", widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = users_who_see(person)


class CompleteForm(forms.Form):
    completed_on = forms.DateField(label="Done on", widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="What was done",
                           help_text="Required: what was done, and what it showed or changed for the child.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["completed_on"].initial = timezone.localdate()
