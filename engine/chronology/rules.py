"""Read chronology.yaml: significance kinds, action and outcome attributes, and which events bear on the child.

Pure Python (no Django). Everything is checked against the event and association vocabulary when
loaded; `load_chronology_rules()` raises VocabularyError naming every problem. What the people around
the child are called, and their groups, is engine/households/naming.py (households.yaml).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from engine.households.naming import GROUPS
from engine.vocabulary import Citation, EventType, Vocabulary, VocabularyError, load_vocabulary
from engine.vocabulary.build import parse_citations
from engine.vocabulary.rules import SCORE_LIKE, banned_terms_in, check_keys

__all__ = ["BearingRule", "ChronologyRules", "Significance", "load_chronology_rules", "parse_rules"]

RULES_PATH = Path(__file__).resolve().parent / "chronology.yaml"
@dataclass(frozen=True)
class Significance:
    """Why an event matters to the child, in words. A kind, never a level: kinds are not ordered."""

    code: str
    label: str
    description: str
    learning: tuple[Citation, ...]


@dataclass(frozen=True)
class Condition:
    attribute: str
    equals: object
    significance: str


@dataclass(frozen=True)
class BearingRule:
    """Events of these types about a person in one of these groups bear on the child."""

    id: str
    groups: frozenset[str]
    event_types: frozenset[str]
    before_relationship: bool
    significance: str
    learning: tuple[Citation, ...]


@dataclass(frozen=True)
class ChronologyRules:
    significance: dict[str, Significance] = field(hash=False)
    by_type: dict[str, tuple[str, tuple[Condition, ...]]] = field(hash=False)
    action_attributes: tuple[str, ...]
    outcome_attributes: tuple[str, ...]
    bearing: tuple[BearingRule, ...]

    def significance_of(self, event_type: str, attributes: dict | None) -> Significance:
        """The kind of significance of an event about the child, from its type and attributes."""
        default, conditions = self.by_type.get(event_type, ("concern", ()))
        attributes = attributes or {}
        for condition in conditions:
            if attributes.get(condition.attribute) == condition.equals:
                return self.significance[condition.significance]
        return self.significance[default]

    def bearing_rule(self, group: str, event_type: str) -> BearingRule | None:
        """The first rule under which an event of this type about someone in `group` bears on the child."""
        return next((r for r in self.bearing if group in r.groups and event_type in r.event_types), None)

    def bearing_types(self) -> frozenset[str]:
        return frozenset().union(*(r.event_types for r in self.bearing))


def _text(where: str, value: object, problems: list[str]) -> str:
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where}: expected non-empty text")
        return ""
    problems += [f"{where}: uses the term {t!r}" for t in banned_terms_in(value)]
    if SCORE_LIKE.search(value.replace("risk", "")):  # "risk from adults" is a reason, not a band
        problems.append(f"{where}: looks like a score, rating or band; none are allowed")
    return value


def _condition(where: str, et: EventType, raw: object, kinds, problems: list[str]) -> Condition | None:
    found = check_keys(where, raw, {"attribute", "equals", "significance"})
    if found:
        problems += found
        return None
    spec = et.attributes.get(raw["attribute"])
    if spec is None:
        problems.append(f"{where}: {et.code} has no attribute {raw['attribute']!r}")
    elif spec.check(raw["equals"]):
        problems.append(f"{where}: {raw['equals']!r} is not a value of {raw['attribute']}: {spec.check(raw['equals'])}")
    if raw["significance"] not in kinds:
        problems.append(f"{where}: unknown significance {raw['significance']!r}")
    return Condition(raw["attribute"], raw["equals"], raw["significance"])


def parse_rules(raw: object, vocabulary: Vocabulary) -> ChronologyRules:
    """Validate the parsed chronology.yaml against the vocabulary; raise VocabularyError listing every problem."""
    problems: list[str] = []
    keys = {"version", "significance", "event_types", "action_attributes", "outcome_attributes",
            "bears_on_child"}
    found = check_keys("chronology.yaml", raw, keys)
    if found:
        raise VocabularyError(found)
    kinds: dict[str, Significance] = {}
    for code, item in (raw["significance"] or {}).items():
        where = f"significance {code}"
        if SCORE_LIKE.search(str(code)):
            problems.append(f"{where}: looks like a score, rating or band; none are allowed")
        found = check_keys(where, item, {"label", "description", "learning"})
        if found:
            problems += found
            continue
        kinds[code] = Significance(code, _text(f"{where} label", item["label"], problems),
                                   _text(f"{where} description", item["description"], problems),
                                   parse_citations(where, item["learning"], problems))
    by_type: dict[str, tuple[str, tuple[Condition, ...]]] = {}
    for code, item in (raw["event_types"] or {}).items():
        where = f"event_types {code}"
        et = vocabulary.event_types.get(code)
        if et is None:
            problems.append(f"{where}: not an event type in the vocabulary")
            continue
        found = check_keys(where, item, {"significance"}, {"when"})
        if found:
            problems += found
            continue
        if item["significance"] not in kinds:
            problems.append(f"{where}: unknown significance {item['significance']!r}")
        conditions = tuple(cond for i, c in enumerate(item.get("when") or ())
                           if (cond := _condition(f"{where} when[{i}]", et, c, kinds, problems)))
        by_type[code] = (item["significance"], conditions)
    problems += [f"event_types: {code} has no significance" for code in vocabulary.event_types if code not in by_type]
    attribute_names = {name for et in vocabulary.event_types.values() for name in et.attributes}
    for listed in ("action_attributes", "outcome_attributes"):
        problems += [f"{listed}: {name!r} is not an attribute of any event type"
                     for name in raw[listed] if name not in attribute_names]
    overlap = set(raw["action_attributes"]) & set(raw["outcome_attributes"])
    if overlap:
        problems.append(f"action_attributes and outcome_attributes overlap: {sorted(overlap)}")
    bearing = []
    for i, item in enumerate(raw["bears_on_child"] or ()):
        where = f"bears_on_child[{i}]"
        found = check_keys(where, item, {"id", "groups", "event_types", "before_relationship", "significance",
                                         "learning"})
        if found:
            problems += found
            continue
        problems += [f"{where}: unknown group {g!r}" for g in item["groups"] if g not in GROUPS]
        problems += [f"{where}: {t!r} is not an event type" for t in item["event_types"]
                     if t not in vocabulary.event_types]
        if item["significance"] not in kinds:
            problems.append(f"{where}: unknown significance {item['significance']!r}")
        if not isinstance(item["before_relationship"], bool):
            problems.append(f"{where}: before_relationship must be true or false")
        bearing.append(BearingRule(str(item["id"]), frozenset(item["groups"]), frozenset(item["event_types"]),
                                   bool(item["before_relationship"]), item["significance"],
                                   parse_citations(where, item["learning"], problems)))
    if problems:
        raise VocabularyError(problems)
    return ChronologyRules(kinds, by_type, tuple(raw["action_attributes"]), tuple(raw["outcome_attributes"]),
                           tuple(bearing))


@cache
def load_chronology_rules() -> ChronologyRules:
    """The chronology rules, parsed and checked against the vocabulary on first call, then cached."""
    with RULES_PATH.open(encoding="utf-8") as handle:
        return parse_rules(yaml.safe_load(handle), load_vocabulary())
