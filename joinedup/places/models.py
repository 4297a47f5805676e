"""Places: addresses, venues and online spaces where things happen to children."""

from django.db import models

__all__ = ["Location", "LocationKind"]


class LocationKind(models.TextChoices):
    ADDRESS = "address", "Address"
    VENUE = "venue", "Venue"
    PARK = "park", "Park or open space"
    TAKEAWAY = "takeaway", "Takeaway or shop"
    HOTEL = "hotel", "Hotel"
    TRANSPORT_HUB = "transport_hub", "Transport hub"
    SCHOOL = "school", "School"
    ONLINE = "online", "Online space"
    OTHER = "other", "Other"


class Location(models.Model):
    """A place or online space; one row per place however many agencies mention it."""

    key = models.CharField(max_length=400, unique=True, help_text="normalised identity of the place")
    kind = models.CharField(max_length=20, choices=LocationKind.choices, default=LocationKind.ADDRESS)
    name = models.CharField(max_length=200, blank=True)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=8, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["postcode", "address", "name"]

    def __str__(self) -> str:
        return ", ".join(part for part in (self.name, self.address, self.postcode) if part) or self.key
