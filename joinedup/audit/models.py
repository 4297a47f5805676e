"""The access log: every read of a person's record, by whom, how and when."""

from django.conf import settings
from django.db import models

__all__ = ["AccessLog", "ActionLog"]


class AccessLog(models.Model):
    """One read of one person's data, written in the same request that served it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="access_log")
    agency_code = models.CharField(max_length=40, blank=True, help_text="the reader's agency at the time")
    role = models.CharField(max_length=20, blank=True, help_text="the reader's role at the time")
    what = models.CharField(max_length=60)
    route = models.CharField(max_length=300)
    request_id = models.UUIDField(null=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]


class ActionLog(models.Model):
    """One change a user made that they must answer for (a linkage decision, an unmerge, a household edit, a
    decision closing a prompt), with its reason."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency_code = models.CharField(max_length=40, blank=True, help_text="the user's agency at the time")
    role = models.CharField(max_length=20, blank=True, help_text="the user's role at the time")
    action = models.CharField(max_length=60)
    persons = models.ManyToManyField("people.Person", related_name="actions", blank=True)
    reason = models.TextField(blank=True)
    detail = models.JSONField(default=dict, help_text="what the action did: records, decisions, moves")
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
