"""The access log (every read of a person's record, by whom, how and when) and the action log, chained.

Both logs are append-only: each entry carries its place in one chain (`seq`), the hash of the entry before
and its own hash (`joinedup.audit.chain`); on PostgreSQL a trigger refuses UPDATE and DELETE of any entry.
"""

from django.conf import settings
from django.db import models

__all__ = ["AccessLog", "ActionLog", "AuditChainHead"]


class AccessLog(models.Model):
    """One read of one person's data, written in the same request that served it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="access_log")
    agency_code = models.CharField(max_length=40, blank=True, help_text="the reader's agency at the time")
    role = models.CharField(max_length=20, blank=True, help_text="the reader's role at the time")
    what = models.CharField(max_length=60)
    route = models.CharField(max_length=300)
    request_id = models.UUIDField(null=True)
    at = models.DateTimeField(db_index=True)
    seq = models.PositiveBigIntegerField(unique=True, help_text="the entry's place in the audit chain")
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64)

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
    person_ids = models.JSONField(default=list, help_text="the people it concerned, as chained (persons is their index)")
    at = models.DateTimeField(db_index=True)
    seq = models.PositiveBigIntegerField(unique=True, help_text="the entry's place in the audit chain")
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-at", "-id"]


class AuditChainHead(models.Model):
    """The last entry of the audit chain: locked while an entry is appended, so entries chain in write order."""

    name = models.CharField(max_length=20, primary_key=True)
    seq = models.PositiveBigIntegerField(default=0)
    entry_hash = models.CharField(max_length=64)
