"""A context plan: objectives, actions each with a named owner (statutory or not), and reviews of progress."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from joinedup.contexts.choices import OPEN_STATUSES, ActionStatus, PartnerType

__all__ = ["ActionUpdate", "ContextPlan", "PlanAction", "PlanReview"]


class ContextPlan(models.Model):
    """The plan to make a context safer; one plan is current at a time, earlier ones are kept."""

    context = models.ForeignKey("contexts.Context", on_delete=models.PROTECT, related_name="plans")
    objectives = models.TextField(help_text="what the plan aims to change in the context")
    first_review_on = models.DateField(help_text="when the plan is first reviewed")
    ended_on = models.DateField(null=True, blank=True, help_text="set by the review that ended the plan")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["context"], condition=Q(ended_on__isnull=True),
                                               name="context_one_current_plan")]

    def __str__(self) -> str:
        return f"Plan for {self.context} from {self.created_at:%d %b %Y}"

    @property
    def next_review_on(self):
        if self.ended_on:
            return None
        latest = self.reviews.order_by("-reviewed_on", "-id").first()
        return latest.next_review_on if latest else self.first_review_on

    @property
    def review_overdue(self) -> bool:
        due = self.next_review_on
        return bool(due and due < timezone.localdate())


class PlanAction(models.Model):
    """One action in a context plan, owned by a named person in a named organisation."""

    plan = models.ForeignKey(ContextPlan, on_delete=models.PROTECT, related_name="actions")
    action = models.TextField()
    owner_name = models.CharField(max_length=200)
    owner_organisation = models.CharField(max_length=200)
    owner_partner = models.CharField(max_length=20, choices=PartnerType.choices)
    owner_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="context_actions",
                                   help_text="the owner's JoinedUp account, if they have one: they may update it")
    due_on = models.DateField()
    status = models.CharField(max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    completed_on = models.DateField(null=True, blank=True)
    completion_note = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.action[:60]} ({self.owner_name}, {self.owner_organisation})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def overdue(self) -> bool:
        return self.is_open and self.due_on < timezone.localdate()


class ActionUpdate(models.Model):
    """Progress on an action, by its owner or by a manager, with a note; the action keeps its history."""

    action = models.ForeignKey(PlanAction, on_delete=models.PROTECT, related_name="updates")
    status = models.CharField(max_length=20, choices=ActionStatus.choices)
    note = models.TextField()
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]


class PlanReview(models.Model):
    """A review of the plan: progress, what changes, and when it is next reviewed (or that the plan ends)."""

    plan = models.ForeignKey(ContextPlan, on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField()
    progress = models.TextField()
    changes = models.TextField(help_text="what changes in the plan, and why")
    next_review_on = models.DateField(null=True, blank=True, help_text="empty only when the review ends the plan")
    ends_plan = models.BooleanField(default=False)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        constraints = [models.CheckConstraint(name="plan_review_next_date_or_ends",
                                              condition=Q(ends_plan=True) | Q(next_review_on__isnull=False))]
