"""What a person is to a child, in the child's words: "mother", "mother's partner", "described as the child's 'boyfriend'".

Pure Python. The one place relationships are named from the child's point of view (the chronology
reads it; the person page names relationships with `relationship_noun`). Data: the `childs_view`,
`another_child` and `associated_adults` sections of data/households.yaml, checked when loaded:
`childs_naming()` raises VocabularyError naming every problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from engine.households.inference import household_rules
from engine.vocabulary import Vocabulary, VocabularyError, load_vocabulary
from engine.vocabulary.rules import SCORE_LIKE, banned_terms_in, check_keys

__all__ = ["DIRECTIONS", "GROUPS", "ChildsNaming", "Naming", "childs_naming", "parse_childs_naming"]

SEXES = ("F", "M", "U")
GROUPS = ("parent", "household_adult", "sibling", "relative", "associated_adult")
DIRECTIONS = ("to_child", "from_child", "either")


@dataclass(frozen=True)
class Naming:
    """How one relationship or association reads from the child's point of view, and its group."""

    code: str
    group: str
    names: dict[str, str] = field(hash=False)  # by sex F/M/U; may contain "{parent}"
    direction: str = "either"

    def name(self, sex: str, parent: str = "parent") -> str:
        return self.names.get(sex, self.names["U"]).replace("{parent}", parent)


@dataclass(frozen=True)
class ChildsNaming:
    relationships: dict[str, Naming] = field(hash=False)   # by what the person is to the child
    another_child: Naming
    associated_adults: dict[str, Naming] = field(hash=False)  # by association type

    def of(self, relationship: str, *, other_is_child: bool = False) -> Naming:
        """The naming of what the person is to the child; a child merely living there is 'another child'."""
        if other_is_child and relationship in ("lives_with", "other_adult", "lodger"):
            return self.another_child
        return self.relationships.get(relationship) or self.relationships["relative"]

    def parent_word(self, sex: str) -> str:
        """'mother', 'father' or 'parent': how "{parent}" reads for a parent of this sex."""
        return self.relationships["parent"].name(sex)


def _naming(where: str, code: str, raw: object, problems: list[str], *, direction: bool) -> Naming | None:
    found = check_keys(where, raw, {"group", *SEXES}, {"direction"} if direction else set())
    if found:
        problems += found
        return None
    if raw["group"] not in GROUPS:
        problems.append(f"{where}: group {raw['group']!r} is not one of {GROUPS}")
    if raw.get("direction", "either") not in DIRECTIONS:
        problems.append(f"{where}: direction must be one of {DIRECTIONS}")
    names = {}
    for sex in SEXES:
        text = raw[sex]
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{where} {sex}: expected non-empty text")
            continue
        problems += [f"{where} {sex}: uses the term {t!r}" for t in banned_terms_in(text)]
        if SCORE_LIKE.search(text.replace("risk", "")):
            problems.append(f"{where} {sex}: looks like a score, rating or band; none are allowed")
        names[sex] = text
    return Naming(code, raw["group"], names, raw.get("direction", "either"))


def parse_childs_naming(raw: dict, vocabulary: Vocabulary) -> ChildsNaming:
    """Check the naming sections of households.yaml; raise VocabularyError listing every problem."""
    problems: list[str] = []
    codes = set(raw.get("relationships") or {})
    views = {code: n for code, item in (raw.get("childs_view") or {}).items()
             if (n := _naming(f"childs_view {code}", code, item, problems, direction=False))}
    problems += [f"childs_view: {code!r} is not a relationship" for code in views if code not in codes]
    problems += [f"childs_view: relationship {code!r} has no naming" for code in sorted(codes - set(views))]
    another = _naming("another_child", "another_child", raw.get("another_child"), problems, direction=False)
    adults = {code: n for code, item in (raw.get("associated_adults") or {}).items()
              if (n := _naming(f"associated_adults {code}", code, item, problems, direction=True))}
    for code in adults:
        at = vocabulary.association_types.get(code)
        if at is None or at.target != "person":
            problems.append(f"associated_adults: {code!r} is not a person-to-person association type")
        if code in (raw.get("associations") or {}):
            problems.append(f"associated_adults: {code!r} is a relationship (see `associations`), not only a link")
    if problems:
        raise VocabularyError(problems)
    return ChildsNaming(views, another, adults)


@cache
def childs_naming() -> ChildsNaming:
    """The naming, parsed and checked against the vocabulary on first call, then cached."""
    return parse_childs_naming(household_rules(), load_vocabulary())
