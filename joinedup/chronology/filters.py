"""Chronology filters from GET parameters: agency, type or type group, period and significance.

    ?agency=police&type=police.arrest&from=2024-01-01&to=2024-06-30&significance=harm&about=child

`type` is an event type code ("police.arrest", always with a dot) or a type group ("police",
"social_care", "decision": never a dot). Unknown values are reported, never silently ignored, and the
same query string serves the page, the HTMX update, the CSV and the PDF, so a filtered view can be
bookmarked and exported as it is.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from urllib.parse import urlencode

from engine.chronology import load_chronology_rules
from joinedup.chronology.entries import ChronologyEntry

__all__ = ["ABOUT_CHOICES", "GROUP_LABELS", "ChronologyFilters"]

GROUP_LABELS = {
    "social_care": "Children's social care", "education": "Education", "health": "Health", "police": "Police",
    "youth": "Youth service", "appointment": "Appointments", "child_voice": "The child's own words",
    "household": "Household", "any": "Safeguarding (any agency)", "decision": "Decisions", "prompt": "Prompts",
}
ABOUT_CHOICES = {"": "The child and the people around them", "child": "The child only",
                 "others": "The people around the child only"}


def _date(raw: str, name: str, errors: list[str]) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        errors.append(f"{name}: enter a date like 2024-03-31")
        return None


@dataclass
class ChronologyFilters:
    agency: str = ""
    type: str = ""
    date_from: date | None = None
    date_to: date | None = None
    significance: str = ""
    about: str = ""
    errors: list[str] = field(default_factory=list)

    @classmethod
    def from_query(cls, query, agencies: dict[str, str], kinds: dict[str, str], groups: set[str] = frozenset(),
                   significances: dict[str, str] | None = None) -> ChronologyFilters:
        """Read the filters against the known values: `agencies` and `kinds` map codes to names; `groups` are
        type groups sources add; `significances` the kinds of significance (the rules' and the sources')."""
        significances = significances or {code: s.label for code, s in load_chronology_rules().significance.items()}
        errors: list[str] = []
        get = lambda name: (query.get(name) or "").strip()  # noqa: E731
        found = cls(agency=get("agency"), type=get("type"), significance=get("significance"), about=get("about"),
                    date_from=_date(get("from"), "From", errors), date_to=_date(get("to"), "To", errors))
        if found.agency and found.agency not in agencies:
            errors.append("Agency: not one of the agencies on this chronology")
            found.agency = ""
        if found.type and found.type not in kinds and found.type not in GROUP_LABELS and found.type not in groups:
            errors.append("Event type: not a type or group of events")
            found.type = ""
        if found.significance and found.significance not in significances:
            errors.append("Significance: not a kind of significance")
            found.significance = ""
        if found.about not in ABOUT_CHOICES:
            errors.append("Whose events: not a choice")
            found.about = ""
        if found.date_from and found.date_to and found.date_from > found.date_to:
            errors.append("To: the end of the period is before its start")
        found.errors = errors
        return found

    def matches(self, entry: ChronologyEntry) -> bool:
        if self.agency and entry.agency_code != self.agency:
            return False
        if self.type and (entry.kind != self.type if "." in self.type else entry.group != self.type):
            return False
        if self.date_from and entry.day < self.date_from:
            return False
        if self.date_to and entry.day > self.date_to:
            return False
        if self.significance and entry.significance != self.significance:
            return False
        if self.about == "child" and not entry.about_child:
            return False
        return not (self.about == "others" and entry.about_child)

    def apply(self, entries: list[ChronologyEntry]) -> list[ChronologyEntry]:
        return [e for e in entries if self.matches(e)]

    @property
    def active(self) -> bool:
        return any(self.params().values())

    def params(self) -> dict[str, str]:
        return {"agency": self.agency, "type": self.type,
                "from": self.date_from.isoformat() if self.date_from else "",
                "to": self.date_to.isoformat() if self.date_to else "",
                "significance": self.significance, "about": self.about}

    def query_string(self) -> str:
        return urlencode({k: v for k, v in self.params().items() if v})

    def as_record(self) -> dict:
        """The filters for the export record (JSON)."""
        record = asdict(self)
        record.pop("errors")
        return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in record.items() if v}

    def describe(self, agencies: dict[str, str], kinds: dict[str, str], significances: dict[str, str] | None = None
                 ) -> list[str]:
        """The filters in words, for the page, the PDF and the access log."""
        words = []
        if self.agency:
            words.append(f"recorded by {agencies.get(self.agency, self.agency)}")
        if self.type:
            words.append(kinds.get(self.type) or f"all {GROUP_LABELS.get(self.type, self.type).lower()} events")
        if self.date_from:
            words.append(f"from {self.date_from:%-d %b %Y}")
        if self.date_to:
            words.append(f"to {self.date_to:%-d %b %Y}")
        if self.significance:
            rules = load_chronology_rules().significance
            words.append((significances or {}).get(self.significance)
                         or (rules[self.significance].label if self.significance in rules else self.significance))
        if self.about:
            words.append(ABOUT_CHOICES[self.about].lower())
        return words
