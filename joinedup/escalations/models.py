"""Escalations: resolving professional differences about a named decision (R15, R21).

"Be honest and open with your manager if you are not satisfied with their decision of not taking your
concerns further and ensure these conversations are recorded to provide an accurate timeline of events,
responses and actions taken" (003 Theme 3, L137-148). An escalation is raised against exactly one named
decision: a case decision, the MASH's decision on a referral, a decision on a prompt, or a decision made
outside JoinedUp described in words (who decided, when, what). It moves through the partnership's stages
(engine/casework/partnership.yaml: practitioner, manager, senior manager, partnership by default), each with
a named person and a response due in working days, and ends with an agreed outcome or, without agreement,
with what happens next for the child. Every step is on the child's chronology.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

__all__ = ["Category", "Escalation", "Stage", "Status"]


class Category(models.TextChoices):
    """What the professional difference is about (practice guidance §4.4, common dispute categories)."""

    LEVELS_OF_NEED = "levels_of_need", "Levels of need: whether the threshold for a service is met"
    ROLES = "roles_and_responsibilities", "Roles and responsibilities: who should act"
    NEED_FOR_ACTION = "need_for_action", "Need for action: whether, or how quickly, something should be done"
    COMMUNICATION = "communication", "Communication: information not shared, or not fed back"


class Status(models.TextChoices):
    OPEN = "open", "Open"
    RESOLVED = "resolved", "Resolved with an agreed outcome"
    CLOSED = "closed", "Ended without agreement"


class Escalation(models.Model):
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="escalations")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="escalations_raised")
    raised_by_agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+",
                                         help_text="the raiser's agency at the time")
    raised_by_role = models.CharField(max_length=20, help_text="the raiser's role at the time")
    raised_at = models.DateTimeField(default=timezone.now)
    category = models.CharField(max_length=30, choices=Category.choices)
    concern = models.TextField(help_text="what the professional difference is, and the evidence for the concern")
    outcome_sought = models.TextField(help_text="what the raiser wants to happen for the child")
    urgent = models.BooleanField(default=False, help_text="risk of harm now: each stage has one working day")

    # The named decision: exactly one of these.
    case_decision = models.ForeignKey("decisions.CaseDecision", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="escalations")
    referral = models.ForeignKey("referrals.Referral", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="escalations", help_text="the MASH's decision on this referral")
    prompt_decision = models.ForeignKey("prompts.PromptDecision", on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="escalations")
    external_decision = models.TextField(blank=True, help_text="a decision made outside JoinedUp: what was decided")
    external_decided_by = models.CharField(max_length=300, blank=True, help_text="who decided (name, role, agency)")
    external_decided_on = models.DateField(null=True, blank=True)

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    outcome = models.TextField(blank=True, help_text="what was agreed, or what happens next for the child")
    outcome_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                            blank=True, related_name="+")
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    closing_reasons = models.TextField(blank=True, help_text="why the escalation ended without agreement")

    class Meta:
        ordering = ["-raised_at", "-id"]
        constraints = [
            models.CheckConstraint(name="escalation_names_exactly_one_decision", condition=(
                Q(case_decision__isnull=False, referral__isnull=True, prompt_decision__isnull=True,
                  external_decision="")
                | Q(case_decision__isnull=True, referral__isnull=False, prompt_decision__isnull=True,
                    external_decision="")
                | Q(case_decision__isnull=True, referral__isnull=True, prompt_decision__isnull=False,
                    external_decision="")
                | (Q(case_decision__isnull=True, referral__isnull=True, prompt_decision__isnull=True)
                   & ~Q(external_decision="") & ~Q(external_decided_by="") & Q(external_decided_on__isnull=False)))),
            models.CheckConstraint(name="escalation_ended_has_a_date",
                                   condition=Q(status="open", closed_at__isnull=True)
                                   | (~Q(status="open") & Q(closed_at__isnull=False))),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.get_category_display()}"

    @property
    def reference(self) -> str:
        return f"ESC-{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status == Status.OPEN

    @property
    def raiser_name(self) -> str:
        return self.raised_by.get_full_name() or self.raised_by.username

    @property
    def raised_by_role_display(self) -> str:
        from joinedup.accounts.models import Role

        return dict(Role.choices).get(self.raised_by_role, self.raised_by_role)

    def current_stage(self):
        """The latest stage (from the prefetched stages when there are any)."""
        stages = list(self.stages.all())
        return max(stages, key=lambda stage: stage.number) if stages else None


class Stage(models.Model):
    """One stage of an escalation: with whom, when it started, when the response is due, and the response."""

    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="stages")
    number = models.PositiveSmallIntegerField(help_text="1 for the stage the escalation started at, then 2, 3 …")
    code = models.CharField(max_length=40, help_text="the partnership's stage code (partnership.yaml)")
    name = models.CharField(max_length=120, help_text="the stage's name when it started")
    working_days = models.PositiveSmallIntegerField(help_text="the timescale when it started, in working days")
    with_name = models.CharField(max_length=200, help_text="the person the stage is with")
    with_role = models.CharField(max_length=200)
    with_agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    with_email = models.EmailField(blank=True)
    with_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="escalation_stages",
                                  help_text="the JoinedUp user the stage is with, when they have an account")
    started_at = models.DateTimeField(default=timezone.now)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(help_text="the response is due by the end of this day")
    response = models.TextField(blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    ended_at = models.DateTimeField(null=True, blank=True)
    moved_on_reasons = models.TextField(blank=True, help_text="why the difference went to the next stage")

    class Meta:
        ordering = ["escalation", "number"]
        constraints = [models.UniqueConstraint(fields=["escalation", "number"], name="escalation_stage_once")]

    def __str__(self) -> str:
        return f"{self.escalation.reference} stage {self.number}: {self.name}"

    @property
    def started_on(self):
        return timezone.localtime(self.started_at).date()

    @property
    def is_overdue(self) -> bool:
        return self.responded_at is None and self.ended_at is None and timezone.localdate() > self.due_on

    @property
    def with_words(self) -> str:
        agency = f", {self.with_agency.name}" if self.with_agency_id else ""
        return f"{self.with_name} ({self.with_role}{agency})"
