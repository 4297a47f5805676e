"""Case notes a practitioner writes about a child, with the language checker's findings kept."""

from django.conf import settings
from django.db import models

__all__ = ["CaseNote"]


class CaseNote(models.Model):
    """A practitioner's note about a person; flagged wording is recorded, never blocked."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="case_notes")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_notes")
    team = models.CharField(max_length=120, blank=True, help_text="the author's team when the note was written")
    text = models.TextField()
    written_at = models.DateTimeField(auto_now_add=True, db_index=True)
    language_findings = models.JSONField(default=list, blank=True)
    flags_acknowledged = models.BooleanField(
        default=False, help_text="saved with flags the language checker was showing the author"
    )

    class Meta:
        ordering = ["-written_at", "-id"]

    def __str__(self) -> str:
        return f"Note about {self.person} by {self.author} on {self.written_at:%Y-%m-%d}"
