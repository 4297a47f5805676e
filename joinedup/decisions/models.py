"""Case decisions: no further action, closure, step-down, deferral (and step-up), with reasons, manager
sign-off and, after was-not-brought or non-engagement prompts, a recorded risk review (R13, R14, R18, R35).

"A decision to take no further action, close or downgrade a case or defer a decision is as significant as
an escalation" (000 L224-226): every kind carries written reasons and is confirmed by a second person, a
team manager of the same agency, before it stands. Until then it is awaiting sign-off. Nothing here is a
score: the levels a step-up or step-down moves between are the partnership's continuum of need, which names
the kind of help a child needs.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

__all__ = ["CaseDecision", "Kind", "RiskReview", "SignOff"]


class Kind(models.TextChoices):
    NO_FURTHER_ACTION = "no_further_action", "No further action"
    CLOSURE = "closure", "Close the case"
    STEP_DOWN = "step_down", "Step down to a lower level of help"
    DEFERRAL = "deferral", "Defer the decision"
    STEP_UP = "step_up", "Step up to a higher level of help"


# Decisions that take concerns no further (R14): they need a risk review after non-engagement (R35).
TAKES_NO_FURTHER = frozenset({Kind.NO_FURTHER_ACTION, Kind.CLOSURE, Kind.STEP_DOWN, Kind.DEFERRAL})
# Decisions that end or reduce help: they need evidence that help is in place, tested (R18).
ENDS_OR_REDUCES_HELP = frozenset({Kind.CLOSURE, Kind.STEP_DOWN})
# Decisions that move the child between levels of the continuum of need.
MOVES_LEVEL = frozenset({Kind.STEP_DOWN, Kind.STEP_UP})


class SignOff(models.TextChoices):
    AWAITING = "awaiting", "Awaiting manager sign-off"
    SIGNED_OFF = "signed_off", "Signed off by a manager"
    NOT_AGREED = "not_agreed", "Not agreed by a manager"


class CaseDecision(models.Model):
    """One agency's decision about a child's case, by a named person, with reasons and a manager's sign-off."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="case_decisions")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+",
                               help_text="the decider's agency at the time")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_decisions")
    role = models.CharField(max_length=20, help_text="the decider's role at the time")
    job_title = models.CharField(max_length=120, blank=True, help_text="the decider's job title at the time")
    decided_at = models.DateTimeField(default=timezone.now)
    reasons = models.TextField(help_text="what was considered, and why it was decided so")

    from_level = models.CharField(max_length=40, blank=True, help_text="step-up or step-down: the level of help before")
    to_level = models.CharField(max_length=40, blank=True, help_text="step-up or step-down: the level of help after")
    help_in_place = models.TextField(
        blank=True, help_text="closure or step-down: what help is in place and what shows it is working (R18)")
    help_confirmed_with = models.CharField(
        max_length=300, blank=True, help_text="closure or step-down: who confirmed the help is in place (name, role, agency)")
    deferred_until = models.DateField(null=True, blank=True, help_text="deferral: when the decision will be made")
    awaiting = models.TextField(blank=True, help_text="deferral: what the decision waits for")

    sign_off = models.CharField(max_length=12, choices=SignOff.choices, default=SignOff.AWAITING, db_index=True)
    signed_off_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+")
    signed_off_role = models.CharField(max_length=20, blank=True)
    signed_off_at = models.DateTimeField(null=True, blank=True)
    sign_off_reasons = models.TextField(blank=True, help_text="the manager's reasons for agreeing or not")

    class Meta:
        ordering = ["-decided_at", "-id"]
        indexes = [models.Index(fields=["agency", "sign_off"], name="case_decision_sign_off")]
        constraints = [
            models.CheckConstraint(
                name="case_decision_signed_off_by_someone_else",
                condition=models.Q(signed_off_by__isnull=True) | ~models.Q(signed_off_by=models.F("decided_by"))),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.agency}, {timezone.localtime(self.decided_at):%d %b %Y})"

    @property
    def reference(self) -> str:
        return f"DEC-{self.pk}"

    @property
    def stands(self) -> bool:
        return self.sign_off == SignOff.SIGNED_OFF

    @property
    def decider_name(self) -> str:
        return self.decided_by.get_full_name() or self.decided_by.username

    @property
    def role_display(self) -> str:
        from joinedup.accounts.models import Role

        return dict(Role.choices).get(self.role, self.role)


class RiskReview(models.Model):
    """What the missed appointments mean for the child, the risks considered, who was consulted and with whom
    the decision and the risk were shared: recorded before a decision to take concerns no further after
    was-not-brought or non-engagement prompts (R35: 000 L464-466)."""

    decision = models.OneToOneField(CaseDecision, on_delete=models.CASCADE, related_name="risk_review")
    non_attendance_meaning = models.TextField(
        help_text="what the appointments the child was not brought to (or that were cancelled or moved) mean for the child")
    risks_considered = models.TextField(help_text="the risks considered, and why the decision is safe for the child")
    consulted = models.TextField(help_text="who was consulted: names, roles and agencies")
    shared_with = models.ManyToManyField("agencies.Agency", related_name="+",
                                         help_text="agencies the decision and the risk review were shared with")
    shared_with_people = models.TextField(blank=True, help_text="the people it was shared with (names and roles)")
    prompts = models.ManyToManyField("prompts.Prompt", related_name="+", blank=True,
                                     help_text="the was-not-brought and non-engagement prompts the review considered")
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Risk review for {self.decision}"
