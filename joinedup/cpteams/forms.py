"""Forms for teams and section 47 enquiries. The services check everything; the forms only collect it."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from joinedup.agencies.models import Agency
from joinedup.cpteams.models import Discipline, Outcome, Team
from joinedup.cpteams.services import missing_disciplines

__all__ = ["CompleteForm", "EndForm", "EnquiryForm", "MemberForm", "OutcomeForm", "TaskForm", "TeamForm"]

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _user_label(user) -> str:
    return f"{user.get_full_name() or user.username}, {user.agency.name if user.agency_id else 'no agency'}"


class TeamForm(forms.Form):
    name = forms.CharField(max_length=200, required=False, label="Team name")
    area = forms.CharField(max_length=200, required=False, label="Area it covers")


class MemberForm(forms.Form):
    discipline = forms.ChoiceField(choices=Discipline.choices, label="Discipline")
    user = forms.ModelChoiceField(queryset=get_user_model().objects.none(), required=False,
                                  label="Member (a JoinedUp user)", empty_label="Not a JoinedUp user")
    name = forms.CharField(max_length=200, required=False, label="Or their name")
    agency = forms.ModelChoiceField(queryset=Agency.objects.order_by("name"), required=False,
                                    label="and their agency", empty_label="Choose an agency")
    role = forms.CharField(max_length=200, required=False, label="Role")
    registration = forms.CharField(max_length=100, required=False, label="Professional registration",
                                   help_text="Health and social work: the registration number (NMC, GMC, HCPC, "
                                             "Social Work England).")
    nominated_by = forms.CharField(max_length=200, required=False, label="Nominated by (health: the ICB)")
    start_date = forms.DateField(required=False, widget=DATE, label="Member from")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        users = get_user_model().objects.filter(is_active=True, agency__isnull=False).exclude(
            role__in=("analyst", "administrator", "agency_system")).select_related("agency").order_by("last_name")
        self.fields["user"].queryset = users
        self.fields["user"].label_from_instance = _user_label


class EndForm(forms.Form):
    member = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(max_length=300, required=False, label="Why the membership ends")


class EnquiryForm(forms.Form):
    strategy_discussion = forms.ModelChoiceField(queryset=None, label="The strategy discussion it comes from",
                                                 empty_label="Choose the strategy discussion")
    team = forms.ModelChoiceField(queryset=Team.objects.none(), label="Multi-agency child protection team",
                                  empty_label="Choose a team")
    lead = forms.ModelChoiceField(queryset=get_user_model().objects.none(), label="Lead social worker",
                                  empty_label="Choose the lead")
    started_on = forms.DateField(widget=DATE, label="Started on")
    concerns = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False,
                               label="What the enquiry is about",
                               help_text="The concerns the strategy discussion agreed, about what adults did or "
                                         "did not do. The child is never responsible for harm done to them.")

    def __init__(self, *args, person, **kwargs):
        from joinedup.cpteams.models import Membership
        from joinedup.meetings.models import STRATEGY_KINDS, Meeting

        kwargs.setdefault("initial", {}).setdefault("started_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["strategy_discussion"].queryset = Meeting.objects.filter(person=person, kind__in=STRATEGY_KINDS)
        self.fields["strategy_discussion"].label_from_instance = lambda m: m.label.capitalize()
        teams = Team.objects.filter(active=True).prefetch_related("memberships")
        self.fields["team"].queryset = teams
        self.fields["team"].label_from_instance = _team_label
        leads = get_user_model().objects.filter(pk__in=Membership.objects.filter(
            discipline=Discipline.SOCIAL_WORK, end_date__isnull=True, user__isnull=False).values("user_id"))
        self.fields["lead"].queryset = leads.select_related("agency")
        self.fields["lead"].label_from_instance = _user_label


def _team_label(team) -> str:
    missing = missing_disciplines(team)
    if missing:
        return f"{team.name} (cannot take an enquiry: no {', '.join(m.lower() for m in missing)} member)"
    return team.name


class TaskForm(forms.Form):
    discipline = forms.ChoiceField(choices=Discipline.choices, label="Which agency's task")
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Task")
    owner = forms.ModelChoiceField(queryset=get_user_model().objects.none(), required=False,
                                   label="Owner (a JoinedUp user)", empty_label="Not a JoinedUp user")
    owner_name = forms.CharField(max_length=200, required=False, label="Or the owner's name")
    owner_agency = forms.ModelChoiceField(queryset=Agency.objects.order_by("name"), required=False,
                                          label="and their agency", empty_label="Choose an agency")
    due_on = forms.DateField(required=False, widget=DATE, label="Due by")

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = get_user_model().objects.filter(
            pk__in=team.memberships.filter(end_date__isnull=True, user__isnull=False).values("user_id")
        ).select_related("agency")
        self.fields["owner"].label_from_instance = _user_label


class CompleteForm(forms.Form):
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label="What was done")


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(choices=Outcome.choices, widget=forms.RadioSelect, label="Outcome")
    reasons = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), required=False, label="Reasons")
