from django.db import models

__all__ = ["HouseholdRole", "PersonType", "Sex"]


class PersonType(models.TextChoices):
    CHILD = "child", "Child"
    ADULT = "adult", "Adult"


class Sex(models.TextChoices):
    FEMALE = "F", "Female"
    MALE = "M", "Male"
    UNKNOWN = "U", "Not known"


class HouseholdRole(models.TextChoices):
    PARENT = "parent", "Parent"
    STEP_PARENT = "step_parent", "Step-parent"
    PARENT_PARTNER = "parent_partner", "Parent's partner"
    CHILD = "child", "Child"
    SIBLING = "sibling", "Sibling"
    GRANDPARENT = "grandparent", "Grandparent"
    OTHER_ADULT = "other_adult", "Other adult"
    LODGER = "lodger", "Lodger"
