"""The signs rule file (`rules.yaml`): categories of warning signs, their patterns and citations."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from engine.vocabulary import Citation
from engine.vocabulary import rules as vrules

RULES_PATH = Path(__file__).with_name("rules.yaml")
CITED_FILES = (*vrules.SEED_FILES, "guidance")  # guidance = ../shared/docs/practice-guidance.md
ABOUT = ("child", "parent", "other_child", "other_adult")
CERTAINTY = ("asserted", "hedged")
ATTRIBUTES = ("child_age", "other_age", "other_party")
CATEGORY_ID = re.compile(r"^[a-z][a-z0-9_]*$")
PATTERN_KEYS = {"p", "near", "unless_near", "near_text", "not_after", "min_number", "adult_party", "negation", "about",
                "older_than_child", "stated_age_decides"}
CATEGORY_KEYS = {"id", "label", "learning", "patterns", "about_fixed", "attributes", "relational"}


class SignRuleError(ValueError):
    """rules.yaml is malformed."""


@dataclass(frozen=True)
class SignPattern:
    """One pattern of a category (the pattern language is engine/text/patterns.py)."""

    text: str
    near: tuple[str, ...] = ()
    unless_near: tuple[str, ...] = ()
    near_text: tuple[str, ...] = ()  # lemmas, one of which must occur somewhere in the text
    not_after: frozenset[str] = frozenset()
    min_number: int | None = None
    adult_party: bool = False
    negation: bool = True
    about: str = "subject"  # subject: whom the clause is about; recipient: the person given something
    older_than_child: bool = False  # with the child's age known, ages must be `age_gap` years above it
    stated_age_decides: bool = False  # with the child's age known, an age stated for the other person decides


@dataclass(frozen=True)
class Category:
    """A kind of warning sign read from text; the prompt catalogue sees it as event type text.<id>."""

    id: str
    label: str
    learning: tuple[Citation, ...]
    patterns: tuple[SignPattern, ...]
    about_fixed: str | None = None
    relational: bool = False  # between the child and another person: an adult subject is the other party
    attributes: tuple[str, ...] = ()

    @property
    def event_type(self) -> str:
        return f"text.{self.id}"


@dataclass(frozen=True)
class SignRules:
    categories: tuple[Category, ...]
    extra_forms: dict
    lexicon: dict
    age_gap: dict = field(default_factory=dict)  # {"to_16": years, "from_17": years}
    record_words: dict = field(default_factory=dict)  # event type -> words its kind of record implies

    def older_than(self, child_age: int) -> int:
        """The youngest age that counts as older than a child of `child_age`."""
        return child_age + int(self.age_gap["to_16" if child_age <= 16 else "from_17"])

    def by_id(self) -> dict[str, Category]:
        return {c.id: c for c in self.categories}


def _words(raw, where: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(w, str) and w for w in raw):
        raise SignRuleError(f"{where}: expected a list of words")
    return tuple(w.lower() for w in raw)


def _pattern(raw, where: str) -> SignPattern:
    if isinstance(raw, str):
        return SignPattern(text=raw)
    if not isinstance(raw, dict) or not isinstance(raw.get("p"), str):
        raise SignRuleError(f"{where}: a pattern is a string or a mapping with 'p'")
    unknown = set(raw) - PATTERN_KEYS
    if unknown:
        raise SignRuleError(f"{where}: unknown pattern keys {sorted(unknown)}")
    about = raw.get("about", "subject")
    if about not in ("subject", "recipient"):
        raise SignRuleError(f"{where}: about must be subject or recipient")
    min_number = raw.get("min_number")
    if min_number is not None and not isinstance(min_number, int):
        raise SignRuleError(f"{where}: min_number must be a whole number")
    return SignPattern(
        text=raw["p"], near=_words(raw.get("near"), where), unless_near=_words(raw.get("unless_near"), where),
        near_text=_words(raw.get("near_text"), where),
        not_after=frozenset(_words(raw.get("not_after"), where)), min_number=min_number,
        adult_party=bool(raw.get("adult_party", False)), negation=bool(raw.get("negation", True)), about=about,
        older_than_child=bool(raw.get("older_than_child", False)),
        stated_age_decides=bool(raw.get("stated_age_decides", False)),
    )


def _learning(raw, where: str) -> tuple[Citation, ...]:
    if not isinstance(raw, list) or not raw:
        raise SignRuleError(f"{where}: learning must be a non-empty list")
    out = []
    for i, item in enumerate(raw):
        at = f"{where}: learning[{i}]"
        problems = vrules.check_keys(at, item, vrules.CITATION_KEYS)
        if not problems and str(item["file"]) not in CITED_FILES:
            problems.append(f"{at}: file {item['file']!r} is not one of {CITED_FILES}")
        if not problems:
            problems += vrules.check_lines(at, item["lines"])
        if problems:
            raise SignRuleError("; ".join(problems))
        out.append(Citation(str(item["file"]), str(item["section"]), str(item["lines"]), str(item["note"])))
    return tuple(out)


def parse_rules(doc: dict) -> SignRules:
    categories, seen = [], set()
    for raw in doc.get("categories") or []:
        cid = raw.get("id") if isinstance(raw, dict) else None
        where = str(cid or raw)
        if not isinstance(raw, dict) or not isinstance(cid, str) or not CATEGORY_ID.match(cid):
            raise SignRuleError(f"{where}: a category needs a snake_case id")
        unknown = set(raw) - CATEGORY_KEYS
        if unknown:
            raise SignRuleError(f"{where}: unknown keys {sorted(unknown)}")
        if cid in seen:
            raise SignRuleError(f"{where}: duplicate id")
        seen.add(cid)
        if not raw.get("label") or not raw.get("patterns"):
            raise SignRuleError(f"{where}: missing label or patterns")
        about_fixed = raw.get("about_fixed")
        if about_fixed is not None and about_fixed not in ABOUT:
            raise SignRuleError(f"{where}: about_fixed must be one of {ABOUT}")
        attributes = tuple(raw.get("attributes") or ())
        if not set(attributes) <= set(ATTRIBUTES):
            raise SignRuleError(f"{where}: attributes must be from {ATTRIBUTES}")
        categories.append(Category(
            id=cid, label=str(raw["label"]), learning=_learning(raw.get("learning"), where),
            patterns=tuple(_pattern(p, f"{where} pattern {i}") for i, p in enumerate(raw["patterns"])),
            about_fixed=about_fixed, attributes=attributes, relational=bool(raw.get("relational", False)),
        ))
    age_gap = doc.get("age_gap") or {"to_16": 0, "from_17": 0}
    if set(age_gap) != {"to_16", "from_17"} or not all(isinstance(v, int) and v >= 0 for v in age_gap.values()):
        raise SignRuleError("age_gap needs to_16 and from_17, whole numbers of years")
    record_words = doc.get("record_words") or {}
    if not isinstance(record_words, dict):
        raise SignRuleError("record_words maps event types to lists of words")
    return SignRules(
        age_gap=dict(age_gap),
        record_words={str(k): frozenset(_words(v, f"record_words {k}")) for k, v in record_words.items()},
        categories=tuple(categories),
        extra_forms={k: list(v) for k, v in (doc.get("extra_forms") or {}).items()},
        lexicon={k: list(_words(v, f"lexicon {k}")) for k, v in (doc.get("lexicon") or {}).items()},
    )


@functools.lru_cache(maxsize=4)
def load_sign_rules(path: str | None = None) -> SignRules:
    with open(path or RULES_PATH, encoding="utf-8") as fh:
        return parse_rules(yaml.safe_load(fh))


def render_markdown(rules: SignRules | None = None) -> str:
    """docs/signs.md, generated from rules.yaml."""
    rs = rules or load_sign_rules()
    lines = [
        "# Signs read from narrative text",
        "",
        "Generated from `engine/signs/rules.yaml` by `.venv/bin/python -m engine.signs > docs/signs.md`; do not "
        "edit by hand.",
        "",
        "The signs reader (`engine.signs.read_signs`) finds these warning signs in what agencies write (event "
        "notes, imported case notes, referrals, case notes written in JoinedUp). Each found sign keeps its span, "
        "the sentence it came from, whom it is about (the record's child, a parent, another child or another "
        "adult) and whether it is asserted or hedged (\"may\", \"concerns that\", \"alleged\"); negated mentions "
        "(\"no injuries seen\", \"denies drinking\") are not signs. Signs about the child reach the prompt "
        "catalogue as event type `text.<category>`; they are assumed indicators (004 §4.1 L1787-1799: \"a "
        "non-prescriptive guide of potential things to look out for\"), never a score.",
        "",
        "## The child's age",
        "",
        "\"Older\" is read against the child's age when it is known (`SignContext.child_age`). A stated age counts "
        f"as older only when it is at least `age_gap` years above the child's ({rs.age_gap.get('to_16')} years for a "
        f"child of 16 or under, {rs.age_gap.get('from_17')} from 17): \"seen with a man aged 19\" is an older "
        "associate of a 13-year-old but not of an 18-year-old. The same holds for adult words (\"a man\", \"two "
        "men\") when the sentence states the adult's age; with no age stated, the words decide.",
        "",
        "The platform gives the reader the child's age **on the day the text was written or the event occurred**, "
        "not today's: a note from when the child was 13 is read as about a 13-year-old, even if the child is 19 "
        "now. On import (`joinedup/imports/loaders/narrative.py`) each event's child is its first record, in the "
        "file's order, that is a child with a date of birth on the agency's source record; the date of birth is "
        "read in the same lookup that finds the records, so no query is made per event. Case notes written in "
        "JoinedUp (`joinedup.signs.services.store_signs`) use the date of birth of the note's person, if a child, "
        "on the day the note was written. Where the date of birth is not known, or the event concerns no child "
        "record, the age is unknown and any stated adult age counts as older, as it did before ages were used.",
        "",
        f"{len(rs.categories)} categories.",
        "",
        "| category | event type | what | patterns | sources |",
        "|---|---|---|---|---|",
    ]
    for c in rs.categories:
        cites = "; ".join(f"{x.file} {x.section} L{x.lines}: {x.note}".replace("|", "\\|") for x in c.learning)
        lines.append(f"| {c.id} | `{c.event_type}` | {c.label} | {len(c.patterns)} | {cites} |")
    return "\n".join(lines) + "\n"
