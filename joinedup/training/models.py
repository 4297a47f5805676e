"""Training records (R77): who must attend which safeguarding courses (engine/casework/training.yaml) and who
attended them, for JoinedUp users and for volunteers and other staff who do not sign in.

"Have a training pathway that demonstrates different levels of training needed for different roles, to include
volunteers. [...] Ensure your agency maintains records of who has attended training" (001 L229-231).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

__all__ = ["Attendance", "Learner"]


class Learner(models.Model):
    """Someone who must follow a training pathway: a JoinedUp user, or a volunteer or other member of staff
    who does not sign in (name, agency and role kept here)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="learner")
    name = models.CharField(max_length=200)
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               help_text="empty for partnership staff who belong to no agency")
    role = models.CharField(max_length=40, help_text="the training pathway's role (training.yaml)")
    job_title = models.CharField(max_length=120, blank=True)
    active = models.BooleanField(default=True, help_text="false once they leave; kept for the record")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.CheckConstraint(name="learner_has_a_name", condition=~Q(name=""))]

    def __str__(self) -> str:
        return self.name


class Attendance(models.Model):
    """One learner attended one course on one day, and how that is known."""

    learner = models.ForeignKey(Learner, on_delete=models.PROTECT, related_name="attendances")
    course = models.CharField(max_length=40, help_text="the course code (training.yaml)")
    attended_on = models.DateField()
    evidence = models.CharField(max_length=300, help_text="how attendance is known: register, certificate, e-learning record")
    impact_note = models.TextField(blank=True, help_text="what the learner will do differently, for evaluating the "
                                                         "training's impact (001 L229-231)")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-attended_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["learner", "course", "attended_on"], name="attendance_once_a_day"),
            models.CheckConstraint(name="attendance_has_evidence", condition=~Q(evidence="")),
        ]
        indexes = [models.Index(fields=["course", "attended_on"], name="attendance_course_day")]

    def __str__(self) -> str:
        return f"{self.learner} attended {self.course} on {self.attended_on}"
