"""Practice timescales over casework records: which have passed without the thing that meets them.

A rule (deadlines.yaml) says: for records of `record` kind, the clock starts at the date in `starts`; the
timescale is `due` ({working_days: n}, {days: n} or {field: name}, the record's own due date); the
deadline is met when `met_by` holds a value. A record still unmet after its deadline is overdue from the
next day. A timescale of zero days ("immediately") is overdue on the day it starts.

A due-date field may hold a time of day as well (a datetime, e.g. an Operation Encompass notification due
before 08:30 on the next school day). Given the time now (`now`, local and without a zone), such a deadline
is overdue from that moment, on the day itself; without `now` (a run for a past day) it is overdue from the
next day, like any other.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path

import yaml

from engine.prompts.calendar import add_working_days, as_date
from engine.prompts.catalogue import _citations, score_like
from engine.vocabulary import Citation
from engine.vocabulary import rules as vrules

__all__ = ["Deadline", "Deadlines", "DeadlinesError", "Overdue", "build_deadlines", "load_deadlines", "overdue"]

DEADLINES_PATH = Path(__file__).resolve().parent / "deadlines.yaml"
RULE_ID = re.compile(r"^D\d{2}$")
PRACTICE_RULE = re.compile(r"^R\d{2}$")
KEYS = {"id", "record", "title", "practice_rules", "starts", "due", "met_by", "because", "questions", "recipient",
        "dismissable", "learning"}
PLACEHOLDERS = {"start", "due", "label", "days"}


class DeadlinesError(ValueError):
    """deadlines.yaml is not valid; the message lists every problem."""


@dataclass(frozen=True)
class Deadline:
    id: str
    record: str
    title: str
    practice_rules: tuple[str, ...]
    starts: str
    working_days: int | None
    days: int | None
    due_field: str | None
    met_by: str
    because: str
    questions: tuple[str, ...]
    recipient: str
    dismissable: bool
    learning: tuple[Citation, ...]

    def due(self, record: Mapping) -> date | None:
        start = as_date(record.get(self.starts))
        if start is None:
            return None
        if self.due_field:
            return as_date(record.get(self.due_field))
        if self.working_days is not None:
            return add_working_days(start, self.working_days) if self.working_days else start
        return start + timedelta(days=self.days or 0)

    def due_at(self, record: Mapping) -> datetime | None:
        """The moment the deadline passes, when the record's due-date field holds a time of day too."""
        value = record.get(self.due_field) if self.due_field else None
        return value if isinstance(value, datetime) else None

    @property
    def immediate(self) -> bool:
        return not self.due_field and not self.working_days and not self.days

    def timescale(self) -> str:
        if self.due_field:
            return "by its due date"
        if self.working_days:
            return f"within {self.working_days} working day{'s' * (self.working_days != 1)}"
        if self.days:
            return f"within {self.days} day{'s' * (self.days != 1)}"
        return "immediately"


@dataclass(frozen=True)
class Deadlines:
    rules: tuple[Deadline, ...]

    def rule(self, rule_id: str) -> Deadline:
        return next(r for r in self.rules if r.id == rule_id)

    def for_record(self, kind: str) -> tuple[Deadline, ...]:
        return tuple(r for r in self.rules if r.record == kind)


@dataclass(frozen=True)
class Overdue:
    """A deadline that passed unmet, as a prompt: the facts, questions and learning, never a verdict."""

    rule_id: str
    record_kind: str
    record_key: str
    person_key: str | None      # the child it is about; None for a record about a context (`context_key`)
    moment: date
    due: date
    title: str
    explanation: str
    questions: tuple[str, ...]
    recipient: str
    dismissable: bool
    evidence_class: str = "practice_deadline"
    context_key: str | None = None

    @property
    def episode(self) -> str:
        return f"{self.record_kind}:{self.record_key}"


def _met(value) -> bool:
    return value not in (None, "", [], False)


def _late(rule: Deadline, record: Mapping, due: date, as_of: date, now: datetime | None) -> bool:
    due_at = rule.due_at(record)
    if due_at is not None and now is not None:
        return now >= due_at
    return as_of > due or (rule.immediate and as_of >= due)


def overdue(records: Iterable[Mapping], as_of: date, deadlines: Deadlines | None = None, *,
            now: datetime | None = None) -> list[Overdue]:
    """Every rule whose deadline passed before `as_of` (or, for "immediately", on it) with `met_by` unmet; a
    deadline with a time of day passes at that time when `now` is given (see the module doc)."""
    deadlines = deadlines or load_deadlines()
    out = []
    for record in records:
        for rule in deadlines.for_record(record["kind"]):
            due = rule.due(record)
            if due is None or _met(record.get(rule.met_by)):
                continue
            if _late(rule, record, due, as_of, now):
                start = as_date(record.get(rule.starts))
                due_at = rule.due_at(record)
                facts = {"start": f"{start:%d %b %Y}",
                         "due": f"{due_at:%H:%M} on {due:%d %b %Y}" if due_at else f"{due:%d %b %Y}",
                         "label": record.get("label") or record["kind"].replace("_", " "),
                         "days": (as_of - due).days}
                person, context = record.get("person_key"), record.get("context_key")
                if (person is None) == (context is None):
                    raise ValueError(f"a {record['kind']} record is about a child (person_key) or a context "
                                     f"(context_key), exactly one: {record.get('key')!r}")
                out.append(Overdue(
                    rule.id, record["kind"], str(record["key"]), None if person is None else str(person),
                    due if rule.immediate or due_at else due + timedelta(days=1), due, rule.title,
                    rule.because.format(**facts), rule.questions, rule.recipient, rule.dismissable,
                    context_key=None if context is None else str(context)))
    return out


def read_deadlines(path: Path = DEADLINES_PATH) -> object:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@cache
def load_deadlines() -> Deadlines:
    return build_deadlines(read_deadlines())


def build_deadlines(doc: object) -> Deadlines:
    problems = score_like(doc)
    raw_rules = doc.get("rules") if isinstance(doc, dict) else None
    if not isinstance(raw_rules, list) or not raw_rules:
        raise DeadlinesError("deadlines.yaml: expected a non-empty list under 'rules'")
    rules, seen = [], set()
    for i, raw in enumerate(raw_rules):
        where = f"rules[{i}]" + (f" ({raw.get('id')})" if isinstance(raw, dict) else "")
        found = vrules.check_keys(where, raw, KEYS)
        if found:
            problems += found
            continue
        if not RULE_ID.match(str(raw["id"])):
            found.append(f"{where}: id must look like D01")
        if raw["id"] in seen:
            found.append(f"{where}: id repeated")
        seen.add(raw["id"])
        prs = raw["practice_rules"]
        if not isinstance(prs, list) or not prs or not all(PRACTICE_RULE.match(str(p)) for p in prs):
            found.append(f"{where}: practice_rules must be a non-empty list like [R03]")
        due = raw["due"]
        if not isinstance(due, dict) or len(due) != 1 or next(iter(due)) not in {"working_days", "days", "field"}:
            found.append(f"{where}: due must be one of {{working_days: n}}, {{days: n}}, {{field: name}}")
            due = {}
        elif "field" not in due and not (isinstance(next(iter(due.values())), int) and next(iter(due.values())) >= 0):
            found.append(f"{where}: due must be a whole number of days, 0 or more")
        for key in ("title", "because", "recipient", "starts", "met_by"):
            found += vrules.check_text(f"{where} {key}", raw[key], language=key in ("title", "because"))
        names = {n for _, n, _, _ in string.Formatter().parse(str(raw["because"])) if n}
        if names - PLACEHOLDERS:
            found.append(f"{where}: because uses unknown placeholders {sorted(names - PLACEHOLDERS)}")
        qs = raw["questions"]
        if not isinstance(qs, list) or not qs or not all(isinstance(q, str) and q.strip().endswith("?") for q in qs):
            found.append(f"{where}: questions must be a non-empty list of questions")
        if not isinstance(raw["dismissable"], bool):
            found.append(f"{where}: dismissable must be true or false")
        learning = _citations(where, raw["learning"], found)
        problems += found
        if not found:
            rules.append(Deadline(
                raw["id"], raw["record"], raw["title"], tuple(prs), raw["starts"], due.get("working_days"),
                due.get("days"), due.get("field"), raw["met_by"], raw["because"].strip(), tuple(qs),
                raw["recipient"], raw["dismissable"], learning))
    if problems:
        raise DeadlinesError("deadlines.yaml is not valid:\n" + "\n".join(problems))
    return Deadlines(tuple(rules))
