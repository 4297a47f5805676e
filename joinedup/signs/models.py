"""Warning signs read from narrative text (engine/signs), kept with the record they were read from."""

from django.db import models

__all__ = ["TextSign"]


class TextSign(models.Model):
    """One sign found in what someone wrote: the record, the words, the sentence, whom it is about.

    Read once, when the record is imported or saved, so the prompt evaluators never re-read text. A sign
    read from an agency's event points at the event (its subjects are whom it concerns); a sign read from
    casework written in JoinedUp (a case note, a referral) names the person the record is about.
    """

    source = models.CharField(max_length=20, help_text="event, case_note, referral, ...")
    source_id = models.BigIntegerField(help_text="the record's id in its own table")
    # Imported in bulk (COPY) like events: no per-row reference check; the index serves look-ups by event.
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, null=True, blank=True, db_constraint=False,
                              related_name="text_signs")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, null=True, blank=True, db_constraint=False,
                               related_name="text_signs")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, null=True, blank=True, db_index=False,
                               db_constraint=False, help_text="the author's agency")
    written_on = models.DateField(help_text="the day of the record (its event date), for the prompt catalogue")
    category = models.CharField(max_length=40)
    about = models.CharField(max_length=12, help_text="child (the record's child), parent, other_child, other_adult")
    certainty = models.CharField(max_length=10, help_text="asserted or hedged")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    matched_text = models.CharField(max_length=400)
    sentence = models.TextField()
    sentence_start = models.PositiveIntegerField()
    attributes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["source", "source_id", "start"]
        indexes = [models.Index(fields=["source", "source_id"], name="textsign_source")]

    def __str__(self) -> str:
        return f"{self.category} in {self.source} {self.source_id}: {self.matched_text!r}"

    @property
    def event_type(self) -> str:
        return f"text.{self.category}"

    @property
    def label(self) -> str:
        """The category in words (engine/signs/rules.yaml)."""
        from engine.signs import load_sign_rules

        category = load_sign_rules().by_id().get(self.category)
        return category.label if category else self.category.replace("_", " ")
