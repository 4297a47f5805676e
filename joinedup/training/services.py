"""Training records: who may see and record them, recording attendance, and compliance with each role's pathway.

Every active JoinedUp user (except agency systems) follows their role's pathway; volunteers and other staff who
do not sign in are added as learners with a pathway role. Compliance counts, for each agency, the learners who
are up to date with every required course, and which courses are missing or have expired (engine/casework/
training.py decides, refresher periods included). Counts and course states only: no score, mark or band.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from engine.casework.training import EXPIRED, MISSING, PathwayCheck, load_training
from joinedup.accounts.models import Role
from joinedup.audit.services import log_action
from joinedup.training.models import Attendance, Learner

__all__ = ["AgencyCompliance", "LearnerCompliance", "TrainingRefused", "add_learner", "agency_compliance",
           "learner_for", "learners_compliance", "may_manage_agency", "may_see_partnership", "record_attendance",
           "recordable_learners"]

NO_AGENCY = "Partnership staff (no agency)"


class TrainingRefused(ValueError):
    """A training record that may not be made as given; the message says why."""


class NotAllowed(TrainingRefused):
    """The user's role does not allow this (HTTP 403)."""


def may_see_partnership(user) -> bool:
    """Counts by agency: partnership analysts, administrators, team managers and designated leads."""
    return user.is_active and user.role in (Role.ANALYST, Role.ADMINISTRATOR, Role.TEAM_MANAGER, Role.DSL)


def may_manage_agency(user, agency_id: int | None) -> bool:
    """Named learners and recording attendance: administrators for any agency; team managers and designated
    leads for their own agency's learners."""
    if not user.is_active:
        return False
    if user.role == Role.ADMINISTRATOR:
        return True
    return user.role in (Role.TEAM_MANAGER, Role.DSL) and agency_id is not None and agency_id == user.agency_id


def _trained_users():
    """Users who follow a pathway: active people (agency systems do not train)."""
    training = load_training()
    roles = [r for r in Role.values if r != Role.AGENCY_SYSTEM and training.has_pathway(r)]
    return get_user_model().objects.filter(is_active=True, role__in=roles).select_related("agency")


def learner_for(user) -> Learner:
    """The user's learner record, made on first use and kept in step with their name, agency and role."""
    name = user.get_full_name() or user.username
    learner, made = Learner.objects.get_or_create(
        user=user, defaults={"name": name, "agency_id": user.agency_id, "role": user.role, "job_title": user.job_title})
    if not made and (learner.name, learner.agency_id, learner.role) != (name, user.agency_id, user.role):
        learner.name, learner.agency_id, learner.role = name, user.agency_id, user.role
        learner.save(update_fields=["name", "agency", "role"])
    return learner


@dataclass
class LearnerCompliance:
    key: str                    # "u<user id>" or "l<learner id>": the value the attendance form uses
    name: str
    agency_id: int | None
    agency_name: str
    role: str
    role_title: str
    signs_in: bool
    check: PathwayCheck

    @property
    def attention(self):
        return [c for c in self.check.courses if not c.current]


def recordable_learners(agency_id: int | None) -> list[tuple[str, str, str]]:
    """(key, name, role title) of everyone in an agency who follows a pathway: its users and other learners."""
    training = load_training()
    users = _trained_users().filter(agency_id=agency_id) if agency_id else _trained_users().filter(agency__isnull=True)
    others = Learner.objects.filter(user__isnull=True, active=True, agency_id=agency_id)
    rows = [(f"u{u.pk}", u.get_full_name() or u.username, training.pathway(u.role).title) for u in users]
    rows += [(f"l{x.pk}", x.name, training.pathway(x.role).title if training.has_pathway(x.role) else x.role)
             for x in others]
    return sorted(rows, key=lambda row: row[1].casefold())


def learners_compliance(*, agency_id: int | None = None, everyone: bool = False,
                        as_of: date | None = None) -> list[LearnerCompliance]:
    """Each learner's pathway check on `as_of` (today): one agency's (None: partnership staff), or everyone's."""
    as_of = as_of or timezone.localdate()
    training = load_training()
    users = _trained_users()
    others = Learner.objects.filter(user__isnull=True, active=True).select_related("agency")
    if not everyone:
        users = users.filter(agency_id=agency_id) if agency_id else users.filter(agency__isnull=True)
        others = others.filter(agency_id=agency_id)
    users, others = list(users), [x for x in others if training.has_pathway(x.role)]
    by_user = dict(Learner.objects.filter(user__in=users).values_list("user_id", "pk"))
    attended: dict[int, dict[str, list[date]]] = defaultdict(lambda: defaultdict(list))
    learner_ids = list(by_user.values()) + [x.pk for x in others]
    for learner_id, course, day in Attendance.objects.filter(learner_id__in=learner_ids).values_list(
            "learner_id", "course", "attended_on"):
        attended[learner_id][course].append(day)
    rows = []
    for user in users:
        pathway = training.pathway(user.role)
        rows.append(LearnerCompliance(
            f"u{user.pk}", user.get_full_name() or user.username, user.agency_id,
            user.agency.name if user.agency_id else NO_AGENCY, user.role, pathway.title, True,
            pathway.check(attended.get(by_user.get(user.pk), {}), as_of)))
    for other in others:
        pathway = training.pathway(other.role)
        rows.append(LearnerCompliance(
            f"l{other.pk}", other.name, other.agency_id, other.agency.name if other.agency_id else NO_AGENCY,
            other.role, pathway.title, False, pathway.check(attended.get(other.pk, {}), as_of)))
    return sorted(rows, key=lambda r: (r.agency_name, r.name.casefold()))


@dataclass
class AgencyCompliance:
    agency_id: int | None
    agency_name: str
    learners: int = 0
    up_to_date: int = 0
    missing: dict[str, int] = field(default_factory=dict)     # course code -> learners who never attended it
    expired: dict[str, int] = field(default_factory=dict)     # course code -> learners whose attendance expired

    @property
    def not_up_to_date(self) -> int:
        return self.learners - self.up_to_date

    def courses(self) -> list[tuple[str, int, int]]:
        """(course title, missing, expired) for courses some learner here needs, in training.yaml's order."""
        training = load_training()
        return [(c.title, self.missing.get(c.code, 0), self.expired.get(c.code, 0)) for c in training.courses
                if self.missing.get(c.code) or self.expired.get(c.code)]


def agency_compliance(as_of: date | None = None) -> list[AgencyCompliance]:
    """For each agency (and partnership staff): learners, how many are up to date, and courses missing or expired."""
    out: dict[int | None, AgencyCompliance] = {}
    for row in learners_compliance(everyone=True, as_of=as_of):
        summary = out.setdefault(row.agency_id, AgencyCompliance(row.agency_id, row.agency_name))
        summary.learners += 1
        summary.up_to_date += row.check.up_to_date
        for check in row.check.courses:
            if check.state == MISSING:
                summary.missing[check.course.code] = summary.missing.get(check.course.code, 0) + 1
            elif check.state == EXPIRED:
                summary.expired[check.course.code] = summary.expired.get(check.course.code, 0) + 1
    return sorted(out.values(), key=lambda a: (a.agency_id is None, a.agency_name))


@transaction.atomic
def add_learner(*, name: str, agency, role: str, actor, job_title: str = "") -> Learner:
    """A volunteer or other member of staff who does not sign in to JoinedUp, with their pathway role."""
    if agency is None:
        raise TrainingRefused("Choose the learner's agency.")
    if not may_manage_agency(actor, agency.pk):
        raise NotAllowed("Only administrators, or team managers and designated leads for their own agency, add learners.")
    name = " ".join((name or "").split())
    if len(name) < 2:
        raise TrainingRefused("Give the learner's name.")
    if not load_training().has_pathway(role):
        raise TrainingRefused("Choose a role with a training pathway.")
    learner = Learner.objects.create(name=name, agency=agency, role=role, job_title=(job_title or "").strip(),
                                     added_by=actor)
    log_action(actor, "training: learner added", detail={"learner": learner.pk, "agency": agency.code, "role": role})
    return learner


def _resolve(keys: Iterable[str]) -> list[Learner]:
    users, learners = [], []
    for key in dict.fromkeys(keys):
        kind, number = str(key)[:1], str(key)[1:]
        if not number.isdigit() or kind not in ("u", "l"):
            raise TrainingRefused(f"Unknown learner {key!r}.")
        (users if kind == "u" else learners).append(int(number))
    found_users = {u.pk: u for u in _trained_users().filter(pk__in=users)}
    found_learners = {x.pk: x for x in Learner.objects.filter(pk__in=learners, user__isnull=True, active=True)}
    if len(found_users) != len(set(users)) or len(found_learners) != len(set(learners)):
        raise TrainingRefused("Some of the learners chosen are not in the training records.")
    return [learner_for(u) for u in found_users.values()] + list(found_learners.values())


@transaction.atomic
def record_attendance(*, course: str, attended_on: date, evidence: str, learners: Iterable[str], actor,
                      impact_note: str = "") -> list[Attendance]:
    """Record that these learners ("u<user id>" or "l<learner id>") attended a course on a day (a session)."""
    training = load_training()
    if course not in {c.code for c in training.courses}:
        raise TrainingRefused("Choose a course.")
    if attended_on is None or attended_on > timezone.localdate():
        raise TrainingRefused("Give the day the session was held; it cannot be a day still to come.")
    evidence = " ".join((evidence or "").split())
    if len(evidence) < 3:
        raise TrainingRefused("Say how attendance is known (a signed register, a certificate, an e-learning record).")
    chosen = _resolve(learners)
    if not chosen:
        raise TrainingRefused("Choose at least one learner who attended.")
    refused = sorted({x.name for x in chosen if not may_manage_agency(actor, x.agency_id)})
    if refused:
        raise NotAllowed("You may record attendance only for your own agency's learners: " + ", ".join(refused) + ".")
    already = set(Attendance.objects.filter(learner__in=chosen, course=course, attended_on=attended_on)
                  .values_list("learner_id", flat=True))
    made = Attendance.objects.bulk_create([
        Attendance(learner=x, course=course, attended_on=attended_on, evidence=evidence,
                   impact_note=(impact_note or "").strip(), recorded_by=actor)
        for x in chosen if x.pk not in already])
    log_action(actor, "training: attendance recorded",
               detail={"course": course, "attended_on": str(attended_on), "learners": [x.pk for x in chosen],
                       "already_recorded": sorted(already)})
    return made
