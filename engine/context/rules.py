"""Load and validate the context prompt rules (engine/context/rules.yaml)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from engine.prompts.model import EVIDENCE_CLASSES
from engine.vocabulary import Citation

RULES_PATH = Path(__file__).with_name("rules.yaml")
KINDS = ("place_children", "adult_children", "pivotal_adult", "peer_group", "missing_together")
SEED_FILES = ("000", "001", "002", "003", "004", "guidance")
SCORE_KEYS = re.compile(r"score|rating|band|risk_level|weight", re.I)
SCORE_TEXT = re.compile(r"\b(score|rating|(low|medium|high)[ -]risk)\b", re.I)
REQUIRED = ("id", "kind", "title", "window_days", "children_at_least", "link_kinds", "episode_days", "evidence",
            "because", "questions", "recipient", "dismissable", "learning")
OPTIONAL = {"households_at_least": 1, "separate_groups_at_least": 2, "concerns_at_least": 0, "max_size": 0,
            "occasions_at_least": 1}
NEEDS = {"pivotal_adult": ("separate_groups_at_least",), "peer_group": ("concerns_at_least", "max_size"),
         "missing_together": ("occasions_at_least",)}


class ContextRulesError(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("invalid context rules:\n  " + "\n  ".join(self.problems))


@dataclass(frozen=True)
class ContextRule:
    id: str
    kind: str
    title: str
    window_days: int
    children_at_least: int
    link_kinds: tuple[str, ...]
    episode_days: int
    evidence: str
    because: str
    questions: tuple[str, ...]
    recipient: str
    dismissable: bool
    learning: tuple[Citation, ...]
    households_at_least: int = 1
    separate_groups_at_least: int = 2
    concerns_at_least: int = 0
    max_size: int = 0
    occasions_at_least: int = 1


@dataclass(frozen=True)
class ContextRules:
    concern_label: str
    concern_types: frozenset[str]
    rules: tuple[ContextRule, ...]

    def rule(self, rule_id: str) -> ContextRule:
        return next(r for r in self.rules if r.id == rule_id)

    def of_kind(self, kind: str) -> tuple[ContextRule, ...]:
        return tuple(r for r in self.rules if r.kind == kind)


def read_rules(path: Path = RULES_PATH) -> dict:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def build_rules(raw: dict) -> ContextRules:
    """Validate parsed YAML; every problem is reported at once."""
    problems: list[str] = []
    if not isinstance(raw, dict) or raw.get("version") != 1:
        raise ContextRulesError(["version: must be 1"])
    concern = raw.get("concern") or {}
    types = concern.get("types") or []
    if not concern.get("label") or not types:
        problems.append("concern: needs label and types")
    rules, seen = [], set()
    for i, r in enumerate(raw.get("rules") or []):
        where = f"rules[{i}] {r.get('id', '?')}"
        for key in r:
            if SCORE_KEYS.search(str(key)):
                problems.append(f"{where}: key {key!r} looks like a score or band; none are allowed")
        for key in ("title", "because"):
            if SCORE_TEXT.search(str(r.get(key, ""))):
                problems.append(f"{where}: {key} reads like a score or band; none are allowed")
        for key in REQUIRED:
            if key not in r:
                problems.append(f"{where}: missing {key}")
        unknown = set(r) - set(REQUIRED) - set(OPTIONAL)
        if unknown:
            problems.append(f"{where}: unknown keys {sorted(unknown)}")
        if problems and any(p.startswith(where) for p in problems):
            continue
        if not re.fullmatch(r"C\d\d", str(r["id"])) or r["id"] in seen:
            problems.append(f"{where}: id must be C01..C99 and unique")
        seen.add(r["id"])
        if r["kind"] not in KINDS:
            problems.append(f"{where}: kind must be one of {KINDS}")
        for key in NEEDS.get(r["kind"], ()):
            if key not in r:
                problems.append(f"{where}: kind {r['kind']} needs {key}")
        for key in ("window_days", "children_at_least", "episode_days", *[k for k in OPTIONAL if k in r]):
            if not isinstance(r[key], int) or isinstance(r[key], bool) or r[key] < 0:
                problems.append(f"{where}: {key} must be a whole number")
        if isinstance(r["children_at_least"], int) and r["children_at_least"] < 2:
            problems.append(f"{where}: children_at_least must be at least 2 (a context connects children)")
        if r["evidence"] not in EVIDENCE_CLASSES or r["evidence"] == "practice_deadline":
            problems.append(f"{where}: evidence must be one of harm_occurring, evidenced_vulnerability, "
                            "assumed_indicator")
        qs = r["questions"] or []
        if not qs or any(not str(q).strip().endswith("?") for q in qs):
            problems.append(f"{where}: questions must be questions (end with '?')")
        if not isinstance(r["dismissable"], bool):
            problems.append(f"{where}: dismissable must be true or false")
        cites = []
        for c in r["learning"] or []:
            if c.get("file") not in SEED_FILES or not c.get("note") or not c.get("section"):
                problems.append(f"{where}: learning {c} needs file (000..004 or guidance), section and note")
            else:
                cites.append(Citation(str(c["file"]), str(c["section"]), str(c.get("lines", "")), str(c["note"])))
        if not cites:
            problems.append(f"{where}: at least one learning citation")
        if problems and any(p.startswith(where) for p in problems):
            continue
        rules.append(ContextRule(
            id=r["id"], kind=r["kind"], title=r["title"], window_days=r["window_days"],
            children_at_least=r["children_at_least"], link_kinds=tuple(r["link_kinds"]),
            episode_days=r["episode_days"], evidence=r["evidence"], because=" ".join(r["because"].split()),
            questions=tuple(qs), recipient=r["recipient"], dismissable=r["dismissable"], learning=tuple(cites),
            **{k: r.get(k, v) for k, v in OPTIONAL.items()}))
    if problems:
        raise ContextRulesError(problems)
    return ContextRules(concern["label"], frozenset(types), tuple(rules))


@lru_cache(maxsize=1)
def load_rules() -> ContextRules:
    return build_rules(read_rules())
