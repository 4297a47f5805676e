"""Contexts: places, peer groups, schools and online spaces as casework records (issue 5).

Harm outside the family happens in places and groups (practice guidance §3). A context is a record in
its own right: it can be referred without naming any child (R05, 001 L243-249), assessed (the context
triangle), planned for, and discussed at a context conference. Children are connected to it through
associations and events, which are information from a source, never fact.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from joinedup.associations.models import HowKnown, Reliability

__all__ = ["Context", "ContextAssessment", "ContextKind", "ContextReferral"]


class ContextKind(models.TextChoices):
    LOCATION = "location", "Location"
    PEER_GROUP = "peer_group", "Peer group"
    SCHOOL = "school", "School"
    ONLINE = "online", "Online space"


class Context(models.Model):
    """A place, peer group, school or online space that agencies are concerned about, or working to change."""

    kind = models.CharField(max_length=20, choices=ContextKind.choices)
    name = models.CharField(max_length=200)
    location = models.ForeignKey("places.Location", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="contexts", help_text="for a location, school or online space")
    group = models.ForeignKey("associations.PeerGroup", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="contexts", help_text="for a peer group")
    description = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               help_text="the agency that recorded the context")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["location"], condition=Q(location__isnull=False),
                                    name="context_one_per_location"),
            models.UniqueConstraint(fields=["group"], condition=Q(group__isnull=False), name="context_one_per_group"),
            models.CheckConstraint(name="context_not_both_place_and_group",
                                   condition=Q(location__isnull=True) | Q(group__isnull=True)),
        ]

    def __str__(self) -> str:
        return self.name


class ContextReferral(models.Model):
    """Information an agency shares about a context. It names no child and needs none (R05, 001 L243-249)."""

    context = models.ForeignKey(Context, on_delete=models.PROTECT, related_name="referrals")
    concern = models.TextField(help_text="what is happening there, as the referrer knows it")
    how_known = models.CharField(max_length=30, choices=HowKnown.choices)
    source_detail = models.TextField(blank=True, help_text="who said or saw it, in words (no need to name a child)")
    observed_on = models.DateField(help_text="when it was seen or happened (or first became known)")
    reliability = models.CharField(max_length=20, choices=Reliability.choices,
                                   help_text="whether the information has been verified")
    threshold_level = models.CharField(max_length=40, blank=True,
                                       help_text="the continuum-of-need level it concerns, if any (partnership.yaml)")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               help_text="the source agency: the referrer's agency")
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    referred_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-referred_at", "-id"]

    def __str__(self) -> str:
        return f"Referral about {self.context} ({self.referred_at:%d %b %Y})"


class ContextAssessment(models.Model):
    """The context assessment triangle (guidance §3.2): the young people there collectively, guardianship, and
    the environment with its policies and practice; plus strengths, concerns and what the assessment drew on."""

    context = models.ForeignKey(Context, on_delete=models.PROTECT, related_name="assessments")
    collective_needs = models.TextField(help_text="young people's strengths and needs, collectively, in this context")
    guardianship = models.TextField(help_text="who is, or could be, keeping young people safe there")
    environment = models.TextField(help_text="physical or online features of the context")
    policy_and_practice = models.TextField(help_text="local rules, licensing, enforcement, the way things are done")
    strengths = models.TextField(blank=True)
    concerns = models.TextField(blank=True)
    goals = models.TextField(blank=True, help_text="what the findings mean the plan should aim for")
    sources_consulted = models.TextField(help_text="who and what the assessment drew on")
    assessed_on = models.DateField()
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-assessed_on", "-id"]

    def __str__(self) -> str:
        return f"Assessment of {self.context} on {self.assessed_on:%d %b %Y}"


# Plans and context conferences (kept in their own modules so each stays small).
from joinedup.contexts.conference_models import (  # noqa: E402
    ConferenceAction,
    ConferenceAttendee,
    ContextConference,
    ContextWeighting,
)
from joinedup.contexts.plan_models import ActionUpdate, ContextPlan, PlanAction, PlanReview  # noqa: E402

__all__ += ["ActionUpdate", "ConferenceAction", "ConferenceAttendee", "ContextConference", "ContextPlan",
            "ContextWeighting", "PlanAction", "PlanReview"]
