"""The partnership's safeguarding training: courses, a pathway for every role (volunteers included) and who is
up to date with their pathway (R77: 001 L181-190, L229-231). Pure Python; training.yaml is the data.

    load_training()                          -> Training   training.yaml (or JOINEDUP_TRAINING_FILE), validated
    training.pathway(role).check(attended, as_of) -> PathwayCheck

`attended` maps a course code to the dates the learner attended it. A required course is *current* when the
learner attended it and, for a course with a refresher period, the latest attendance was less than that
many months before `as_of`; it has *expired* when the refresher period has run out since the latest
attendance; it is *missing* when never attended. A learner is up to date when every required course is
current. There is no score, mark or band: each course is current, expired or missing, and says when.
"""

from __future__ import annotations

import calendar
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import yaml

from engine.prompts.catalogue import _citations, score_like
from engine.vocabulary import Citation
from engine.vocabulary import rules as vrules

__all__ = ["CURRENT", "EXPIRED", "MISSING", "Course", "CourseCheck", "Pathway", "PathwayCheck", "Training",
           "TrainingError", "add_months", "build_training", "load_training"]

TRAINING_PATH = Path(__file__).resolve().parent / "training.yaml"
CODE = re.compile(r"^[a-z][a-z0-9_]*$")
COURSE_KEYS = {"code", "title", "topic", "covers", "refresher_months", "learning"}
PATHWAY_KEYS = {"role", "title", "who", "joinedup_role", "courses", "learning"}

CURRENT, EXPIRED, MISSING = "current", "expired", "missing"


class TrainingError(ValueError):
    """training.yaml is not valid; the message lists every problem."""


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it is shorter: 31 Jan + 1 month = 28/29 Feb)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Course:
    code: str
    title: str
    topic: str
    covers: str
    refresher_months: int | None
    learning: tuple[Citation, ...]

    def expires_on(self, attended_on: date) -> date | None:
        """The first day this attendance no longer counts (None: it does not expire)."""
        return add_months(attended_on, self.refresher_months) if self.refresher_months else None

    def refresher(self) -> str:
        if not self.refresher_months:
            return "once; no refresher"
        years, months = divmod(self.refresher_months, 12)
        if not months:
            return f"refresh every {years} year{'s' * (years != 1)}"
        return f"refresh every {self.refresher_months} months"


@dataclass(frozen=True)
class CourseCheck:
    """One required course for one learner: current, expired or missing, with the dates behind it."""

    course: Course
    state: str
    last_attended: date | None = None
    expires_on: date | None = None

    @property
    def current(self) -> bool:
        return self.state == CURRENT

    @property
    def state_words(self) -> str:
        return {CURRENT: "Current", EXPIRED: "Expired", MISSING: "Not attended"}[self.state]

    def words(self) -> str:
        if self.state == MISSING:
            return "not attended"
        if self.state == EXPIRED:
            return f"expired on {self.expires_on:%-d %b %Y} (attended {self.last_attended:%-d %b %Y})"
        if self.expires_on:
            return f"attended {self.last_attended:%-d %b %Y}; current until {self.expires_on:%-d %b %Y}"
        return f"attended {self.last_attended:%-d %b %Y}"


@dataclass(frozen=True)
class PathwayCheck:
    role: str
    courses: tuple[CourseCheck, ...]

    @property
    def up_to_date(self) -> bool:
        return all(check.current for check in self.courses)

    @property
    def missing(self) -> tuple[CourseCheck, ...]:
        return tuple(c for c in self.courses if c.state == MISSING)

    @property
    def expired(self) -> tuple[CourseCheck, ...]:
        return tuple(c for c in self.courses if c.state == EXPIRED)


@dataclass(frozen=True)
class Pathway:
    role: str
    title: str
    who: str
    joinedup_role: bool
    courses: tuple[Course, ...]
    learning: tuple[Citation, ...]

    def check(self, attended: Mapping[str, Iterable[date]], as_of: date) -> PathwayCheck:
        """Each required course's state for a learner who attended `attended[code]` (dates), on `as_of`."""
        out = []
        for course in self.courses:
            days = [d for d in attended.get(course.code, ()) if d <= as_of]
            if not days:
                out.append(CourseCheck(course, MISSING))
                continue
            last = max(days)
            expires = course.expires_on(last)
            state = EXPIRED if expires is not None and as_of >= expires else CURRENT
            out.append(CourseCheck(course, state, last, expires))
        return PathwayCheck(self.role, tuple(out))


@dataclass(frozen=True)
class Training:
    courses: tuple[Course, ...]
    pathways: tuple[Pathway, ...]

    def course(self, code: str) -> Course:
        return next(c for c in self.courses if c.code == code)

    def pathway(self, role: str) -> Pathway:
        return next(p for p in self.pathways if p.role == role)

    def has_pathway(self, role: str) -> bool:
        return any(p.role == role for p in self.pathways)

    @property
    def non_user_roles(self) -> tuple[Pathway, ...]:
        return tuple(p for p in self.pathways if not p.joinedup_role)


def build_training(doc: object) -> Training:
    """Validate a parsed training.yaml; raise TrainingError naming every problem."""
    if not isinstance(doc, dict) or doc.get("version") != 1:
        raise TrainingError("training.yaml: expected a mapping with version: 1")
    problems = score_like(doc)
    problems += vrules.check_keys("training.yaml", doc, {"version", "courses", "pathways"})
    courses: dict[str, Course] = {}
    for i, raw in enumerate(doc.get("courses") or []):
        where = f"courses[{i}]" + (f" ({raw.get('code')})" if isinstance(raw, dict) else "")
        found = vrules.check_keys(where, raw, COURSE_KEYS)
        if found:
            problems += found
            continue
        if not CODE.match(str(raw["code"])):
            found.append(f"{where}: code must be snake_case")
        elif raw["code"] in courses:
            found.append(f"{where}: code repeated")
        for key in ("title", "topic", "covers"):
            found += vrules.check_text(f"{where} {key}", raw[key])
        months = raw["refresher_months"]
        if months is not None and not (isinstance(months, int) and not isinstance(months, bool) and months > 0):
            found.append(f"{where}: refresher_months must be a whole number of months above 0, or null")
        learning = _citations(where, raw["learning"], found)
        problems += found
        if not found:
            courses[raw["code"]] = Course(raw["code"], raw["title"].strip(), raw["topic"].strip(),
                                          " ".join(raw["covers"].split()), months, learning)
    if not courses and not any(p.startswith("courses") for p in problems):
        problems.append("training.yaml: expected a non-empty list under 'courses'")
    pathways: list[Pathway] = []
    for i, raw in enumerate(doc.get("pathways") or []):
        where = f"pathways[{i}]" + (f" ({raw.get('role')})" if isinstance(raw, dict) else "")
        found = vrules.check_keys(where, raw, PATHWAY_KEYS)
        if found:
            problems += found
            continue
        if not CODE.match(str(raw["role"])):
            found.append(f"{where}: role must be snake_case")
        elif any(p.role == raw["role"] for p in pathways):
            found.append(f"{where}: role repeated")
        for key in ("title", "who"):
            found += vrules.check_text(f"{where} {key}", raw[key])
        if not isinstance(raw["joinedup_role"], bool):
            found.append(f"{where}: joinedup_role must be true or false")
        codes = raw["courses"]
        if not isinstance(codes, list) or not codes:
            found.append(f"{where}: courses must be a non-empty list of course codes")
            codes = []
        unknown = [c for c in codes if c not in courses]
        if unknown:
            found.append(f"{where}: unknown courses {unknown}")
        if len(set(map(str, codes))) != len(codes):
            found.append(f"{where}: a course is listed twice")
        learning = _citations(where, raw["learning"], found)
        problems += found
        if not found:
            pathways.append(Pathway(raw["role"], raw["title"].strip(), raw["who"].strip(), raw["joinedup_role"],
                                    tuple(courses[c] for c in codes), learning))
    if not pathways and not any(p.startswith("pathways") for p in problems):
        problems.append("training.yaml: expected a non-empty list under 'pathways'")
    if problems:
        raise TrainingError("training.yaml is not valid:\n" + "\n".join(problems))
    return Training(tuple(courses.values()), tuple(pathways))


def read_training(path: Path = TRAINING_PATH) -> object:
    with Path(path).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@cache
def load_training(path: str | None = None) -> Training:
    """The partnership's training: JOINEDUP_TRAINING_FILE if set, else the shipped default."""
    return build_training(read_training(Path(path or os.environ.get("JOINEDUP_TRAINING_FILE") or TRAINING_PATH)))
