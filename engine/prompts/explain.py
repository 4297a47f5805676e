"""The facts of a prompt, in words, and the Prompt itself: shared by both evaluators."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .calendar import age_in_months, from_day_number
from .model import Prompt, Rule


def _day(d: date) -> str:
    return f"{d.day} {d:%b %Y}"


def make_prompt(rule: Rule, child_key: str, dob: date, moment_dn: int, event_ids: Iterable[str],
                agencies: Iterable[str], first_dn: int, last_dn: int, n_days: int) -> Prompt:
    moment = from_day_number(moment_dn)
    ids = tuple(sorted(set(event_ids)))
    facts = {
        "days": n_days, "events": len(ids), "first": _day(from_day_number(first_dn)),
        "last": _day(from_day_number(last_dn)), "deadline": _day(moment),
        "agencies": ", ".join(sorted(set(agencies))) or "an agency",
        "age": age_in_months(dob, moment) // 12,
    }
    return Prompt(child_key, moment, rule.id, ids, rule.title, rule.evidence, rule.recipient, rule.dismissable,
                  rule.because.format(**facts), rule.questions)
