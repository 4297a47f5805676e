"""Prompts raised by the catalogue (engine/prompts/rules.yaml) and the decisions, with reasons, that close them.

A prompt is raised once per rule and episode for a person, lists the events across agencies that
raised it, and sits in a named practitioner's or team's queue until someone records a decision and
its reasons. There is no score, rating or band anywhere: a prompt asks questions, it gives no verdict.
"""

from django.conf import settings
from django.db import models

__all__ = ["NEEDS_AGREEMENT", "Agreement", "EvidenceClass", "Outcome", "Prompt", "PromptDecision", "PromptEvidence",
           "Status"]


class EvidenceClass(models.TextChoices):
    """004 §3.1, Figure 3.2: what kind of evidence the pattern is, not how likely harm is (and practice
    deadlines: a timescale that passed, not an indicator about the child)."""

    HARM_OCCURRING = "harm_occurring", "Harm already occurring"
    EVIDENCED_VULNERABILITY = "evidenced_vulnerability", "Evidenced vulnerability"
    ASSUMED_INDICATOR = "assumed_indicator", "Assumed indicator"
    PRACTICE_DEADLINE = "practice_deadline", "Practice timescale passed"


class Status(models.TextChoices):
    OPEN = "open", "Open"
    DECIDED = "decided", "Decided"


class Outcome(models.TextChoices):
    REFERRAL_MADE = "referral_made", "Referral made to children's social care"
    STRATEGY_DISCUSSION = "strategy_discussion", "Strategy discussion requested"
    ASSESSMENT = "assessment", "Assessment started or updated"
    COVERED_BY_PLAN = "covered_by_plan", "Known and covered by the child's plan"
    SUPPORT_OFFERED = "support_offered", "Early help or support offered"
    # about a place, group or online space (context prompts)
    CONTEXT_ASSESSMENT = "context_assessment", "Context assessment started or updated"
    CONTEXT_PLAN = "context_plan", "Known and covered by the context's safety plan"
    CONTEXT_CONFERENCE = "context_conference", "Taken to a context conference"
    DISRUPTION = "disruption", "Disruption or enforcement requested (police, licensing or other partners)"
    NO_FURTHER_ACTION = "no_further_action", "No further action"
    NOT_APPLICABLE = "not_applicable", "Dismissed: the pattern does not apply here"


# Decisions that take a prompt no further need a manager's agreement before the prompt closes (R14, 000 L224-226).
NEEDS_AGREEMENT = frozenset({Outcome.NO_FURTHER_ACTION, Outcome.NOT_APPLICABLE})


class Agreement(models.TextChoices):
    NOT_NEEDED = "", "No manager's agreement needed"
    AWAITING = "awaiting", "Awaiting a manager's agreement"
    AGREED = "agreed", "Agreed by a manager"
    RETURNED = "returned", "Returned by a manager with reasons"


# A child's plan does not cover a place or a group, and a context's plan or conference is not one child's case.
CHILD_ONLY = frozenset({Outcome.COVERED_BY_PLAN})
CONTEXT_ONLY = frozenset({Outcome.CONTEXT_ASSESSMENT, Outcome.CONTEXT_PLAN, Outcome.CONTEXT_CONFERENCE,
                          Outcome.DISRUPTION})


class Prompt(models.Model):
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="prompts", null=True,
                               blank=True, help_text="the child the prompt is about (empty for a context prompt)")
    context = models.ForeignKey("contexts.Context", on_delete=models.PROTECT, related_name="prompts", null=True,
                                blank=True, help_text="the place, group or adult's context a context prompt is about")
    children = models.ManyToManyField("people.Person", related_name="context_prompts", blank=True,
                                      help_text="a context prompt names every child it connects")
    rule_id = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    evidence_class = models.CharField(max_length=30, choices=EvidenceClass.choices)
    moment = models.DateField(help_text="the date of the earliest event that made the pattern knowable")
    episode = models.CharField(max_length=80, help_text="raise-once key: one prompt per rule and episode")
    explanation = models.TextField(help_text="what was found, in words, with the facts that raised it")
    questions = models.JSONField(default=list, help_text="questions to consider; never a verdict")
    learning = models.TextField(blank=True)
    citation = models.CharField(max_length=300, blank=True)
    recipient = models.CharField(max_length=200, help_text="who receives it, as the catalogue names them")
    team = models.CharField(max_length=120, blank=True, help_text="the team queue when no worker is named")
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="prompts")
    dismissable = models.BooleanField(default=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    raised_at = models.DateTimeField(auto_now_add=True)
    events = models.ManyToManyField("events.Event", through="PromptEvidence", related_name="prompts")

    class Meta:
        ordering = ["-moment", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "rule_id", "episode"], name="prompt_raised_once"),
            models.UniqueConstraint(fields=["context", "rule_id", "episode"], condition=models.Q(context__isnull=False),
                                    name="context_prompt_raised_once"),
            models.CheckConstraint(name="prompt_about_a_child_or_a_context",
                                   condition=models.Q(person__isnull=False) | models.Q(context__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.rule_id}: {self.title} ({self.moment:%d %b %Y})"

    @property
    def is_about_a_context(self) -> bool:
        """A context prompt: about a place, group or online space, or naming the children an adult connects."""
        return self.context_id is not None or self.children.exists()

    def outcome_choices(self) -> list[tuple[str, str]]:
        """The decisions that may close this prompt: a child's or a context's, and dismissal only if allowed."""
        left_out = set(CHILD_ONLY if self.is_about_a_context else CONTEXT_ONLY)
        if not self.dismissable:
            left_out.add(Outcome.NOT_APPLICABLE)
        return [(code, label) for code, label in Outcome.choices if code not in left_out]


class PromptEvidence(models.Model):
    """An event that contributed to a prompt (from any agency)."""

    prompt = models.ForeignKey(Prompt, on_delete=models.CASCADE, related_name="evidence")
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prompt", "event"], name="prompt_evidence_once")]


class PromptDecision(models.Model):
    """The decision that closed a prompt, with its written reasons; shown on the child's chronology."""

    prompt = models.ForeignKey(Prompt, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(max_length=30, choices=Outcome.choices)
    reasons = models.TextField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency_code = models.CharField(max_length=40, blank=True, help_text="the decider's agency at the time")
    role = models.CharField(max_length=20, blank=True, help_text="the decider's role at the time")
    decided_at = models.DateTimeField(auto_now_add=True)
    agreement = models.CharField(max_length=10, choices=Agreement.choices, blank=True, default="", db_index=True)
    agreed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    agreed_role = models.CharField(max_length=20, blank=True)
    agreed_at = models.DateTimeField(null=True, blank=True)
    agreement_reasons = models.TextField(blank=True, help_text="the manager's reasons for agreeing or returning it")

    class Meta:
        ordering = ["-decided_at", "-id"]
