"""CP-IS status: is a child on a plan, or looked after, now or in the last 12 months. Pure Python.

    spans_from_records(rows)     a local authority's starts and ends (events, decisions) -> Span per plan
    flags_on(spans, day)         the spans CP-IS would flag on `day`: current, or ended within 12 months

A start is paired with the next end of the same kind after it; a start with no end is current. An unborn child
protection plan (UCPP) is flagged on the pregnant woman. A child on a plan and looked after has two flags.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from engine.prompts.calendar import add_months

__all__ = ["FLAG_MONTHS", "Span", "flags_on", "spans_from_records"]

FLAG_MONTHS = 12
FAMILY = {"CPP": "plan", "UCPP": "plan", "CLA": "care"}


@dataclass(frozen=True)
class Span:
    plan_type: str                 # CPP | UCPP | CLA
    start: date
    end: date | None
    source: str                    # where it is recorded, in words
    authority: str = ""            # the responsible local authority's code

    def current(self, day: date) -> bool:
        return self.start <= day and (self.end is None or self.end >= day)

    def flagged(self, day: date) -> bool:
        """Current, or ended within the last 12 months (CP-IS keeps the flag for a year after)."""
        return self.start <= day and (self.end is None or self.end >= add_months(day, -FLAG_MONTHS))


def spans_from_records(rows: Iterable[tuple[str, str, date, str]]) -> list[Span]:
    """rows: (what, plan_type, day, source) with what = "start" | "end"; plan_type CPP, UCPP or CLA (an end may
    give the family's type: an end of "CPP" ends a CPP or UCPP). Returns one Span per start."""
    ordered = sorted(rows, key=lambda r: (r[2], r[0] != "start"))
    open_: dict[str, list[tuple[str, date, str]]] = {}
    spans = []
    for what, plan_type, day, source in ordered:
        family = FAMILY[plan_type]
        if what == "start":
            if open_.get(family):              # a second start while one is open: the first is still running
                continue
            open_.setdefault(family, []).append((plan_type, day, source))
        elif open_.get(family):
            started_as, started, from_ = open_[family].pop()
            spans.append(Span(started_as, started, day, from_))
    for family in open_.values():
        spans += [Span(t, d, None, s) for t, d, s in family]
    return sorted(spans, key=lambda s: (s.start, s.plan_type))


def flags_on(spans: Iterable[Span], day: date) -> list[Span]:
    """The spans flagged on `day`, current ones first, each type once (the latest span of a type)."""
    latest: dict[str, Span] = {}
    for span in sorted(spans, key=lambda s: s.start):
        if span.flagged(day):
            latest[span.plan_type] = span
    return sorted(latest.values(), key=lambda s: (not s.current(day), s.plan_type))
