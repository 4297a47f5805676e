"""Requests to the MASH for the whole picture, and the record of every chronology export."""

from django.conf import settings
from django.db import models

__all__ = ["ChronologyExport", "ExportPurpose", "InformationRequest", "RequestPurpose"]


class RequestPurpose(models.TextChoices):
    SAFETY_NOW = "safety_now", "I am worried about the child's safety now"
    STRATEGY = "strategy", "Strategy discussion or section 47 enquiry"
    ASSESSMENT = "assessment", "Assessment or plan for the child"
    CONFERENCE = "conference", "Child protection conference or core group"
    EARLY_HELP = "early_help", "Early help for the child and family"
    OTHER = "other", "Another reason (say below)"


class InformationRequest(models.Model):
    """A practitioner without the whole picture asks the MASH what other agencies hold about a child.

    Kept small on purpose: the MASH's response workflow comes later (issue 7).
    """

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for the MASH"
        CLOSED = "closed", "Closed by the MASH"

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="information_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, null=True, related_name="+",
                               help_text="the requester's agency at the time")
    purpose = models.CharField(max_length=20, choices=RequestPurpose.choices)
    detail = models.TextField(help_text="what the requester needs to know and why")
    agencies_asked_about = models.JSONField(default=list, blank=True,
                                            help_text="names of the agencies said to hold further records")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"], name="inforeq_status_created")]

    def __str__(self) -> str:
        return f"Request about {self.person} by {self.requested_by} ({self.get_status_display()})"


class ExportPurpose(models.TextChoices):
    STRATEGY = "strategy", "Strategy discussion or meeting"
    CONFERENCE = "conference", "Child protection conference"
    CORE_GROUP = "core_group", "Core group or plan review"
    ASSESSMENT = "assessment", "Assessment"
    SUPERVISION = "supervision", "Supervision or case review"
    COURT = "court", "Court proceedings"
    OTHER = "other", "Another reason (say below)"


class ChronologyExport(models.Model):
    """One PDF or CSV export of a child's chronology: who, why, with which filters, how many rows, which bytes."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        CSV = "csv", "CSV"

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="chronology_exports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    access_log = models.OneToOneField("audit.AccessLog", on_delete=models.PROTECT, related_name="+")
    format = models.CharField(max_length=3, choices=Format.choices)
    purpose = models.CharField(max_length=20, choices=ExportPurpose.choices)
    purpose_detail = models.TextField(blank=True)
    filters = models.JSONField(default=dict, blank=True)
    whole_picture = models.BooleanField(help_text="whether the export held every agency's entries")
    rows = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64, help_text="of the file as sent")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_format_display()} of {self.person} for {self.get_purpose_display()}"
