"""Referrals to the MASH, its decisions and feedback to referrers (R03, R13).

A referral is one agency telling children's social care (the MASH) that it is worried about a child: the
concern, what the referrer wants to happen, the level of need the referrer thinks applies (the
partnership's continuum of need, engine/casework/partnership.yaml) and consent, or the reason for sharing
without it. The MASH decides the type of response within one working day (D01) with written reasons, and
tells the referrer what was decided and what will happen next (D02). Nothing here is a score: the need
level names the kind of help the child needs.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

__all__ = ["Consent", "Outcome", "Referral"]


class Consent(models.TextChoices):
    GIVEN = "given", "Given: the family agreed to the referral"
    NOT_SOUGHT = "not_sought", "Not sought"
    REFUSED = "refused", "Refused"


class Outcome(models.TextChoices):
    STRATEGY = "strategy", "Strategy discussion (possible section 47 enquiry)"
    ASSESSMENT = "assessment", "Child and family assessment (section 17)"
    EARLY_HELP = "early_help", "Early help"
    ADVICE = "advice", "Information and advice to the referrer"
    NFA = "nfa", "No further action by children's social care"


class Referral(models.Model):
    """A referral about a child to children's social care / the MASH, with its decision and feedback."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="referrals")
    referrer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="referrals_made")
    referrer_agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, null=True, related_name="+",
                                        help_text="the referrer's agency at the time")
    referrer_role = models.CharField(max_length=120, blank=True, help_text="the referrer's role at the time")
    need_level = models.CharField(max_length=40, help_text="the level of need the referrer thinks applies")
    concern = models.TextField(help_text="what the referrer is worried about, and what they have seen or heard")
    wanted_outcome = models.TextField(help_text="what the referrer wants to happen")
    consent = models.CharField(max_length=12, choices=Consent.choices)
    consent_reason = models.TextField(blank=True, help_text="why the referral is made without consent")
    received_on = models.DateField(default=timezone.localdate)
    created_at = models.DateTimeField(auto_now_add=True)
    mash_worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", help_text="the MASH officer who has picked the referral up")

    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True)
    mash_need_level = models.CharField(max_length=40, blank=True, help_text="the MASH's view of the level of need")
    decision_reasons = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    feedback = models.TextField(blank=True, help_text="what was decided, in words for the referrer")
    next_steps = models.TextField(blank=True, help_text="what will happen next, and what to do if the concerns continue")
    feedback_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    feedback_at = models.DateTimeField(null=True, blank=True)
    feedback_read_at = models.DateTimeField(null=True, blank=True, help_text="when the referrer opened the feedback")

    class Meta:
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["decided_at", "received_on"], name="referral_queue"),
            models.Index(fields=["referrer", "received_on"], name="referral_referrer"),
        ]

    def __str__(self) -> str:
        return f"Referral about {self.person} from {self.referrer_agency or self.referrer} on {self.received_on}"

    @property
    def status(self) -> str:
        if self.feedback_at:
            return "Decided; referrer told"
        if self.decided_at:
            return "Decided; referrer not yet told"
        return "Waiting for a MASH decision"

    @property
    def is_decided(self) -> bool:
        return self.decided_at is not None
