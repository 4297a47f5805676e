"""Working days in England and Wales (weekends and bank holidays excluded), and day arithmetic shared
by both evaluators so that they cannot disagree about a deadline or an age."""

from __future__ import annotations

import calendar as _cal
from bisect import bisect_right
from datetime import date, datetime, timedelta
from functools import cache

import holidays

EPOCH = date(1970, 1, 1)
FIRST_YEAR, LAST_YEAR = 1990, 2045  # the range working days are tabulated for


def as_date(value) -> date | None:
    """A date from a date, a datetime or an ISO string (its first ten characters); None for None or ""."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def day_number(day: date) -> int:
    """Days since 1970-01-01 (what the bulk SQL works in)."""
    return (day - EPOCH).days


def from_day_number(n: int) -> date:
    return EPOCH + timedelta(days=n)


@cache
def _holiday_names() -> dict[date, str]:
    return dict(holidays.country_holidays("GB", subdiv="ENG", years=range(FIRST_YEAR, LAST_YEAR + 1)))


def bank_holiday_name(day: date) -> str:
    """The bank holiday's name ("Boxing Day (observed)"), or "" on any other day."""
    return _holiday_names().get(day, "")


@cache
def bank_holidays() -> frozenset[date]:
    """England and Wales bank holidays (the `holidays` package, offline)."""
    return frozenset(_holiday_names())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays()


@cache
def _working_days() -> tuple[int, ...]:
    """Day numbers of every working day in the tabulated range, ascending."""
    d, end, out = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31), []
    while d <= end:
        if is_working_day(d):
            out.append(day_number(d))
        d += timedelta(days=1)
    return tuple(out)


def add_working_days(day: date, n: int) -> date:
    """The n-th working day after `day` (`day` itself never counts, whatever day it is)."""
    days = _working_days()
    i = bisect_right(days, day_number(day)) + n - 1
    if not (FIRST_YEAR <= day.year <= LAST_YEAR) or i >= len(days):
        raise ValueError(f"{day} + {n} working days is outside {FIRST_YEAR}-{LAST_YEAR}")
    return from_day_number(days[i])


def working_day_table() -> list[tuple[int, int]]:
    """(day number, working days on or before it) for every day in the range: the SQL's calendar."""
    days = set(_working_days())
    start, end = day_number(date(FIRST_YEAR, 1, 1)), day_number(date(LAST_YEAR, 12, 31))
    out, count = [], 0
    for n in range(start, end + 1):
        count += n in days
        out.append((n, count))
    return out


def age_in_months(dob: date, day: date) -> int:
    """Whole months from `dob` to `day` (negative before birth)."""
    return (day.year - dob.year) * 12 + day.month - dob.month - (1 if day.day < dob.day else 0)


def add_months(day: date, months: int) -> date:
    """`day` plus whole months, clamped to the month's end (as SQL date + INTERVAL n MONTH does)."""
    m = day.month - 1 + months
    year, month = day.year + m // 12, m % 12 + 1
    return date(year, month, min(day.day, _cal.monthrange(year, month)[1]))
