"""Training forms: a session's attendance (many learners at once) and a learner who does not sign in."""

from django import forms
from django.utils import timezone

from engine.casework.training import load_training
from joinedup.agencies.models import Agency


def _course_choices():
    return [("", "Choose a course")] + [(c.code, c.title) for c in load_training().courses]


def _role_choices():
    training = load_training()
    ordered = list(training.non_user_roles) + [p for p in training.pathways if p.joinedup_role]
    return [("", "Choose a role")] + [(p.role, p.title) for p in ordered]


class SessionForm(forms.Form):
    course = forms.ChoiceField(choices=_course_choices, label="Course")
    attended_on = forms.DateField(label="Date of the session", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    evidence = forms.CharField(max_length=300, label="How attendance is known",
                               help_text="For example: signed register; certificate number; e-learning completion record.")
    learners = forms.MultipleChoiceField(choices=(), widget=forms.CheckboxSelectMultiple, label="Who attended")
    impact_note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False,
                                  label="What the learners said they will do differently (optional)",
                                  help_text="Kept to evaluate the training's impact. No marks or ratings.")

    def __init__(self, *args, learners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["learners"].choices = [(key, f"{name} — {role}") for key, name, role in learners]
        self.fields["attended_on"].initial = timezone.localdate()


class LearnerForm(forms.Form):
    name = forms.CharField(max_length=200, label="Name")
    job_title = forms.CharField(max_length=120, required=False, label="Job or volunteering role (optional)",
                                help_text="For example: youth club volunteer, school receptionist, minibus driver.")
    role = forms.ChoiceField(choices=_role_choices, label="Training pathway")
    agency = forms.ModelChoiceField(queryset=Agency.objects.all(), label="Agency", empty_label="Choose an agency")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.role != "administrator":
            self.fields["agency"].queryset = Agency.objects.filter(pk=user.agency_id)
            self.fields["agency"].initial = user.agency_id
            self.fields["agency"].empty_label = None
