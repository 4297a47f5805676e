"""The language rule set: loading `rules.yaml` and expanding its patterns into phrases.

Pure data handling: no spaCy pipeline is built here except the lemma table used to expand a lemma
into its inflected forms (spacy-lookups-data's English `lemma_lookup`, read once and cached).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from engine.text.patterns import phrases

RULES_PATH = Path(__file__).with_name("rules.yaml")

CONDITION_KEYS = ("child_age_under", "other_party_adult", "under_16_unless_peer", "actor_inversion",
                  "dependent_child")
class RuleError(ValueError):
    """rules.yaml is malformed."""


@dataclass(frozen=True)
class Pattern:
    """One pattern of a rule, in the pattern language described at the top of rules.yaml."""

    text: str
    not_before: frozenset[str] = frozenset()
    not_after: frozenset[str] = frozenset()
    near: tuple[str, ...] = ()
    case_exact: bool = False


@dataclass(frozen=True)
class LanguageRule:
    """A term the guidance asks recorders to avoid, why, what to say instead, and when it applies."""

    id: str
    term: str
    patterns: tuple[Pattern, ...]
    why: str
    alternatives: tuple[str, ...]
    source: str
    subject: str = "child"  # "child": not flagged when the person the term is about is an adult
    conditions: tuple[tuple[str, object], ...] = ()
    mode: str = "any"
    when_unknown: str = "skip"

    @property
    def condition_map(self) -> dict[str, object]:
        return dict(self.conditions)


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[LanguageRule, ...]
    settings: dict
    extra_forms: dict
    lexicon: dict
    not_checked: tuple[dict, ...]

    def by_id(self) -> dict[str, LanguageRule]:
        return {r.id: r for r in self.rules}


def _pattern(raw, rule_id: str) -> Pattern:
    if isinstance(raw, str):
        return Pattern(text=raw)
    if not isinstance(raw, dict) or "p" not in raw:
        raise RuleError(f"{rule_id}: a pattern is a string or a mapping with 'p'")
    unknown = set(raw) - {"p", "not_before", "not_after", "near", "case"}
    if unknown:
        raise RuleError(f"{rule_id}: unknown pattern keys {sorted(unknown)}")
    return Pattern(
        text=raw["p"],
        not_before=frozenset(str(w).lower() for w in raw.get("not_before", ())),
        not_after=frozenset(str(w).lower() for w in raw.get("not_after", ())),
        near=tuple(str(w).lower() for w in raw.get("near", ())),
        case_exact=raw.get("case") == "exact",
    )


def parse_rules(doc: dict) -> RuleSet:
    rules = []
    seen = set()
    for raw in doc.get("rules", []):
        rid = raw.get("id")
        for field in ("id", "term", "patterns", "why", "alternatives", "source"):
            if not raw.get(field):
                raise RuleError(f"{rid or raw}: missing {field}")
        if rid in seen:
            raise RuleError(f"{rid}: duplicate id")
        seen.add(rid)
        cond = dict(raw.get("conditions") or {})
        mode = cond.pop("mode", "any")
        when_unknown = cond.pop("when_unknown", "skip")
        bad = set(cond) - set(CONDITION_KEYS)
        if bad:
            raise RuleError(f"{rid}: unknown conditions {sorted(bad)}")
        if mode not in ("any", "all") or when_unknown not in ("flag", "skip"):
            raise RuleError(f"{rid}: mode must be any|all and when_unknown flag|skip")
        subject = raw.get("subject", "child")
        if subject not in ("child", "any"):
            raise RuleError(f"{rid}: subject must be child or any")
        rules.append(LanguageRule(
            id=rid, term=raw["term"], patterns=tuple(_pattern(p, rid) for p in raw["patterns"]),
            why=" ".join(str(raw["why"]).split()), alternatives=tuple(str(a) for a in raw["alternatives"]),
            source=str(raw["source"]), subject=subject,
            conditions=tuple(sorted(cond.items())), mode=mode, when_unknown=when_unknown,
        ))
    return RuleSet(
        rules=tuple(rules), settings=dict(doc.get("settings") or {}),
        extra_forms={k: list(v) for k, v in (doc.get("extra_forms") or {}).items()},
        lexicon={k: list(v) for k, v in (doc.get("lexicon") or {}).items()},
        not_checked=tuple(doc.get("not_checked") or ()),
    )


@functools.lru_cache(maxsize=4)
def load_rule_set(path: str | None = None) -> RuleSet:
    with open(path or RULES_PATH, encoding="utf-8") as fh:
        return parse_rules(yaml.safe_load(fh))


def load_rules(path: str | None = None) -> tuple[LanguageRule, ...]:
    """The rules in rules.yaml (or `path`), in file order."""
    return load_rule_set(None if path is None else str(path)).rules


def expand(pattern: Pattern, extra_forms: dict) -> list[str]:
    """The phrases a pattern stands for, as space-separated strings (tokenised later by spaCy)."""
    return phrases(pattern.text, extra_forms, pattern.case_exact)


_HYPHEN = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")


def spelling_variants(phrases: list[str]) -> list[str]:
    """The phrases plus the ways writers join or split their words: a hyphen written as a space
    ("street wise" for "street-wise", "non engaging") and a short phrase written with hyphens
    ("sexually-active", "hard-to-engage", "self-generated")."""
    out = set(phrases)
    for phrase in phrases:
        if _HYPHEN.search(phrase):
            out.add(_HYPHEN.sub(" ", phrase))
        words = phrase.split()
        if 2 <= len(words) <= 3 and all(w.isalpha() for w in words):
            out.add("-".join(words))
            if len(words) == 3:
                out.add(f"{words[0]}-{words[1]} {words[2]}")
                out.add(f"{words[0]} {words[1]}-{words[2]}")
    return sorted(out)


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _conditions_text(rule: LanguageRule) -> str:
    if not rule.conditions:
        return "always" if rule.subject == "any" else "about a child"
    words = {
        "child_age_under": lambda v: f"child under {v}",
        "other_party_adult": lambda v: "the other person is an adult",
        "actor_inversion": lambda v: "an adult is the object of the child's action",
        "dependent_child": lambda v: "the child depends on an adult to bring them",
        "under_16_unless_peer": lambda v: "the child is under 16 and the other person is not known to be a peer",
    }
    joined = (" or " if rule.mode == "any" else " and ").join(words[k](v) for k, v in rule.conditions)
    unknown = "; also when the child's age is unknown" if rule.when_unknown == "flag" else ""
    return joined + unknown


def render_markdown(rule_set: RuleSet | None = None) -> str:
    """docs/language-rules.md, generated from rules.yaml."""
    rs = rule_set or load_rule_set()
    lines = [
        "# Language rules",
        "",
        "Generated from `engine/language/rules.yaml` by `.venv/bin/python -m engine.language > "
        "docs/language-rules.md`; do not edit by hand.",
        "",
        "The checker (`engine.language.check_text`) flags these terms in case notes and explains why, with "
        "alternatives. It does not flag a term inside a quotation of the child's own words, or where the "
        "term is mentioned rather than used (\"avoid the word 'prostitute'\"). Rules about a child are not "
        "flagged when the nearest person named before the term is an adult (\"Mother did not attend\"). "
        "Sources: \"PG #n\" is row n of the phrase table in practice-guidance §1.2; \"004 L799-800\" is "
        "lines 799-800 of seed 004.",
        "",
        "Context comes from `NoteContext` (child_age, other_party_ages, child_depends_on_adult) and, where a "
        "field is not given, from the text: ages in \"aged 12\", \"(14)\", \"is 15\", \"a 35-year-old man\" "
        "(an age attached to boyfriend/partner/man/adult words belongs to the other person; another age under "
        "18 is the child's; an age of 18 or over attached to a titled name such as \"Ms Hart (42)\" is that "
        "adult's); adult other parties from words such as adult, man, men, older, elders, \"in his twenties\", "
        "\"over 18\"; a dependent child from baby/infant/toddler/newborn or an age under "
        f"{rs.settings.get('dependent_age_under', 12)}. Quotations count as the child's words when a speech "
        "verb (said, told, described...) next to them has a child, a pronoun or a first name as its subject; an "
        "adult or professional speaker's quotation is checked.",
        "",
        f"{len(rs.rules)} rules.",
        "",
        "| id | term | flagged when | why | alternatives | source |",
        "|---|---|---|---|---|---|",
    ]
    for r in rs.rules:
        alts = "; ".join(_cell(a) for a in r.alternatives)
        lines.append(f"| {r.id} | {_cell(r.term)} | {_cell(_conditions_text(r))} | {_cell(r.why)} | {alts} "
                     f"| {_cell(r.source)} |")
    if rs.not_checked:
        lines += ["", "## Not turned into rules", "", "| source | why not |", "|---|---|"]
        lines += [f"| {_cell(n['source'])} | {_cell(n['reason'])} |" for n in rs.not_checked]
    return "\n".join(lines) + "\n"
