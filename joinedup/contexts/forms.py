"""Forms for context records. Labels and hints are written for the practitioners who fill them in."""

from django import forms
from django.utils import timezone

from joinedup.accounts.models import Role, User
from joinedup.associations.models import HowKnown, Reliability
from joinedup.contexts.choices import ActionStatus, Attendance, PartnerType
from joinedup.contexts.models import Context
from joinedup.places.models import LocationKind

PEER_GROUP = "peer_group"
DATE = {"type": "date"}


def _date(label: str, help_text: str = "", required: bool = True, initial=None) -> forms.DateField:
    return forms.DateField(label=label, help_text=help_text, required=required, initial=initial,
                           widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))


def _text(label: str, help_text: str = "", rows: int = 4, required: bool = True) -> forms.CharField:
    return forms.CharField(label=label, help_text=help_text, required=required,
                           widget=forms.Textarea(attrs={"rows": rows}))


class ReferralForm(forms.Form):
    """Share information about a place, group, school or online space. It never asks for a child."""

    kind = forms.ChoiceField(label="What kind of context is it?",
                             choices=[*LocationKind.choices, (PEER_GROUP, "Peer group")])
    name = forms.CharField(label="Name", required=False, max_length=200,
                           help_text="The place's name (a takeaway, hotel, park, station, school), the online "
                                     "space's name, or the name agencies use for the group.")
    address = forms.CharField(label="Address", required=False, max_length=300,
                              help_text="For a place with an address. Leave empty for an online space or group.")
    postcode = forms.CharField(label="Postcode", required=False, max_length=8)
    concern = _text(
        "What is happening there?", rows=6,
        help_text="What you know about the place or group: who is there and when, what adults there are doing "
                  "(for example “men aged 20–45 offering girls lifts and alcohol”), what you or others saw. "
                  "You do not need to name any child.")
    how_known = forms.ChoiceField(label="How is it known?", choices=HowKnown.choices, widget=forms.RadioSelect)
    source_detail = _text("Who said or saw it?", rows=3, required=False,
                          help_text="For example “a shop owner told the neighbourhood officer”. Optional.")
    observed_on = _date("When was it seen or did it happen?",
                        "The date, or the date it first became known if the date itself is not known.")
    reliability = forms.ChoiceField(label="Has it been verified?", choices=Reliability.choices,
                                    widget=forms.RadioSelect)
    threshold_level = forms.ChoiceField(
        label="Which level of the continuum of need does it concern, if any?", required=False,
        help_text="Information below the threshold for a referral about a child, partial or anecdotal "
                  "information, and information about a place or group should still be shared (001 L243-249).")

    def __init__(self, *args, subject_fixed: bool = False, levels=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["threshold_level"].choices = [("", "Not known, or not about a level of need"), *levels]
        if subject_fixed:
            for name in ("kind", "name", "address", "postcode"):
                del self.fields[name]

    def clean(self):
        data = super().clean()
        if "kind" in self.fields and not (data.get("name", "").strip() or data.get("address", "").strip()):
            self.add_error("name", "Give the name of the place, online space or group (or the place's address).")
        if data.get("kind") == PEER_GROUP and not data.get("name", "").strip():
            self.add_error("name", "Give the name agencies use for the group.")
        return data


class AssessmentForm(forms.Form):
    """The context assessment triangle (guidance §3.2)."""

    collective_needs = _text(
        "Young people's collective needs and strengths",
        "The young people in this context as a group: what they need, what they bring, what they say about it.")
    guardianship = _text(
        "Guardianship",
        "Who is, or could be, keeping young people safe there: staff, residents, businesses, security, drivers.")
    environment = _text(
        "Environment", "Physical or online features: lighting, hidden corners, opening hours, routes, group chats.")
    policy_and_practice = _text(
        "Policy and practice", "Local rules, licensing, enforcement, the venue's or platform's own policies.")
    strengths = _text("Strengths", "What already helps young people be safe here.", rows=3, required=False)
    concerns = _text("Concerns", "What harm happens here, and who causes it.", rows=3, required=False)
    goals = _text("Goals", "What the findings mean the plan should aim for.", rows=3, required=False)
    sources_consulted = _text("Sources consulted",
                              "Who and what the assessment drew on: walkabouts, partners, young people, records.",
                              rows=3)
    assessed_on = _date("Assessed on")


class PlanForm(forms.Form):
    objectives = _text("Objectives", "What the plan aims to change in the context, so that young people are safer.")
    first_review_on = _date("First review by")


def _planning_users():
    return (User.objects.filter(is_active=True, role__in=[Role.PRACTITIONER, Role.DSL, Role.MASH_OFFICER,
                                                          Role.TEAM_MANAGER])
            .select_related("agency").order_by("last_name", "first_name", "username"))


class OwnerUserField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        agency = f", {user.agency.name}" if user.agency_id else ""
        return f"{user.get_full_name() or user.username}{agency}"


class ActionForm(forms.Form):
    action = _text("Action", "What will be done, and what it is for.", rows=3)
    owner_name = forms.CharField(label="Owner's name", max_length=200)
    owner_organisation = forms.CharField(label="Owner's organisation", max_length=200,
                                         help_text="For example the takeaway's owner, British Transport Police, "
                                                   "the housing association.")
    owner_partner = forms.ChoiceField(label="Is the organisation a statutory partner?", choices=PartnerType.choices,
                                      widget=forms.RadioSelect)
    owner_user = OwnerUserField(queryset=User.objects.none(), required=False, label="Owner's JoinedUp account",
                                empty_label="Not a JoinedUp user",
                                help_text="If the owner signs in to JoinedUp, they can record progress on it.")
    due_on = _date("Due by")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_user"].queryset = _planning_users()


class ActionUpdateForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=ActionStatus.choices, widget=forms.RadioSelect)
    note = _text("What has happened", "Progress, what was done, or why the action is no longer needed.", rows=3)
    completed_on = _date("Done on", "Only when the action is done.", required=False)


class ReviewForm(forms.Form):
    reviewed_on = _date("Reviewed on")
    progress = _text("Progress", "What has changed in the context since the plan started or was last reviewed.")
    changes = _text("What changes", "What changes in the plan, and why (or, if the plan ends, why).")
    next_review_on = _date("Next review by", "Leave empty only if the plan ends at this review.", required=False)
    ends_plan = forms.BooleanField(label="The plan ends at this review", required=False)


# ------------------------------------------------------------------------------------------ conference


class NumberedRowForm(forms.Form):
    """A row of a table-like formset whose labels say which row they belong to ("Attendee 2: name")."""

    row_label = "Row"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        index = (self.prefix or "0").rsplit("-", 1)[-1]
        number = int(index) + 1 if index.isdigit() else 1
        for field in self.fields.values():
            field.label = f"{self.row_label} {number}: {field.label.lower()}"


class AttendeeForm(NumberedRowForm):
    row_label = "Attendee"
    name = forms.CharField(label="Name", max_length=200)
    organisation = forms.CharField(label="Organisation", max_length=200)
    partner = forms.ChoiceField(label="Partner", choices=PartnerType.choices, initial=PartnerType.STATUTORY)
    attendance = forms.ChoiceField(label="Attendance", choices=Attendance.choices, initial=Attendance.ATTENDED)


class ConferenceActionForm(NumberedRowForm):
    row_label = "Action"
    action = forms.CharField(label="Action", widget=forms.Textarea(attrs={"rows": 2}))
    context = forms.ModelChoiceField(label="Context", queryset=Context.objects.all(), required=False,
                                     empty_label="All contexts discussed")
    owner_name = forms.CharField(label="Owner's name", max_length=200)
    owner_organisation = forms.CharField(label="Owner's organisation", max_length=200)
    owner_partner = forms.ChoiceField(label="Partner", choices=PartnerType.choices, initial=PartnerType.STATUTORY)
    due_on = forms.DateField(label="Due by", widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))


AttendeeFormSet = forms.formset_factory(AttendeeForm, extra=6)
ConferenceActionFormSet = forms.formset_factory(ConferenceActionForm, extra=3)


class ConferenceForm(forms.Form):
    held_on = _date("Held on")
    chair_name = forms.CharField(
        label="Chair's name", max_length=200,
        help_text="Context conferences are chaired with social-work leadership (guidance §3.8).")
    chair_organisation = forms.CharField(label="Chair's organisation", max_length=200)
    contexts = forms.ModelMultipleChoiceField(label="Contexts discussed", queryset=Context.objects.all(),
                                              widget=forms.CheckboxSelectMultiple)
    discussion = _text(
        "What was discussed about the context", rows=8,
        help_text="The place or group, not individual children: the physical design, who is there and when, "
                  "community guardians, peer dynamics, what adults do there, policies. Do not name any child.")


class WeightingForm(forms.Form):
    """Context weighting: which context needs to change first? An order with a reason for each place in it."""

    def __init__(self, *args, contexts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.contexts = list(contexts)
        n = len(self.contexts)
        places = [("", "Choose a place in the order"), *((str(i), _ordinal(i, n)) for i in range(1, n + 1))]
        for context in self.contexts:
            self.fields[f"position_{context.pk}"] = forms.ChoiceField(
                label=f"{context.name}: place in the order", choices=places)
            self.fields[f"reason_{context.pk}"] = forms.CharField(
                label=f"{context.name}: why it is at this place", widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        positions = {c.pk: data.get(f"position_{c.pk}") for c in self.contexts}
        chosen = [p for p in positions.values() if p]
        if len(chosen) != len(set(chosen)):
            raise forms.ValidationError("Give each context a different place in the order: the order says which "
                                        "context needs to change first, then next.")
        return data

    def ordered(self) -> list[tuple[Context, str]]:
        data = self.cleaned_data
        pairs = sorted(self.contexts, key=lambda c: int(data[f"position_{c.pk}"]))
        return [(c, data[f"reason_{c.pk}"]) for c in pairs]

    def rows(self):
        return [(c, self[f"position_{c.pk}"], self[f"reason_{c.pk}"]) for c in self.contexts]


def _ordinal(i: int, n: int) -> str:
    if i == 1:
        return "1: needs to change first"
    return f"{i}: last" if i == n else str(i)


def today():
    return timezone.localdate()
