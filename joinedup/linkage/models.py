"""Linkage: trained models, runs, the review queue, reviewers' decisions and the history of record moves."""

from django.conf import settings
from django.db import models

__all__ = ["Decision", "LinkDecision", "LinkRun", "LinkageModel", "ModelSource", "RecordMove", "ReviewItem",
           "RunKind"]


class ModelSource(models.TextChoices):
    TRAINED = "trained", "Trained on this partnership's records"
    DEFAULT = "default", "The default model (estimated on a synthetic partnership)"


class LinkageModel(models.Model):
    """A Splink model for this partnership, with its versions and statistics: trained on the partnership's own
    records, or the shipped default model (`engine.linkage.default_model`) until they can train one."""

    source = models.CharField(max_length=10, choices=ModelSource.choices, default=ModelSource.TRAINED)
    created_at = models.DateTimeField(auto_now_add=True)
    trained_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    splink_version = models.CharField(max_length=20)
    duckdb_version = models.CharField(max_length=20)
    seed = models.IntegerField()
    model = models.JSONField()
    statistics = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at", "-id"]


class RunKind(models.TextChoices):
    FULL = "full", "Full relink"
    INCREMENTAL = "incremental", "New records matched as they arrived"
    DECISION = "decision", "A reviewer's decision or unmerge"


class LinkRun(models.Model):
    """One linkage run (full, incremental, or the local re-clustering after a decision) and what it did."""

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True)
    kind = models.CharField(max_length=12, choices=RunKind.choices, default=RunKind.FULL)
    model = models.ForeignKey(LinkageModel, on_delete=models.PROTECT, null=True, blank=True,
                              help_text="empty for a decision taken before any model was trained")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    model_note = models.CharField(max_length=300, blank=True, help_text="which model scored the run, and why")
    records = models.PositiveIntegerField(default=0)
    pairs = models.PositiveIntegerField(default=0)
    records_moved = models.PositiveIntegerField(default=0)
    review_items = models.PositiveIntegerField(default=0)


class ReviewItem(models.Model):
    """Two records linkage could not decide about (review band, or a conflict that blocks a merge)."""

    record_a = models.ForeignKey("people.SourceRecord", on_delete=models.CASCADE, related_name="+")
    record_b = models.ForeignKey("people.SourceRecord", on_delete=models.CASCADE, related_name="+")
    match_weight = models.FloatField()
    breakdown = models.JSONField(default=dict, help_text="comparison -> [level, match weight]")
    reason = models.CharField(max_length=200)
    run = models.ForeignKey(LinkRun, on_delete=models.CASCADE, related_name="review")
    open = models.BooleanField(default=True, db_index=True)

    class Meta:
        ordering = ["-match_weight", "id"]


class Decision(models.TextChoices):
    SAME = "same", "Same person"
    DIFFERENT = "different", "Different people"
    UNSURE = "unsure", "Unsure"


class LinkDecision(models.Model):
    """A reviewer's decision about two records; every later relink respects it (must- or cannot-link)."""

    record_a = models.ForeignKey("people.SourceRecord", on_delete=models.CASCADE, related_name="+")
    record_b = models.ForeignKey("people.SourceRecord", on_delete=models.CASCADE, related_name="+")
    decision = models.CharField(max_length=10, choices=Decision.choices)
    reason = models.TextField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    decided_at = models.DateTimeField(auto_now_add=True)
    review_item = models.ForeignKey(ReviewItem, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        ordering = ["-decided_at", "-id"]


class RecordMove(models.Model):
    """History: a record moved from one person to another by a relink or a decision (merge or unmerge)."""

    record = models.ForeignKey("people.SourceRecord", on_delete=models.CASCADE, related_name="moves")
    from_person = models.ForeignKey("people.Person", on_delete=models.PROTECT, null=True, related_name="+")
    to_person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    run = models.ForeignKey(LinkRun, on_delete=models.SET_NULL, null=True, blank=True)
    decision = models.ForeignKey(LinkDecision, on_delete=models.SET_NULL, null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
