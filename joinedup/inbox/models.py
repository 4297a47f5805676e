"""Inboxes: information from other agencies stays in front of someone until they record what they did (R02).

There is no "for information only" state and no archive: an item leaves the open inbox only when a named
person acknowledges it with an action (no change needed, added to the plan, contacted the other agency,
made a referral, asked for a strategy discussion, ...) and a note; "no change needed" needs its reasons.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

__all__ = ["Action", "InboxItem", "Why"]


class Action(models.TextChoices):
    NO_CHANGE = "no_change", "Read: no change to what we are doing is needed (say why)"
    PLAN_UPDATED = "plan_updated", "Added to the child's plan, assessment or chronology review"
    CONTACTED_AGENCY = "contacted_agency", "Contacted the other agency"
    REFERRAL_MADE = "referral_made", "Made a referral to children's social care"
    STRATEGY = "strategy", "Asked for a strategy discussion"
    DISCUSSED = "discussed", "Discussed with my manager or designated safeguarding lead"
    OTHER = "other", "Another action (say what)"


class Why(models.TextChoices):
    ALLOCATED = "allocated", "You are the child's allocated worker"
    SHARED = "shared", "Shared with your agency, which works with the child"
    REFERRAL_OPEN = "referral_open", "A referral about the child is waiting for the MASH's decision"
    REQUEST_ANSWERED = "request_answered", "The answer to your agency's request for information"
    CPIS = "cpis", "The child's child protection or looked after status was seen at unscheduled health care (CP-IS)"


class InboxItem(models.Model):
    """One piece of information from another agency about a child, in one person's or one agency's inbox."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="inbox_items")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="inbox_items", help_text="empty: the agency's team queue")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               help_text="the recipient's agency (the queue, when no worker is named)")
    from_agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, null=True, related_name="+")
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    referral = models.ForeignKey("referrals.Referral", on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="+")
    request = models.ForeignKey("sharing.AgencyRequest", on_delete=models.CASCADE, null=True, blank=True,
                                related_name="+")
    source_key = models.CharField(max_length=80, help_text="what arrived, e.g. event:12:person:3")
    recipient_key = models.CharField(max_length=40, help_text="user:5 or agency:2")
    summary = models.CharField(max_length=300)
    why = models.CharField(max_length=20, choices=Why.choices)
    arrived_at = models.DateTimeField(default=timezone.now)
    arrived_on = models.DateField(default=timezone.localdate)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+")
    action = models.CharField(max_length=20, choices=Action.choices, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["arrived_at", "id"]
        constraints = [models.UniqueConstraint(fields=["recipient_key", "source_key"], name="inbox_once_each")]
        indexes = [models.Index(fields=["worker", "acknowledged_at"], name="inbox_worker_open"),
                   models.Index(fields=["agency", "acknowledged_at"], name="inbox_agency_open")]

    def __str__(self) -> str:
        return f"{self.summary} for {self.worker or self.agency}"

    @property
    def is_open(self) -> bool:
        return self.acknowledged_at is None
