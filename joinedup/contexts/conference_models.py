"""Context conferences (guidance §3.8): the context is discussed, not individual children; partners beyond the
statutory agencies attend; actions have owners; and context weighting orders the contexts discussed by which
needs to change first (§3.6), each place in the order with its reason. There is no score, rating or band."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from joinedup.contexts.choices import Attendance, PartnerType

__all__ = ["ConferenceAction", "ConferenceAttendee", "ContextConference", "ContextWeighting"]


class ContextConference(models.Model):
    held_on = models.DateField()
    chair_name = models.CharField(max_length=200)
    chair_organisation = models.CharField(max_length=200)
    contexts = models.ManyToManyField("contexts.Context", related_name="conferences",
                                      help_text="the places, groups, schools or online spaces discussed")
    discussion = models.TextField(help_text="what was discussed about the context: never about individual children")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"Context conference on {self.held_on:%d %b %Y}"


class ConferenceAttendee(models.Model):
    conference = models.ForeignKey(ContextConference, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200)
    partner = models.CharField(max_length=20, choices=PartnerType.choices)
    attendance = models.CharField(max_length=20, choices=Attendance.choices, default=Attendance.ATTENDED)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class ConferenceAction(models.Model):
    conference = models.ForeignKey(ContextConference, on_delete=models.CASCADE, related_name="actions")
    context = models.ForeignKey("contexts.Context", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="conference_actions", help_text="the context the action is about")
    action = models.TextField()
    owner_name = models.CharField(max_length=200)
    owner_organisation = models.CharField(max_length=200)
    owner_partner = models.CharField(max_length=20, choices=PartnerType.choices)
    due_on = models.DateField()

    class Meta:
        ordering = ["due_on", "id"]


class ContextWeighting(models.Model):
    """One place in the conference's answer to "which context needs to change first?": an order with reasons."""

    conference = models.ForeignKey(ContextConference, on_delete=models.CASCADE, related_name="weightings")
    context = models.ForeignKey("contexts.Context", on_delete=models.PROTECT, related_name="weightings")
    position = models.PositiveSmallIntegerField(help_text="1 = needs to change first")
    reason = models.TextField(help_text="why this context is at this place in the order")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["conference", "position"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "position"], name="weighting_position_once"),
            models.UniqueConstraint(fields=["conference", "context"], name="weighting_context_once"),
            models.CheckConstraint(name="weighting_position_from_one", condition=Q(position__gte=1)),
        ]
