"""CP-IS: a child's child protection or looked after status, as unscheduled health care sees it, and each
attendance there the local authority is told of (NHS England's Child Protection - Information Sharing).

The status itself is read from the partnership's own records (children's social care events and conference
decisions; joinedup/cpis/status.py) and from CP-IS plans files (`Plan`, keyed on the NHS number, as CP-IS is),
which also bring children whose responsible authority is outside the partnership. `Attendance` is one
unscheduled-care attendance of a flagged child: from a health record arriving in JoinedUp, a health
practitioner recording it, or a CP-IS access-notification file.
"""

from django.conf import settings
from django.db import models

from engine.cpis.files import load_cpis_formats

__all__ = ["Attendance", "AttendanceSource", "Authority", "CpisFile", "Plan", "PlanType", "Setting"]

PlanType = models.TextChoices("PlanType", [(code, (code, label)) for code, label
                                           in load_cpis_formats().plan_types.items()])
Setting = models.TextChoices("Setting", [(code, (code, label)) for code, label
                                         in load_cpis_formats().settings.items()])


class Authority(models.Model):
    """A local authority responsible for children flagged in CP-IS, with the numbers health staff may call."""

    code = models.CharField(max_length=20, unique=True, help_text="ODS code")
    name = models.CharField(max_length=200)
    office_phone = models.CharField(max_length=40, blank=True)
    out_of_hours_phone = models.CharField(max_length=40, blank=True, help_text="emergency duty team")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               help_text="the partnership's children's social care, when the authority is ours")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "authorities"

    def __str__(self) -> str:
        return self.name


class CpisFile(models.Model):
    """One CP-IS file imported: what, by whom, and what it changed (the provenance of its rows)."""

    kind = models.CharField(max_length=10)
    name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-imported_at", "-id"]


class Plan(models.Model):
    """A plan or episode of care from a CP-IS plans file, held against the NHS number (as CP-IS holds it)."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="plans")
    nhs_number = models.CharField(max_length=10, db_index=True)
    plan_type = models.CharField(max_length=4, choices=PlanType.choices)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    la_child_id = models.CharField(max_length=40, blank=True)
    source_file = models.ForeignKey(CpisFile, on_delete=models.PROTECT, related_name="plans")

    class Meta:
        ordering = ["-start_date", "id"]
        constraints = [models.UniqueConstraint(fields=["authority", "nhs_number", "plan_type", "start_date"],
                                               name="cpis_plan_once")]


class AttendanceSource(models.TextChoices):
    HEALTH_RECORD = "health_record", "A health record in JoinedUp"
    RECORDED = "recorded", "Recorded by a health practitioner in JoinedUp"
    CPIS_FILE = "cpis_file", "A CP-IS access notification"


class Attendance(models.Model):
    """An unscheduled-care attendance of a child (or a pregnant woman with an unborn child protection plan) who
    is flagged, and whom the local authority told of it."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="cpis_attendances", help_text="empty until a record with the NHS number "
                                                                          "is linked")
    nhs_number = models.CharField(max_length=10, blank=True, db_index=True)
    attended_at = models.DateTimeField()
    setting = models.CharField(max_length=30, choices=Setting.choices)
    setting_name = models.CharField(max_length=200)
    ods_code = models.CharField(max_length=20, blank=True)
    plan_type = models.CharField(max_length=4, choices=PlanType.choices, blank=True, help_text="the status shown")
    status_shown = models.CharField(max_length=300, blank=True)
    source = models.CharField(max_length=20, choices=AttendanceSource.choices)
    source_key = models.CharField(max_length=120, unique=True)
    event = models.ForeignKey("events.Event", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                              db_constraint=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    source_file = models.ForeignKey(CpisFile, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    told = models.CharField(max_length=300, blank=True, help_text="who JoinedUp told, in words")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-attended_at", "-id"]
        indexes = [models.Index(fields=["person", "attended_at"], name="cpis_attendance_child")]

    def __str__(self) -> str:
        return f"{self.get_setting_display()} attendance on {self.attended_at:%Y-%m-%d}"
