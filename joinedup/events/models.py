"""Events: what happened to or around a person, as one agency recorded it."""

from django.db import models

__all__ = ["Event", "EventShare", "EventSubject", "InformationSource"]


class InformationSource(models.TextChoices):
    FIRST_HAND = "first_hand", "Seen or heard first-hand"
    THIRD_PARTY = "third_party", "Reported by a third party"
    RECORD = "record", "From a record"


class Event(models.Model):
    """One agency's record of an event; its type comes from engine/vocabulary/events.yaml."""

    # Indexes are few on purpose: every one slows imports. (agency, source_id) is unique, which also
    # serves look-ups by agency; events are found through their subjects, by type and date, or by place.
    # The references of events, subjects and shares are enforced by set-based triggers (one check per
    # statement, not per row: migration events 0002), not by per-row foreign-key constraints.
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="events", db_index=False,
                               db_constraint=False)
    source_id = models.CharField(max_length=100)
    event_type = models.CharField(max_length=64)
    occurred_at = models.DateTimeField()
    time_known = models.BooleanField(default=True, help_text="False when only the date was recorded")
    recorded_at = models.DateTimeField(null=True, blank=True)
    attributes = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)
    author = models.CharField(max_length=200, blank=True)
    author_role = models.CharField(max_length=200, blank=True)
    child_seen = models.BooleanField(null=True, blank=True)
    information_source = models.CharField(max_length=20, choices=InformationSource.choices, blank=True)
    # Indexed only where there is a place (index `event_place`): most events have none, and an index entry
    # for each of them cost every import while no query looks events up by "no place".
    location = models.ForeignKey("places.Location", on_delete=models.PROTECT, null=True, blank=True, db_constraint=False,
                                 db_index=False)
    subjects = models.ManyToManyField("people.SourceRecord", through="EventSubject", related_name="events")
    shared_with = models.ManyToManyField("agencies.Agency", through="EventShare", related_name="shared_events")
    content_hash = models.CharField(max_length=32)
    # Provenance pointer: batches are never deleted, so no database constraint (it would be checked per row).
    import_batch = models.ForeignKey(
        "imports.ImportBatch", on_delete=models.PROTECT, null=True, blank=True, db_index=False, db_constraint=False
    )

    class Meta:
        ordering = ["occurred_at", "id"]
        constraints = [models.UniqueConstraint(fields=["agency", "source_id"], name="event_unique_per_agency")]
        indexes = [models.Index(fields=["event_type", "occurred_at"], name="event_type_when"),
                   models.Index(fields=["location"], name="event_place", condition=models.Q(location__isnull=False))]

    def __str__(self) -> str:
        return f"{self.event_type} on {self.occurred_at:%Y-%m-%d} ({self.agency.code})"


class EventSubject(models.Model):
    """An identity record the event concerns; position 0 is the child the event is mainly about."""

    # the unique constraint leads with event; references are checked by triggers (migration 0002)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, db_index=False, db_constraint=False)
    record = models.ForeignKey("people.SourceRecord", on_delete=models.CASCADE, db_constraint=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "record"], name="event_subject_once")]


class EventShare(models.Model):
    """The recording agency shared this event with another agency."""

    # the unique constraint leads with event; references are checked by triggers (migration 0002)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, db_index=False, db_constraint=False)
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, db_index=False, db_constraint=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "agency"], name="event_share_once")]
