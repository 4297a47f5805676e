"""Import batches: one per file or API push, kept whether it committed or was rejected."""

from django.conf import settings
from django.db import models

__all__ = ["ImportBatch", "ImportStatus"]


class ImportStatus(models.TextChoices):
    COMMITTED = "committed", "Committed"
    REJECTED = "rejected", "Rejected (nothing imported)"


class ImportBatch(models.Model):
    """The provenance of imported rows: which agency, which file, who, and what happened."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT)
    kind = models.CharField(max_length=20)
    source = models.CharField(max_length=500, help_text="file name, or 'api'")
    sha256 = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=20, choices=ImportStatus.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    rows_read = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    error_summary = models.TextField(blank=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["-started_at"]
