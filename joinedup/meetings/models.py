"""Strategy discussions and multi-agency meetings about a child: who was invited and who came, the minutes and
when they were circulated, the decisions with their reasons, and the actions with owners and due dates (R21,
R22).

"Work with vulnerable children [...] requires [...] clear plans with measurable outcomes, accountability,
regular reviews and well-chaired meetings with circulated minutes" (000 L104-108); for strategy discussions
"is their purpose clear, are the right people invited, are minutes sent out quickly?" (000 L115-121). An
action not done by its due date raises a drift prompt (D05), minutes not circulated within five working days
raise D06, and a strategy discussion that started section 47 enquiries with no conference within 15 working
days raises D08 (engine/casework/deadlines.yaml).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

__all__ = ["AgencyAttendance", "DecisionKind", "Invitation", "Meeting", "MeetingAction", "MeetingDecision",
           "MeetingKind"]


class MeetingKind(models.TextChoices):
    STRATEGY_DISCUSSION = "strategy_discussion", "Strategy discussion"
    STRATEGY_MEETING = "strategy_meeting", "Strategy meeting"
    INITIAL_CONFERENCE = "initial_conference", "Initial child protection conference"
    REVIEW_CONFERENCE = "review_conference", "Review child protection conference"
    CORE_GROUP = "core_group", "Core group meeting"
    PROFESSIONALS = "professionals", "Professionals meeting"
    CHILD_IN_NEED = "child_in_need", "Child in need meeting"


STRATEGY_KINDS = (MeetingKind.STRATEGY_DISCUSSION, MeetingKind.STRATEGY_MEETING)
CONFERENCE_KINDS = (MeetingKind.INITIAL_CONFERENCE, MeetingKind.REVIEW_CONFERENCE)


class AgencyAttendance(models.TextChoices):
    """How an invited agency took part. These are professionals: "did not attend" is right for them (for a
    child's own appointment the platform says "was not brought")."""

    NOT_RECORDED = "not_recorded", "Not yet recorded"
    ATTENDED = "attended", "Attended"
    APOLOGIES = "apologies", "Sent apologies"
    REPORT = "report", "Sent apologies and a written report"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend (no apologies or report)"


class DecisionKind(models.TextChoices):
    SECTION_47 = "section_47", "Section 47 enquiries to start"
    SECTION_17 = "section_17", "Child and family assessment (section 17)"
    CONVENE_CONFERENCE = "convene_conference", "Convene an initial child protection conference"
    NO_CONFERENCE = "no_conference", "Section 47 enquiries concluded: no conference needed"
    CP_PLAN = "cp_plan", "Child protection plan"
    CP_PLAN_ENDS = "cp_plan_ends", "Child protection plan ends"
    CIN_PLAN = "cin_plan", "Child in need plan"
    EARLY_HELP = "early_help", "Early help"
    NO_FURTHER_ACTION = "no_further_action", "No further action"
    OTHER = "other", "Other decision"


class Meeting(models.Model):
    """One multi-agency meeting about one child."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="meetings",
                               help_text="the child the meeting is about")
    kind = models.CharField(max_length=30, choices=MeetingKind.choices)
    held_on = models.DateField(help_text="the day the meeting was (or will be) held")
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="meetings_chaired")
    organiser = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    purpose = models.TextField(help_text="why the meeting is held: what it must decide or plan")
    child_views = models.TextField(blank=True, help_text="the child's views and wishes, and how they were gathered")
    minutes = models.TextField(blank=True)
    minutes_language_findings = models.JSONField(default=list, blank=True,
                                                 help_text="what the language checker flagged in the minutes")
    minutes_circulated_at = models.DateTimeField(null=True, blank=True)
    minutes_circulated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                              blank=True, related_name="+")
    minutes_circulated_to = models.JSONField(default=list, blank=True,
                                             help_text="usernames the circulation email went to")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["person", "held_on"], name="meeting_child_day")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_on:%-d %b %Y}"

    @property
    def label(self) -> str:
        return f"{self.get_kind_display().lower()} on {self.held_on:%-d %b %Y}"

    @property
    def minutes_locked(self) -> bool:
        return self.minutes_circulated_at is not None


class Invitation(models.Model):
    """An agency invited to a meeting, and how it took part (one record per agency)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    attendance = models.CharField(max_length=20, choices=AgencyAttendance.choices,
                                  default=AgencyAttendance.NOT_RECORDED)
    represented_by = models.CharField(max_length=200, blank=True,
                                      help_text="who attended or wrote the report (name and role)")
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["agency__name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "agency"], name="meeting_invites_agency_once")]

    def __str__(self) -> str:
        return f"{self.agency}: {self.get_attendance_display()}"


class MeetingDecision(models.Model):
    """A decision the meeting made, with its reasons (R13, R22: decision-making explicitly recorded)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(max_length=30, choices=DecisionKind.choices)
    detail = models.CharField(max_length=300, blank=True, help_text="what was decided, where the kind does not say it all")
    reasons = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return self.detail or self.get_kind_display()


class MeetingAction(models.Model):
    """An action the meeting agreed: what, who owns it, by when; done only with a note of what was done."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="meeting_actions", help_text="the JoinedUp user who owns the action")
    owner_name = models.CharField(max_length=200, blank=True, help_text="the owner, when they do not use JoinedUp")
    owner_agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", help_text="the owner's agency, when they do not use JoinedUp")
    agreed_on = models.DateField()
    due_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    completion_note = models.TextField(blank=True, help_text="what was done")
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["owner", "completed_on"], name="meeting_action_owner")]
        constraints = [
            models.CheckConstraint(name="meeting_action_has_an_owner",
                                   condition=Q(owner__isnull=False) | (~Q(owner_name="") & Q(owner_agency__isnull=False))),
            models.CheckConstraint(name="meeting_action_done_with_a_note",
                                   condition=Q(completed_on__isnull=True) | ~Q(completion_note="")),
            models.CheckConstraint(name="meeting_action_due_after_agreed", condition=Q(due_on__gte=models.F("agreed_on"))),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def done(self) -> bool:
        return self.completed_on is not None

    def owner_words(self) -> str:
        if self.owner_id:
            who = self.owner.get_full_name() or self.owner.username
            return f"{who} ({self.owner.agency.name})" if self.owner.agency_id else who
        return f"{self.owner_name} ({self.owner_agency.name})"

    def days_overdue(self, today) -> int:
        """Days past the due date while not done (0 when done or not yet due): D05 counts the same way."""
        if self.done or today <= self.due_on:
            return 0
        return (today - self.due_on).days
