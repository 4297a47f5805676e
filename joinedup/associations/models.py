"""Associations: links between people, places and groups. Each is information from a source, never a fact."""

from django.db import models
from django.db.models import Q

__all__ = ["Association", "HowKnown", "PeerGroup", "Reliability"]


class HowKnown(models.TextChoices):
    OBSERVED = "observed", "Observed by a practitioner"
    REPORTED_BY_CHILD = "reported_by_child", "Reported by the child"
    REPORTED_BY_THIRD_PARTY = "reported_by_third_party", "Reported by a third party"
    INTELLIGENCE = "intelligence", "Intelligence"
    RECORD = "record", "From a record"


class Reliability(models.TextChoices):
    VERIFIED = "verified", "Verified"
    PROBABLE = "probable", "Probable"
    UNVERIFIED = "unverified", "Not verified"
    UNKNOWN = "unknown", "Not known"


class PeerGroup(models.Model):
    """A group of young people (and sometimes adults) that agencies have noticed together."""

    key = models.CharField(max_length=200, unique=True)
    name = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class Association(models.Model):
    """A typed, time-bounded link from a person's record to another person, a place or a group."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT)
    source_id = models.CharField(max_length=100)
    association_type = models.CharField(max_length=40)
    record = models.ForeignKey("people.SourceRecord", on_delete=models.CASCADE, related_name="associations")
    other_record = models.ForeignKey(
        "people.SourceRecord", on_delete=models.CASCADE, null=True, blank=True, related_name="associated_from"
    )
    location = models.ForeignKey("places.Location", on_delete=models.PROTECT, null=True, blank=True)
    group = models.ForeignKey(PeerGroup, on_delete=models.PROTECT, null=True, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    observed_on = models.DateField(null=True, blank=True,
                                   help_text="when the agency saw or was told of the link (not when it began)")
    how_known = models.CharField(max_length=30, choices=HowKnown.choices)
    reliability = models.CharField(max_length=20, choices=Reliability.choices)
    note = models.TextField(blank=True)
    content_hash = models.CharField(max_length=32)
    import_batch = models.ForeignKey("imports.ImportBatch", on_delete=models.PROTECT, null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "source_id"], name="association_unique_per_agency"),
            models.CheckConstraint(
                name="association_has_exactly_one_target",
                condition=(
                    Q(other_record__isnull=False, location__isnull=True, group__isnull=True)
                    | Q(other_record__isnull=True, location__isnull=False, group__isnull=True)
                    | Q(other_record__isnull=True, location__isnull=True, group__isnull=False)
                ),
            ),
        ]
