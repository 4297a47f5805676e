"""Choices shared by context plans and context conferences."""

from django.db import models

__all__ = ["ActionStatus", "Attendance", "PartnerType"]


class PartnerType(models.TextChoices):
    """Context work needs partners beyond the statutory agencies: a takeaway's owner, a residents' association,
    a hotel's manager, a bus company (guidance §3.8)."""

    STATUTORY = "statutory", "Statutory partner"
    NON_STATUTORY = "non_statutory", "Non-statutory partner"


class Attendance(models.TextChoices):
    ATTENDED = "attended", "Attended"
    APOLOGIES = "apologies", "Sent apologies"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    STOPPED = "stopped", "Stopped (no longer needed)"


OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
