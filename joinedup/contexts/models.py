"""Contexts: places, peer groups, schools and online spaces as casework records (issue 5).

Harm outside the family happens in places and groups (practice guidance §3). A context is a record in
its own right: it can be referred without naming any child (R05), assessed (the context triangle), planned
for, and discussed at a context conference. Children are connected to it through associations and events,
which are information from a source, never fact.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

__all__ = ["Context", "ContextKind"]


class ContextKind(models.TextChoices):
    LOCATION = "location", "Location"
    PEER_GROUP = "peer_group", "Peer group"
    SCHOOL = "school", "School"
    ONLINE = "online", "Online space"


class Context(models.Model):
    """A place, peer group, school or online space that agencies are concerned about, or working to change."""

    kind = models.CharField(max_length=20, choices=ContextKind.choices)
    name = models.CharField(max_length=200)
    location = models.ForeignKey("places.Location", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="contexts", help_text="for a location, school or online space")
    group = models.ForeignKey("associations.PeerGroup", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="contexts", help_text="for a peer group")
    description = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               help_text="the agency that recorded the context")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["location"], condition=Q(location__isnull=False),
                                    name="context_one_per_location"),
            models.UniqueConstraint(fields=["group"], condition=Q(group__isnull=False), name="context_one_per_group"),
            models.CheckConstraint(name="context_not_both_place_and_group",
                                   condition=Q(location__isnull=True) | Q(group__isnull=True)),
        ]

    def __str__(self) -> str:
        return self.name

