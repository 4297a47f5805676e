"""Agencies: the organisations that hold records about children and share them."""

from django.db import models

__all__ = ["Agency", "AgencyKind"]


class AgencyKind(models.TextChoices):
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    SCHOOL = "school", "School"
    EDUCATION = "education", "Education service"
    SOCIAL_CARE = "social_care", "Children's social care"
    YOUTH = "youth", "Youth service"
    MASH = "mash", "Multi-agency safeguarding hub"
    OTHER = "other", "Other"


class Agency(models.Model):
    """An organisation in the partnership that records about children and adults."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=AgencyKind.choices)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name
