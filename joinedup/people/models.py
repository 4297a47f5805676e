"""People: one Person per real individual, and each agency's own identity records of them."""

from django.conf import settings
from django.db import models

from joinedup.people.choices import HouseholdRole, PersonType, Sex

__all__ = ["Allocation", "Household", "HouseholdMembership", "Person", "SourceRecord"]


class Person(models.Model):
    """A child or adult: the join of every agency's identity records that linkage says are one person."""

    person_type = models.CharField(max_length=5, choices=PersonType.choices)
    display_name = models.CharField(max_length=200)
    date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text="set when linkage moved all of this person's records to another person",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["display_name"]

    def __str__(self) -> str:
        return self.display_name


class SourceRecord(models.Model):
    """One agency's identity record of a person; linked to at most one Person."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="records")
    record_id = models.CharField(max_length=100)
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="records"
    )
    person_type = models.CharField(max_length=5, choices=PersonType.choices)
    forename = models.CharField(max_length=100, blank=True)
    middle_names = models.CharField(max_length=200, blank=True)
    surname = models.CharField(max_length=100, blank=True)
    former_surnames = models.CharField(max_length=300, blank=True, help_text="';'-separated")
    date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    nhs_number = models.CharField(max_length=10, blank=True)
    upn = models.CharField(max_length=13, blank=True)
    police_id = models.CharField(max_length=40, blank=True)
    la_child_id = models.CharField(max_length=40, blank=True)
    forename_key = models.CharField(max_length=20, blank=True, help_text="phonetic key for search")
    surname_key = models.CharField(max_length=20, blank=True, help_text="phonetic key for search")
    content_hash = models.CharField(max_length=32)
    import_batch = models.ForeignKey("imports.ImportBatch", on_delete=models.PROTECT, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["agency__name", "surname", "forename"]
        constraints = [models.UniqueConstraint(fields=["agency", "record_id"], name="record_unique_per_agency")]
        indexes = [
            models.Index(fields=["nhs_number"]),
            models.Index(fields=["upn"]),
            models.Index(fields=["la_child_id"]),
            models.Index(fields=["police_id"]),
            models.Index(fields=["surname_key"]),
            models.Index(fields=["forename_key"]),
            models.Index(fields=["date_of_birth"]),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.agency.code} {self.record_id})"

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.forename, self.middle_names, self.surname) if part) or "(name not held)"


class Allocation(models.Model):
    """A worker allocated to a child (e.g. the allocated social worker), who then sees the whole picture."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="allocations")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="allocations")
    description = models.CharField(max_length=100, default="Allocated social worker")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.worker} → {self.person}"


class Household(models.Model):
    """A household as one agency knows it (inferred households come with linkage)."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT)
    source_id = models.CharField(max_length=100)
    location = models.ForeignKey("places.Location", on_delete=models.PROTECT, null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "source_id"], name="household_unique_per_agency")]

    def __str__(self) -> str:
        return f"Household {self.source_id} ({self.agency.code})"


class HouseholdMembership(models.Model):
    """A person's membership of a household, with its role and the period it held."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT)
    source_id = models.CharField(max_length=100)
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="memberships")
    record = models.ForeignKey(SourceRecord, on_delete=models.CASCADE, related_name="household_memberships")
    role = models.CharField(max_length=20, choices=HouseholdRole.choices)
    location = models.ForeignKey("places.Location", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", help_text="the address for this period (a household may move)")
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    content_hash = models.CharField(max_length=32)
    import_batch = models.ForeignKey("imports.ImportBatch", on_delete=models.PROTECT, null=True, blank=True)

    class Meta:
        ordering = ["start_date"]
        constraints = [models.UniqueConstraint(fields=["agency", "source_id"], name="membership_unique_per_agency")]


# Households and relationships as JoinedUp pieces them together (rebuilt after linking; see households.py).
from joinedup.people.household_models import (  # noqa: E402
    HouseholdEdit,
    HouseholdMember,
    InferredHousehold,
    PersonRelationship,
)

__all__ += ["HouseholdEdit", "HouseholdMember", "InferredHousehold", "PersonRelationship"]
