"""Accounts: every user belongs to an agency and holds one role; access follows need-to-know."""

from django.contrib.auth.models import AbstractUser
from django.db import models

__all__ = ["Role", "User"]


class Role(models.TextChoices):
    PRACTITIONER = "practitioner", "Practitioner"
    DSL = "dsl", "Designated safeguarding lead"
    MASH_OFFICER = "mash_officer", "MASH officer"
    TEAM_MANAGER = "team_manager", "Team manager"
    ANALYST = "analyst", "Partnership analyst"
    ADMINISTRATOR = "administrator", "Administrator"
    AGENCY_SYSTEM = "agency_system", "Agency system (pushes records through the API)"


class User(AbstractUser):
    """A person (or an agency's system) who signs in; agency and role decide what they may see."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, null=True, blank=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PRACTITIONER)
    job_title = models.CharField(max_length=120, blank=True)
    team = models.CharField(max_length=120, blank=True, help_text="the team within the agency, for aggregate reports")

    def save(self, *args, **kwargs):
        """An administrator signs in to the admin site to manage users, roles and agencies (issue 16)."""
        if self.role == Role.ADMINISTRATOR and not self.is_staff:
            self.is_staff = True
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "is_staff"}
        super().save(*args, **kwargs)

    @property
    def reads_case_data(self) -> bool:
        """Administrators, analysts and agency systems never read an individual child's record."""
        return self.is_active and self.role in {
            Role.PRACTITIONER,
            Role.DSL,
            Role.MASH_OFFICER,
            Role.TEAM_MANAGER,
        }

    @property
    def sees_whole_picture(self) -> bool:
        """MASH officers see every agency's records about every child."""
        return self.is_active and self.role == Role.MASH_OFFICER

    @property
    def may_view_access_log(self) -> bool:
        return self.is_active and self.role in {Role.DSL, Role.TEAM_MANAGER, Role.MASH_OFFICER}

    @property
    def may_push_records(self) -> bool:
        return self.is_active and self.role == Role.AGENCY_SYSTEM and self.agency_id is not None
