"""Operation Encompass: police tell a child's school about a domestic abuse incident before the next school day.

The Victims and Prisoners Act 2024 made it a police duty (Home Office statutory guidance, November 2025): after
a domestic abuse incident where a child of school age (reception to 17) may be a victim, present or not, the
police tell the designated safeguarding lead (the "key adult") of the child's school, or the local authority for
a child educated at home, before the start of the next school day. One `Notification` per child per incident
keeps what was sent (the content the guidance lists), to whom, when it was due and why that day, when it was
sent, and the school's acknowledgement with the support it offered. A notification not sent by its deadline
raises the D11 prompt (engine/casework/deadlines.yaml) in the police Operation Encompass team's queue.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

__all__ = ["Answer", "Notification", "RecipientKind", "Status", "Support"]


class RecipientKind(models.TextChoices):
    SCHOOL = "school", "The child's school (designated safeguarding lead)"
    HOME_EDUCATION = "home_education", "The local authority (the child is educated at home or not in school)"
    NOT_KNOWN = "not_known", "Not known yet: the police must find the child's school"


class Status(models.TextChoices):
    WAITING = "waiting", "Not sent: the recipient is not known"
    SENT = "sent", "Sent, waiting for the school's acknowledgement"
    ACKNOWLEDGED = "acknowledged", "Acknowledged, with the support offered"


class Answer(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not_known", "Not recorded by the police"


class Support(models.TextChoices):
    """What the school offers the child (Operation Encompass: support, often silent, in school that day)."""

    SILENT = "silent", "Silent support: staff who need to know are aware and watchful; the child is not questioned"
    KEY_ADULT = "key_adult", "A trusted adult checks in with the child, as the child wants"
    PASTORAL = "pastoral", "Pastoral or learning mentor support"
    HEALTH = "health", "School nurse or counselling offered"
    SAFE_SPACE = "safe_space", "A quiet space and flexibility with work and behaviour today"
    EARLY_HELP = "early_help", "Early help assessment or plan"
    REFERRAL = "referral", "Referral to children's social care or a request for a strategy discussion"
    PLAN_REVIEWED = "plan_reviewed", "The child's existing plan reviewed with the allocated worker"
    OTHER = "other", "Other support (say what)"


class Notification(models.Model):
    """What the police told a child's school (or the local authority) about one domestic abuse incident."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="encompass_notifications",
                               help_text="the child")
    incident = models.ForeignKey("events.Event", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                 db_constraint=False, help_text="the police record of the incident")
    police = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+",
                               help_text="the police force that attended")
    how_found = models.CharField(max_length=200, help_text="why this child: named in the police record, or in the "
                                                           "household of an adult named in it")
    # the content the statutory guidance lists, as sent
    child_name = models.CharField(max_length=200)
    child_date_of_birth = models.DateField(null=True, blank=True)
    police_reference = models.CharField(max_length=100)
    incident_at = models.DateTimeField()
    incident_time_known = models.BooleanField(default=True)
    place = models.CharField(max_length=300, blank=True)
    child_present = models.CharField(max_length=10, choices=Answer.choices, default=Answer.NOT_KNOWN)
    where_child_was = models.CharField(max_length=300, blank=True, help_text="where the child was during the incident")
    child_spoken_to = models.CharField(max_length=10, choices=Answer.choices, default=Answer.NOT_KNOWN)
    child_said = models.TextField(blank=True, help_text="what the child said, in their own words")
    spoken_in_presence_of = models.CharField(max_length=300, blank=True, help_text="who else was there")
    circumstances = models.TextField(blank=True)
    other_information = models.TextField(blank=True, help_text="other relevant safeguarding information")
    # where it goes, and when it is due
    recipient_kind = models.CharField(max_length=20, choices=RecipientKind.choices)
    recipient = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="encompass_received")
    recipient_basis = models.CharField(max_length=300, blank=True, help_text="how JoinedUp knows the child's school")
    due_at = models.DateTimeField(help_text="before the start of the next school day")
    due_basis = models.TextField(help_text="why that day: weekends, holidays and inset days passed over")
    calendar_assumed = models.BooleanField(default=False, help_text="the school calendar did not cover the date")
    status = models.CharField(max_length=20, choices=Status.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", help_text="empty when composed from an imported police record")
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", help_text="empty when sent automatically")
    earlier_recipients = models.JSONField(default=list, blank=True,
                                          help_text="recipients who said the child is not theirs: who, when, why")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+")
    support = models.JSONField(default=list, blank=True, help_text="codes of the support offered")
    support_note = models.TextField(blank=True, help_text="what the school will do, and what the child wanted")

    class Meta:
        ordering = ["-incident_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "person"], name="encompass_once_per_child_per_incident"),
            models.CheckConstraint(name="encompass_sent_has_a_recipient",
                                   condition=Q(sent_at__isnull=True) | Q(recipient__isnull=False)),
            models.CheckConstraint(name="encompass_acknowledged_with_support",
                                   condition=Q(acknowledged_at__isnull=True) | ~Q(support_note="")),
        ]
        indexes = [models.Index(fields=["recipient", "status"], name="encompass_recipient"),
                   models.Index(fields=["police", "status"], name="encompass_police"),
                   models.Index(fields=["due_at"], name="encompass_due")]

    def __str__(self) -> str:
        return f"Operation Encompass notification {self.pk} about {self.child_name}"

    @property
    def on_time(self) -> bool | None:
        """Sent before the school day started (None while not sent)."""
        return None if self.sent_at is None else self.sent_at < self.due_at

    def minutes_late(self, now) -> int:
        """How late it is (or was when sent), in whole minutes; 0 when in time."""
        moment = self.sent_at or now
        return max(0, int((moment - self.due_at).total_seconds() // 60))
