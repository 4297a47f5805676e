"""School days and school age for Operation Encompass (issue 20). Pure Python, never Django.

    load_school_calendar()                    -> SchoolCalendar  school_calendar.yaml (or JOINEDUP_SCHOOL_CALENDAR_FILE)
    calendar.school_day(day, school)          -> DayAnswer       is it a school day, and if not, why not
    calendar.next_school_day(after, school)   -> NextSchoolDay   the first school day starting after `after`
    school_year(dob, day) / of_school_age(dob, day)              reception (0) to year 13; reception to 17

Police must tell the child's school before the start of the next school day after a domestic abuse incident
(Victims and Prisoners Act 2024; Home Office statutory guidance, November 2025). "Next" is the first school
day whose start (the calendar's `day_starts`, or the school's own) is after the incident: an incident at
02:00 on a school day is due before that morning's start, one at 10:00 before the next school day's. Weekends,
bank holidays (the same England and Wales calendar every working-day deadline uses), breaks between and
inside terms and inset days roll forward. Datetimes here are the partnership's local time, without a zone.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path

import yaml

from engine.prompts.calendar import bank_holiday_name

__all__ = ["DayAnswer", "NextSchoolDay", "SchoolCalendar", "SchoolCalendarError", "Span", "build_school_calendar",
           "load_school_calendar", "of_school_age", "school_year"]

CALENDAR_PATH = Path(__file__).resolve().parent / "school_calendar.yaml"
CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
LOOK_AHEAD_DAYS = 200     # no gap between terms is this long; a calendar that finds none is wrong
SCHOOL_KEYS = {"day_starts", "terms", "breaks", "inset_days"}
TOP_KEYS = {"version", "day_starts", "terms", "breaks", "inset_days", "schools"}


class SchoolCalendarError(ValueError):
    """The school calendar file is not valid; the message lists every problem."""


def school_year(dob: date, day: date) -> int:
    """The English school year group a child born on `dob` is in on `day`: 0 reception, 1 Year 1 … 13 Year 13;
    negative before reception. A year group is the children born 1 September to 31 August."""
    academic_year = day.year if day.month >= 9 else day.year - 1
    born_in = dob.year if dob.month >= 9 else dob.year - 1
    return academic_year - born_in - 5


def of_school_age(dob: date | None, day: date) -> bool:
    """Reception to 17: in reception or above on `day`, and not yet 18 (Operation Encompass's ages)."""
    if dob is None:
        return False
    eighteen = _birthday(dob, 18)
    return school_year(dob, day) >= 0 and day < eighteen


def _birthday(dob: date, years: int) -> date:
    try:
        return dob.replace(year=dob.year + years)
    except ValueError:          # 29 February
        return date(dob.year + years, 3, 1)


@dataclass(frozen=True)
class Span:
    name: str
    starts: date
    ends: date

    def __contains__(self, day: date) -> bool:
        return self.starts <= day <= self.ends


@dataclass(frozen=True)
class DayAnswer:
    """Whether pupils are in school on a day, and if not the reason, in words ("the weekend", "an inset day")."""

    day: date
    school_day: bool
    reason: str = ""
    assumed: bool = False       # outside the calendar: a weekday that is not a bank holiday is taken as one


@dataclass(frozen=True)
class NextSchoolDay:
    """When a notification is due: before `starts` on `day`, and why that day (`basis`, in words)."""

    after: datetime
    day: date
    starts: datetime
    basis: str
    assumed: bool


@dataclass(frozen=True)
class _Rules:
    day_starts: time
    terms: tuple[Span, ...]
    breaks: tuple[Span, ...]
    inset_days: frozenset[date]


@dataclass(frozen=True)
class SchoolCalendar:
    partnership: _Rules
    schools: Mapping[str, _Rules] = field(default_factory=dict)

    def rules(self, school: str | None) -> _Rules:
        return self.schools.get(school or "", self.partnership)

    def covers(self, day: date, school: str | None = None) -> bool:
        terms = self.rules(school).terms
        return bool(terms) and terms[0].starts <= day <= terms[-1].ends

    def day_starts(self, school: str | None = None) -> time:
        return self.rules(school).day_starts

    def school_day(self, day: date, school: str | None = None) -> DayAnswer:
        """Whether pupils are in school on `day`. A holiday or break is named before the weekends inside it."""
        rules = self.rules(school)
        if self.covers(day, school):
            term = next((t for t in rules.terms if day in t), None)
            if term is None:
                before = [t for t in rules.terms if t.ends < day][-1]
                after = next(t for t in rules.terms if t.starts > day)
                return DayAnswer(day, False, f"the holiday between the {before.name} and the {after.name}")
            closed = next((b for b in rules.breaks if day in b), None)
            if closed is not None:
                return DayAnswer(day, False, closed.name)
        if day.weekday() >= 5:
            return DayAnswer(day, False, "the weekend")
        holiday = bank_holiday_name(day)
        if holiday:
            return DayAnswer(day, False, f"a bank holiday ({holiday})")
        if not self.covers(day, school):
            return DayAnswer(day, True, "not covered by the school calendar", assumed=True)
        if day in rules.inset_days:
            return DayAnswer(day, False, "an inset day (no pupils in school)")
        return DayAnswer(day, True)

    def next_school_day(self, after: datetime, school: str | None = None) -> NextSchoolDay:
        """The first school day whose start is after `after` (a naive local datetime), and why that day."""
        starts_at = self.day_starts(school)
        day = after.date()
        if after.time() >= starts_at:
            day += timedelta(days=1)
        skipped: list[DayAnswer] = []
        for _ in range(LOOK_AHEAD_DAYS):
            answer = self.school_day(day, school)
            if answer.school_day:
                starts = datetime.combine(day, starts_at)
                return NextSchoolDay(after, day, starts, _basis(after, answer, skipped, starts_at), answer.assumed)
            skipped.append(answer)
            day += timedelta(days=1)
        raise SchoolCalendarError(f"no school day within {LOOK_AHEAD_DAYS} days of {after:%d %b %Y}: "
                                  "check the school calendar's terms")


def _day_words(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def _basis(after: datetime, answer: DayAnswer, skipped: list[DayAnswer], starts_at: time) -> str:
    """Why this is the day: the days passed over grouped by reason, then the day itself."""
    runs: list[list[DayAnswer]] = []        # consecutive days passed over for one reason
    for passed in skipped:
        if runs and runs[-1][-1].reason == passed.reason:
            runs[-1].append(passed)
        else:
            runs.append([passed])
    parts = []
    for run in runs:
        first, last = run[0].day, run[-1].day
        span = _day_words(first) if first == last else f"{_day_words(first)} to {_day_words(last)}"
        parts.append(f"{span}: {run[0].reason}")
    when = f"{_day_words(answer.day)}, before {starts_at:%H:%M}"
    if answer.assumed:
        when += (" (the school calendar does not cover this date: a weekday that is not a bank holiday is taken as "
                 "a school day, the earliest the notification could be due)")
    if after.date() == answer.day:
        lead = f"The incident was before the school day started ({starts_at:%H:%M})"
    else:
        lead = f"After {after:%H:%M} on {_day_words(after.date())}"
    return f"{lead}; " + ("; ".join(parts) + "; " if parts else "") + f"next school day: {when}."


# --------------------------------------------------------------------------------------------------- loading


def _date(value, where: str, problems: list[str]) -> date | None:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        problems.append(f"{where}: {value!r} is not a date (YYYY-MM-DD)")
        return None


def _clock(value, where: str, problems: list[str]) -> time | None:
    if isinstance(value, int):          # YAML 1.1 reads an unquoted 08:30 as a sexagesimal number
        value = f"{value // 60:02d}:{value % 60:02d}"
    if not CLOCK.match(str(value)):
        problems.append(f"{where}: day_starts must be HH:MM, e.g. \"08:30\"")
        return None
    hours, minutes = str(value).split(":")
    return time(int(hours), int(minutes))


def _spans(raw, where: str, problems: list[str]) -> tuple[Span, ...]:
    if not isinstance(raw, list):
        problems.append(f"{where}: expected a list of {{name, starts, ends}}")
        return ()
    out = []
    for i, item in enumerate(raw):
        here = f"{where}[{i}]"
        if not isinstance(item, dict) or set(item) != {"name", "starts", "ends"}:
            problems.append(f"{here}: needs exactly name, starts, ends")
            continue
        starts, ends = _date(item["starts"], here, problems), _date(item["ends"], here, problems)
        if starts and ends:
            if ends < starts:
                problems.append(f"{here} ({item['name']}): ends before it starts")
            else:
                out.append(Span(str(item["name"]), starts, ends))
    out.sort(key=lambda s: s.starts)
    for first, second in zip(out, out[1:], strict=False):
        if second.starts <= first.ends:
            problems.append(f"{where}: {first.name} and {second.name} overlap")
    return tuple(out)


def _days(raw, where: str, problems: list[str]) -> frozenset[date]:
    if not isinstance(raw, list):
        problems.append(f"{where}: expected a list of dates")
        return frozenset()
    return frozenset(d for i, value in enumerate(raw) if (d := _date(value, f"{where}[{i}]", problems)))


def _rules(raw: Mapping, where: str, problems: list[str], base: _Rules | None = None) -> _Rules | None:
    starts = _clock(raw["day_starts"], f"{where}.day_starts", problems) if "day_starts" in raw else None
    terms = _spans(raw["terms"], f"{where}.terms", problems) if "terms" in raw else None
    breaks = _spans(raw["breaks"], f"{where}.breaks", problems) if "breaks" in raw else None
    insets = _days(raw.get("inset_days", []), f"{where}.inset_days", problems)
    if base is None:
        if starts is None or terms is None or breaks is None:
            problems.append(f"{where}: day_starts, terms and breaks are required")
            return None
        rules = _Rules(starts, terms, breaks, insets)
    else:
        rules = _Rules(starts or base.day_starts, base.terms if terms is None else terms,
                       base.breaks if breaks is None else breaks, base.inset_days | insets)
    if not rules.terms:
        problems.append(f"{where}: at least one term is needed")
    for b in rules.breaks:
        if not any(b.starts in t and b.ends in t for t in rules.terms):
            problems.append(f"{where}: the break {b.name} is not inside one term")
    for day in sorted(insets):
        if not any(day in t for t in rules.terms):
            problems.append(f"{where}: the inset day {day} is not inside a term")
    return rules


def build_school_calendar(doc: object) -> SchoolCalendar:
    """Validate a parsed calendar; raise SchoolCalendarError naming every problem."""
    if not isinstance(doc, dict):
        raise SchoolCalendarError("school calendar: expected a mapping")
    problems = [f"school calendar: unknown key {key!r}" for key in sorted(set(doc) - TOP_KEYS)]
    partnership = _rules(doc, "school calendar", problems)
    schools = {}
    raw_schools = doc.get("schools") or {}
    if not isinstance(raw_schools, dict):
        problems.append("school calendar: schools must map agency codes to their own calendars")
        raw_schools = {}
    for code, raw in raw_schools.items():
        where = f"schools.{code}"
        if not isinstance(raw, dict) or set(raw) - SCHOOL_KEYS:
            problems.append(f"{where}: may give only {', '.join(sorted(SCHOOL_KEYS))}")
            continue
        if partnership is not None and (rules := _rules(raw, where, problems, base=partnership)) is not None:
            schools[str(code)] = rules
    if problems:
        raise SchoolCalendarError("school calendar is not valid:\n" + "\n".join(problems))
    return SchoolCalendar(partnership, schools)


def read_school_calendar(path: Path) -> object:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@cache
def load_school_calendar(path: str | None = None) -> SchoolCalendar:
    """The partnership's school calendar: JOINEDUP_SCHOOL_CALENDAR_FILE if set, else the shipped one."""
    chosen = Path(path or os.environ.get("JOINEDUP_SCHOOL_CALENDAR_FILE") or CALENDAR_PATH)
    return build_school_calendar(read_school_calendar(chosen))
