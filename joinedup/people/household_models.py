"""Households and relationships as JoinedUp pieces them together, kept apart from what each agency declared.

Each agency's own households stay in `Household` / `HouseholdMembership`, as sent. The rows here are
rebuilt by `joinedup.people.households.refresh_households` after linking: who lived at one home in
overlapping periods, and how people are related. Each row says where it came from (`origin`):
declared by an agency, inferred by JoinedUp, or recorded by a practitioner. A practitioner's
correction never deletes the inference; it supersedes it (`superseded_by`), and `HouseholdEdit`
keeps who changed what, why and when.
"""

from django.conf import settings
from django.db import models

from joinedup.people.choices import HouseholdRole

__all__ = ["HouseholdEdit", "HouseholdMember", "InferredHousehold", "Origin", "PersonRelationship"]


class Origin(models.TextChoices):
    DECLARED = "declared", "Declared by an agency"
    INFERRED = "inferred", "Inferred by JoinedUp"
    PRACTITIONER = "practitioner", "Recorded by a practitioner"


class InferredHousehold(models.Model):
    """People recorded at one home in overlapping periods, from the first of them to the last."""

    key = models.CharField(max_length=400, unique=True, help_text="normalised home and the household's first date")
    address = models.CharField(max_length=300)
    postcode = models.CharField(max_length=8, blank=True, db_index=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    withdrawn = models.BooleanField(default=False, help_text="the records no longer support it (kept for history)")
    refreshed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["start_date", "id"]

    def __str__(self) -> str:
        return self.address


class _Finding(models.Model):
    """What every membership and relationship carries: where it came from and how it is known."""

    origin = models.CharField(max_length=12, choices=Origin.choices)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    evidence = models.JSONField(default=list, help_text="the records it rests on: agency, kind, reference, dates")
    how_known = models.JSONField(default=list, help_text="how it is known, in words (never a score)")
    agencies = models.JSONField(default=list, help_text="codes of the agencies whose records it rests on")
    superseded_by = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="supersedes")
    withdrawn = models.BooleanField(default=False, help_text="a relink no longer supports it (kept for history)")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    recording_agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="+")
    reason = models.TextField(blank=True)
    confirmed = models.BooleanField(default=False, help_text="a practitioner confirmed an inference as it stood")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    @property
    def current(self) -> bool:
        return self.superseded_by_id is None and not self.withdrawn


class HouseholdMember(_Finding):
    """A person's time in an inferred household, with their role there."""

    household = models.ForeignKey(InferredHousehold, on_delete=models.PROTECT, related_name="members")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="household_members")
    role = models.CharField(max_length=20, blank=True, choices=HouseholdRole.choices,
                            help_text="blank when no agency recorded a role")
    stay = models.PositiveSmallIntegerField(default=0, help_text="which of the person's spells in this household")

    class Meta:
        ordering = ["start_date", "id"]
        indexes = [models.Index(fields=["person", "withdrawn"]), models.Index(fields=["household", "person"])]


class PersonRelationship(_Finding):
    """`person` is `relationship` of `other` (e.g. parent or carer of), from an agency, JoinedUp or a practitioner."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="relationships_from")
    other = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="relationships_to")
    relationship = models.CharField(max_length=20, help_text="a code from engine/households/data/households.yaml")

    class Meta:
        ordering = ["start_date", "id"]
        indexes = [models.Index(fields=["person", "withdrawn"]), models.Index(fields=["other", "withdrawn"])]


class EditAction(models.TextChoices):
    CONFIRM = "confirm", "Confirmed a household member"
    END = "end", "Ended a household membership"
    ADD_MEMBER = "add_member", "Added a person to a household"
    CORRECT_RELATIONSHIP = "correct_relationship", "Corrected a relationship"
    ADD_RELATIONSHIP = "add_relationship", "Added a relationship"


class HouseholdEdit(models.Model):
    """The audit of a practitioner's change to a household or relationship: who, in which role, what, and why."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency_code = models.CharField(max_length=40, blank=True, help_text="the editor's agency at the time")
    role = models.CharField(max_length=20, blank=True, help_text="the editor's role at the time")
    action = models.CharField(max_length=24, choices=EditAction.choices)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+",
                               help_text="whose page the change was made from")
    member = models.ForeignKey(HouseholdMember, on_delete=models.PROTECT, null=True, blank=True, related_name="edits")
    relationship = models.ForeignKey(PersonRelationship, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="edits")
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    reason = models.TextField()
    request_id = models.UUIDField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
