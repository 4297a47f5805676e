"""Frozen dataclasses for the event and association vocabulary."""

from __future__ import annotations

from dataclasses import dataclass, field

from .values import check_value


class VocabularyError(ValueError):
    """The vocabulary files are invalid. `problems` lists every "<code>: <problem>" found."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("invalid vocabulary:\n  " + "\n  ".join(self.problems))


@dataclass(frozen=True)
class Citation:
    """A pointer into a seed file: file "000".."004", section, line range ("404" or "1076-1121")."""

    file: str
    section: str
    lines: str
    note: str

    def __str__(self) -> str:
        parts = [self.file, self.section, f"L{self.lines}" if self.lines else ""]
        return " ".join(p for p in parts if p)

    @property
    def line_range(self) -> tuple[int, int] | None:
        """(first, last) line, 1-based and inclusive, or None when no lines are cited."""
        if not self.lines:
            return None
        first, _, last = self.lines.partition("-")
        return int(first), int(last or first)


@dataclass(frozen=True)
class NationalCode:
    """A national code this type maps to, e.g. (school_attendance, C2)."""

    scheme: str
    code: str
    meaning: str


@dataclass(frozen=True)
class AttributeSpec:
    """One structured attribute of an event type."""

    name: str
    type: str
    required: bool = False
    doc: str = ""
    values: tuple[str, ...] = ()
    values_from: str | None = None

    def check(self, value: object) -> str | None:
        """The reason `value` is not acceptable, or None if it is."""
        return check_value(self.type, self.values, value)


@dataclass(frozen=True)
class EventType:
    code: str
    label: str
    domain: str
    description: str
    recorded_by: tuple[str, ...]
    national_codes: tuple[NationalCode, ...]
    aliases: tuple[str, ...]
    attributes: dict[str, AttributeSpec] = field(hash=False)
    learning: tuple[Citation, ...]
    derived: bool = False  # read from what agencies write (derived.yaml), never imported

    def validate_attributes(self, attrs: object) -> list[tuple[str, str]]:
        """(field, reason) pairs for everything wrong with `attrs`; empty when valid.

        Unknown keys, wrong types or values, and missing required attributes are reported.
        A value of None counts as absent. Dates and datetimes may be ISO 8601 strings.
        """
        if attrs is None:
            attrs = {}
        if not isinstance(attrs, dict):
            return [("", f"attributes must be a mapping, not {type(attrs).__name__}")]
        problems = [
            (str(key), f"unknown attribute for {self.code}")
            for key in attrs
            if key not in self.attributes
        ]
        for name, spec in self.attributes.items():
            value = attrs.get(name)
            if value is None:
                if spec.required:
                    problems.append((name, "required"))
                continue
            reason = spec.check(value)
            if reason:
                problems.append((name, reason))
        return problems


@dataclass(frozen=True)
class AssociationType:
    code: str
    label: str
    target: str
    symmetric: bool
    description: str
    learning: tuple[Citation, ...]


@dataclass(frozen=True)
class Vocabulary:
    event_types: dict[str, EventType] = field(hash=False)
    association_types: dict[str, AssociationType] = field(hash=False)
    code_lists: dict[str, dict[str, str]] = field(hash=False)
    _event_index: dict[str, str] = field(hash=False, repr=False, compare=False)
    derived_types: dict[str, EventType] = field(default_factory=dict, hash=False)

    def any_type(self, code: str) -> EventType | None:
        """An importable or a derived event type by its exact code (what rules may name)."""
        return self.event_types.get(code) or self.derived_types.get(code)

    def resolve_event_type(self, s: object) -> EventType | None:
        """The event type whose code (exact, or any case) or alias (any case) is `s`."""
        if not isinstance(s, str):
            return None
        text = s.strip()
        if text in self.event_types:
            return self.event_types[text]
        code = self._event_index.get(text.casefold())
        return self.event_types[code] if code else None

    def resolve_association_type(self, s: object) -> AssociationType | None:
        """The association type whose code is `s` (any case, surrounding spaces ignored)."""
        if not isinstance(s, str):
            return None
        return self.association_types.get(s.strip().lower())
