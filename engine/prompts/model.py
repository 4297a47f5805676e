"""Frozen dataclasses for the prompt catalogue (rules.yaml) and the prompts it raises."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from engine.vocabulary import Citation

# Figure 3.2 of the CSE evidence scope (004 §3.1 L1076-1121) sorts factors into three groups; the
# fourth class is for statutory and practice deadlines, which are not indicators about the child at all.
EVIDENCE_CLASSES = {
    "harm_occurring": "Harm already occurring",
    "evidenced_vulnerability": "Evidenced vulnerability",
    "assumed_indicator": "Assumed indicator (no robust evidence of a link)",
    "practice_deadline": "Practice or statutory deadline (not an indicator about the child)",
}
ABOUT = ("child", "household", "associate")  # whose event it is, seen from the child
KINDS = ("within", "then_no", "birthday")
CHILDHOOD_MONTHS = 18 * 12


class CatalogueError(ValueError):
    """rules.yaml is invalid. `problems` lists every "<where>: <problem>" found."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("invalid prompt catalogue:\n  " + "\n  ".join(self.problems))


@dataclass(frozen=True)
class Sign:
    """A named kind of event the rules look for: event types, whose event it is, attribute values.

    `where` maps an attribute to the values that match; None in the values means "not recorded".
    """

    name: str
    label: str
    types: tuple[str, ...]
    about: tuple[str, ...] = ("child",)
    where: tuple[tuple[str, tuple[str | None, ...]], ...] = ()
    any_of: tuple[str, ...] = ()  # a sign may instead be the union of other signs


@dataclass(frozen=True)
class Part:
    """`sign` on at least `at_least` separate days (0: shown as context when present, never required)."""

    sign: str
    at_least: int = 1


@dataclass(frozen=True)
class Pattern:
    """What makes a rule fire. Three kinds, all evaluated on whole days:

    within    On a day d on which one of the required signs (or the `trigger` sign) occurs, every part is
              present on at least `at_least` separate days in [d - window_days, d], the contributing
              events come from at least `agencies_at_least` agencies, the child's age on d is in bounds
              and none of the `unless` signs occurs between the first contributing day and d.
              Moment: d.
    then_no   A `within` pattern completing on day d, then none of the `no` signs (none_of in the YAML)
              from the anchor day (d, or the first contributing day with from_first) to the deadline,
              `within_days` calendar days or `within_working_days` working days (England and Wales)
              after the anchor.
              Moment: the deadline day (it is knowable at the end of that day).
    birthday  On the day the child reaches `at_age_months`, every part is present in the window before.
              Moment: that day.
    """

    kind: str
    parts: tuple[Part, ...]
    window_days: int = 0
    trigger: str | None = None
    agencies_at_least: int = 1
    age_months_min: int = 0
    age_months_below: int = CHILDHOOD_MONTHS
    unless: tuple[str, ...] = ()
    no: tuple[str, ...] = ()
    within_days: int | None = None
    within_working_days: int | None = None
    from_first: bool = False
    at_age_months: int | None = None

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(p.sign for p in self.parts if p.at_least > 0)

    @property
    def signs(self) -> tuple[str, ...]:
        """Every sign the pattern reads, each once, in a stable order."""
        out = [p.sign for p in self.parts] + ([self.trigger] if self.trigger else []) + [*self.unless, *self.no]
        return tuple(dict.fromkeys(out))

    @property
    def trigger_signs(self) -> tuple[str, ...]:
        """Signs whose days are candidate moments (within / then_no)."""
        return (self.trigger,) if self.trigger else self.required


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    practice_rules: tuple[str, ...]
    pattern: Pattern
    episode_days: int
    evidence: str
    learning: tuple[Citation, ...]
    questions: tuple[str, ...]
    because: str
    recipient: str
    dismissable: bool


@dataclass(frozen=True)
class Catalogue:
    signs: dict[str, Sign] = field(hash=False)
    rules: tuple[Rule, ...]

    def matchers(self, name: str) -> tuple[Sign, ...]:
        """The plain signs (types, about, where) whose union is sign `name`."""
        sign = self.signs[name]
        if not sign.any_of:
            return (sign,)
        out: dict[str, Sign] = {}
        for member in sign.any_of:
            out.update((m.name, m) for m in self.matchers(member))
        return tuple(out.values())

    def rule(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)

    @cached_property
    def used_signs(self) -> tuple[str, ...]:
        """The signs the rules read, each once, in a stable order."""
        return tuple(dict.fromkeys(s for r in self.rules for s in r.pattern.signs))

    @cached_property
    def event_types(self) -> frozenset[str]:
        """Every event type some rule reads; other events can never change a prompt."""
        return frozenset(t for name in self.used_signs for m in self.matchers(name) for t in m.types)

    @cached_property
    def sign_index(self) -> dict[str, tuple[tuple[Sign, tuple[str, ...]], ...]]:
        """event type -> (plain sign, the used signs it makes up): which signs an event can be."""
        parents: dict[str, list[str]] = {}
        for name in self.used_signs:
            for m in self.matchers(name):
                parents.setdefault(m.name, []).append(name)
        out: dict[str, list] = {}
        for plain_name, names in parents.items():
            plain = self.signs[plain_name]
            for t in plain.types:
                out.setdefault(t, []).append((plain, tuple(names)))
        return {t: tuple(v) for t, v in out.items()}


@dataclass(frozen=True, order=True)
class Prompt:
    """One prompt raised for one child: the same from the incremental and the bulk evaluator.

    `moment` is the day it became knowable (the day of the event that completed the pattern, or the
    deadline day that passed without a response); `event_ids` are the contributing events, sorted.
    `explanation` states the facts; `questions` are for the practitioner to consider (never a verdict).
    """

    child_key: str
    moment: date
    rule_id: str
    event_ids: tuple[str, ...]
    title: str = field(compare=False)
    evidence_class: str = field(compare=False)
    recipient: str = field(compare=False)
    dismissable: bool = field(compare=False)
    explanation: str = field(compare=False)
    questions: tuple[str, ...] = field(compare=False)

    @property
    def key(self) -> tuple[str, str, date, tuple[str, ...]]:
        """(rule id, child, moment, contributing events): what identifies a prompt."""
        return (self.rule_id, self.child_key, self.moment, self.event_ids)
