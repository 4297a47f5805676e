"""Multi-agency child protection teams (Children's Wellbeing and Schools Act 2026, s.3) and the section 47
enquiries they co-ordinate.

Safeguarding partners establish teams supporting the local authority's section 47 duties; each has at least a
person with education experience, a social worker, a registered health professional (nominated by the ICB) and
a police officer (statutory-2026.md L6-10). A team without all four may not take an enquiry. An enquiry comes
from a strategy discussion that decided section 47 enquiries should start (joinedup/meetings), has tasks per
agency with owners and due dates (overdue: D12), and ends with an outcome with its reasons; D08 prompts when no
conference, and no outcome saying one is not needed, follows within 15 working days of the strategy discussion.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

__all__ = ["REQUIRED", "Discipline", "Enquiry", "Membership", "Outcome", "Task", "Team"]


class Discipline(models.TextChoices):
    EDUCATION = "education", "Education"
    SOCIAL_WORK = "social_work", "Social work"
    HEALTH = "health", "Health (registered health professional)"
    POLICE = "police", "Police"
    OTHER = "other", "Another discipline (probation, housing, youth justice, …)"


REQUIRED = (Discipline.EDUCATION, Discipline.SOCIAL_WORK, Discipline.HEALTH, Discipline.POLICE)
REGISTERED = (Discipline.SOCIAL_WORK, Discipline.HEALTH)


class Team(models.Model):
    name = models.CharField(max_length=200, unique=True)
    area = models.CharField(max_length=200, blank=True, help_text="the area or population the team covers")
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A member of a team in one discipline, from a date until a date (current while no end)."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="cp_team_memberships")
    name = models.CharField(max_length=200, blank=True, help_text="the member, when they do not use JoinedUp")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    discipline = models.CharField(max_length=20, choices=Discipline.choices)
    role = models.CharField(max_length=200, help_text="their role, e.g. detective sergeant, named nurse")
    registration = models.CharField(max_length=100, blank=True,
                                    help_text="professional registration (health and social work), e.g. NMC or "
                                              "Social Work England number")
    nominated_by = models.CharField(max_length=200, blank=True, help_text="for health: the ICB that nominated them")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["discipline", "name", "id"]
        constraints = [
            models.CheckConstraint(name="cp_member_is_someone", condition=Q(user__isnull=False) | ~Q(name="")),
            models.CheckConstraint(name="cp_member_ends_after_start",
                                   condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date"))),
        ]

    def __str__(self) -> str:
        return f"{self.who} ({self.get_discipline_display()})"

    @property
    def who(self) -> str:
        return (self.user.get_full_name() or self.user.username) if self.user_id else self.name

    def current(self, day) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


class Outcome(models.TextChoices):
    CONFERENCE = "conference", "Concerns substantiated: convene an initial child protection conference"
    CHILD_IN_NEED_PLAN = "child_in_need_plan", "A child in need plan (section 17), no conference"
    EARLY_HELP = "early_help", "Early help, no conference"
    NO_FURTHER_ACTION = "no_further_action", "No further action"


CONCLUDED_WITHOUT_CONFERENCE = (Outcome.CHILD_IN_NEED_PLAN, Outcome.EARLY_HELP, Outcome.NO_FURTHER_ACTION)


class Enquiry(models.Model):
    """A section 47 enquiry about one child, co-ordinated by one team."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="section_47_enquiries")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="enquiries")
    strategy_discussion = models.ForeignKey("meetings.Meeting", on_delete=models.PROTECT, related_name="+",
                                            help_text="the strategy discussion that decided the enquiry should start")
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                             help_text="the social worker who leads the enquiry")
    started_on = models.DateField()
    concerns = models.TextField(help_text="what the enquiry is about: the concerns the strategy discussion agreed")
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True)
    outcome_reasons = models.TextField(blank=True)
    outcome_on = models.DateField(null=True, blank=True)
    outcome_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(name="s47_outcome_with_reasons",
                                   condition=Q(outcome="") | (~Q(outcome_reasons="") & Q(outcome_on__isnull=False))),
            models.UniqueConstraint(fields=["strategy_discussion"], name="s47_one_enquiry_per_strategy_discussion"),
        ]

    def __str__(self) -> str:
        return f"Section 47 enquiry about {self.person} from {self.started_on:%-d %b %Y}"

    @property
    def open(self) -> bool:
        return not self.outcome


class Task(models.Model):
    """A task in the enquiry for one agency: what, who owns it, by when; done only with a note of what was done."""

    enquiry = models.ForeignKey(Enquiry, on_delete=models.PROTECT, related_name="tasks")
    discipline = models.CharField(max_length=20, choices=Discipline.choices)
    description = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="section_47_tasks")
    owner_name = models.CharField(max_length=200, blank=True)
    owner_agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    set_on = models.DateField()
    due_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    completion_note = models.TextField(blank=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(name="s47_task_has_an_owner", condition=Q(owner__isnull=False) | ~Q(owner_name="")),
            models.CheckConstraint(name="s47_task_done_with_a_note",
                                   condition=Q(completed_on__isnull=True) | ~Q(completion_note="")),
            models.CheckConstraint(name="s47_task_due_after_set", condition=Q(due_on__gte=models.F("set_on"))),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def owner_words(self) -> str:
        who = (self.owner.get_full_name() or self.owner.username) if self.owner_id else self.owner_name
        return f"{who} ({self.owner_agency.name})"

    def days_overdue(self, today) -> int:
        if self.completed_on or today <= self.due_on:
            return 0
        return (today - self.due_on).days
