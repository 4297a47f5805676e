"""Read rules.yaml once and return the validated Catalogue, or raise CatalogueError naming each problem."""

from __future__ import annotations

import re
import string
from functools import cache
from pathlib import Path

import yaml

from engine.vocabulary import Citation, load_vocabulary
from engine.vocabulary import rules as vrules

from .model import (
    ABOUT,
    CHILDHOOD_MONTHS,
    EVIDENCE_CLASSES,
    Catalogue,
    CatalogueError,
    Part,
    Pattern,
    Rule,
    Sign,
)

RULES_PATH = Path(__file__).resolve().parent / "rules.yaml"
CITED_FILES = (*vrules.SEED_FILES, "guidance")  # guidance = ../shared/docs/practice-guidance.md

RULE_KEYS = {"id", "title", "practice_rules", "evidence", "pattern", "learning", "questions", "because",
             "recipient", "dismissable"}
PATTERN_KEYS = {"kind", "all_of"}
PATTERN_OPTIONAL = {"window_days", "trigger", "agencies_at_least", "age", "unless", "none_of", "within_days",
                    "within_working_days", "from", "at_age"}
SIGN_KEYS = {"label"}
RULE_ID = re.compile(r"^P\d{2}$")
PRACTICE_RULE = re.compile(r"^R\d{2}$")
SIGN_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
PLACEHOLDERS = {"days", "first", "last", "agencies", "age", "deadline", "events"}

# No scores, ratings or bands (004 §4.2 L2036-2045): keys or values that look like one are refused.
SCORE_KEY = re.compile(r"score|rating|rank|band|(^|_)(rag|grade|tier|level|priority|severity|weight)($|_)",
                       re.IGNORECASE)
SCORE_VALUE = re.compile(
    r"\b(scor(e|es|ed|ing)|ratings?|rated\b|rag\b|red[ /-]amber[ /-]green|risk[ -](levels?|scores?|bands?|ratings?)"
    r"|(low|medium|high)[ -](risk|priority)\b)|^\s*(low|medium|high)\s*$", re.IGNORECASE)


def read_rules(path: Path = RULES_PATH) -> object:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@cache
def load_catalogue() -> Catalogue:
    """The catalogue, parsed and validated on first call, then cached."""
    return build_catalogue(read_rules())


def score_like(doc: object, where: str = "") -> list[str]:
    """Every key or text value anywhere in `doc` that looks like a score, rating or band."""
    found = []
    if isinstance(doc, dict):
        for key, value in doc.items():
            at = f"{where}.{key}" if where else str(key)
            if SCORE_KEY.search(str(key)):
                found.append(f"{at}: key looks like a score, rating or band; none are allowed")
            found += score_like(value, at)
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            found += score_like(value, f"{where}[{i}]")
    elif isinstance(doc, str) and SCORE_VALUE.search(doc):
        found.append(f"{where}: {doc!r} looks like a score, rating or band; none are allowed")
    return found


def build_catalogue(doc: object) -> Catalogue:
    problems: list[str] = []
    if not isinstance(doc, dict) or doc.get("version") != 1:
        raise CatalogueError(["rules.yaml: expected a mapping with version: 1"])
    problems += score_like(doc)
    problems += vrules.check_keys("rules.yaml", doc, {"version", "signs", "rules"})
    raw_signs = doc.get("signs") if isinstance(doc.get("signs"), dict) else {}
    signs = {}
    for name, raw in raw_signs.items():
        sign = _sign(name, raw, problems)
        if sign is not None:
            signs[name] = sign
    rules, ids = [], set()
    for i, raw in enumerate(doc.get("rules") or []):
        rule = _rule(i, raw, signs, problems)
        if rule is not None:
            if rule.id in ids:
                problems.append(f"{rule.id}: duplicate rule id")
            ids.add(rule.id)
            rules.append(rule)
    for name, sign in signs.items():
        problems += [f"sign {name}: any_of names unknown sign {m!r}" for m in sign.any_of if m not in signs]
    used = {s for r in rules for s in r.pattern.signs}
    while True:
        more = {m for s in used if s in signs for m in signs[s].any_of} - used
        if not more:
            break
        used |= more
    problems += [f"sign {s}: not used by any rule" for s in sorted(set(signs) - used)]
    if problems:
        raise CatalogueError(problems)
    return Catalogue(signs, tuple(rules))


def _sign(name: object, raw: object, problems: list[str]) -> Sign | None:
    where = f"sign {name}"
    found = vrules.check_keys(where, raw, SIGN_KEYS, {"types", "about", "where", "any_of"})
    if not isinstance(name, str) or not SIGN_NAME.match(name):
        found.append(f"{where}: name must be snake_case")
    if not found and ("any_of" in raw) == ("types" in raw):
        found.append(f"{where}: give exactly one of types or any_of")
    if not found and "any_of" in raw:
        members = raw["any_of"]
        if set(raw) - {"label", "any_of"} or not isinstance(members, list) or not members:
            found.append(f"{where}: any_of takes a non-empty list of signs and nothing else but a label")
        found += vrules.check_text(f"{where} label", raw["label"])
        problems += found
        return None if found else Sign(name, raw["label"], (), (), (), tuple(members))
    if found:
        problems += found
        return None
    voc = load_vocabulary()
    found += vrules.check_text(f"{where} label", raw["label"])
    types = raw["types"]
    if not isinstance(types, list) or not types:
        found.append(f"{where}: types must be a non-empty list")
        types = []
    found += [f"{where}: unknown event type {t!r}" for t in types if voc.any_type(t) is None]
    about = raw.get("about", ["child"])
    if not isinstance(about, list) or not about or not set(about) <= set(ABOUT):
        found.append(f"{where}: about must be a non-empty list from {ABOUT}")
        about = []
    conditions = []
    for attr, values in (raw.get("where") or {}).items():
        values = values if isinstance(values, list) else [values]
        norm = tuple(None if v is None else normalise(v) for v in values)
        for t in types:
            spec = voc.any_type(t).attributes.get(attr) if voc.any_type(t) is not None else None
            if spec is None:
                found.append(f"{where}: {t} has no attribute {attr!r}")
            elif spec.type == "list_enum":
                found.append(f"{where}: {t}.{attr} is a list; a sign cannot match on it")
            else:
                found += [f"{where}: {t}.{attr}: {v!r} {spec.check(v)}" for v in values
                          if v is not None and spec.check(v)]
        conditions.append((str(attr), norm))
    problems += found
    if found:
        return None
    return Sign(name, raw["label"], tuple(types), tuple(about), tuple(conditions))


def normalise(value: object) -> str:
    """An attribute value as both evaluators compare it: JSON's spelling of booleans, text otherwise."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _int(where: str, raw: dict, key: str, found: list[str], default=None, lo: int = 0):
    value = raw.get(key, default)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < lo:
        found.append(f"{where}: {key} must be a whole number >= {lo}")
        return default
    return value


def _pattern(where: str, raw: object, signs: dict, found: list[str]) -> Pattern | None:
    errs = vrules.check_keys(f"{where} pattern", raw, PATTERN_KEYS, PATTERN_OPTIONAL)
    if errs:
        found += errs
        return None
    kind = raw["kind"]
    if kind not in ("within", "then_no", "birthday"):
        found.append(f"{where}: pattern kind {kind!r} is not within, then_no or birthday")
        return None
    parts = []
    for j, item in enumerate(raw["all_of"] or []):
        if vrules.check_keys(f"{where} all_of[{j}]", item, {"sign"}, {"at_least"}):
            found.append(f"{where}: all_of[{j}] must be {{sign, at_least}}")
            continue
        parts.append(Part(item["sign"], _int(where, item, "at_least", found, 1)))
    if not any(p.at_least > 0 for p in parts):
        found.append(f"{where}: all_of needs at least one required sign (at_least >= 1)")
    names = [p.sign for p in parts] + list(raw.get("unless") or []) + list(raw.get("none_of") or [])
    names += [raw["trigger"]] if raw.get("trigger") else []
    found += [f"{where}: unknown sign {n!r}" for n in names if n not in signs]
    if raw.get("trigger") and raw["trigger"] not in [p.sign for p in parts if p.at_least > 0]:
        found.append(f"{where}: the trigger sign must also be a required part of all_of")
    age = raw.get("age") or {}
    lo, hi = 0, CHILDHOOD_MONTHS
    for key, value in age.items():
        if key not in ("min", "below", "min_months", "below_months") or not isinstance(value, int):
            found.append(f"{where}: age takes whole-number min, below, min_months or below_months")
            continue
        months = value * 12 if key in ("min", "below") else value
        lo, hi = (months, hi) if key.startswith("min") else (lo, months)
    if not 0 <= lo < hi <= CHILDHOOD_MONTHS:
        found.append(f"{where}: age bounds must lie within childhood (0 to 18)")
    p = dict(kind=kind, parts=tuple(parts), window_days=_int(where, raw, "window_days", found, 0),
             trigger=raw.get("trigger"), agencies_at_least=_int(where, raw, "agencies_at_least", found, 1, lo=1),
             age_months_min=lo, age_months_below=hi, unless=tuple(raw.get("unless") or ()))
    if kind == "then_no":
        days, wdays = raw.get("within_days"), raw.get("within_working_days")
        if (days is None) == (wdays is None) or not raw.get("none_of"):
            found.append(f"{where}: then_no needs none_of and exactly one of within_days, within_working_days")
        if raw.get("from", "trigger") not in ("first", "trigger"):
            found.append(f"{where}: from must be first or trigger")
        span = wdays if wdays is not None else days
        if raw.get("from") == "first" and isinstance(span, int) and span < (raw.get("window_days") or 0):
            found.append(f"{where}: a deadline from the first event must be at least window_days long")
        p.update(no=tuple(raw.get("none_of") or ()), within_days=_int(where, raw, "within_days", found),
                 within_working_days=_int(where, raw, "within_working_days", found, lo=1),
                 from_first=raw.get("from") == "first")
    elif any(k in raw for k in ("none_of", "within_days", "within_working_days", "from")):
        found.append(f"{where}: none_of, within_days, within_working_days and from belong to then_no")
    if kind == "birthday":
        at_age = raw.get("at_age") or {}
        if not isinstance(at_age, dict) or not set(at_age) <= {"years", "months"} or not at_age:
            found.append(f"{where}: birthday needs at_age: {{years, months}}")
        else:
            months = int(at_age.get("years", 0)) * 12 + int(at_age.get("months", 0))
            if not 0 < months < CHILDHOOD_MONTHS:
                found.append(f"{where}: at_age must be within childhood")
            p["at_age_months"] = months
        if raw.get("trigger") or raw.get("unless") or raw.get("agencies_at_least", 1) != 1 or age:
            found.append(f"{where}: birthday takes only all_of, window_days and at_age")
    elif "at_age" in raw:
        found.append(f"{where}: at_age belongs to birthday")
    return Pattern(**p)


def _rule(i: int, raw: object, signs: dict, problems: list[str]) -> Rule | None:
    rid = raw.get("id") if isinstance(raw, dict) else None
    where = str(rid or f"rules[{i}]")
    found = vrules.check_keys(where, raw, RULE_KEYS, {"episode_days"})
    if found:
        problems += found
        return None
    if not isinstance(rid, str) or not RULE_ID.match(rid):
        found.append(f"{where}: id must look like P01")
    found += vrules.check_text(f"{where} title", raw["title"])
    found += vrules.check_text(f"{where} recipient", raw["recipient"])
    found += vrules.check_text(f"{where} because", raw["because"])
    names = {n for _, n, _, _ in string.Formatter().parse(raw["because"]) if n is not None}
    found += [f"{where}: because uses unknown placeholder {{{n}}}" for n in sorted(names - PLACEHOLDERS)]
    prs = raw["practice_rules"]
    if not isinstance(prs, list) or not all(isinstance(r, str) and PRACTICE_RULE.match(r) for r in prs):
        found.append(f"{where}: practice_rules must be a list like [R35]")
        prs = []
    if raw["evidence"] not in EVIDENCE_CLASSES:
        found.append(f"{where}: evidence must be one of {tuple(EVIDENCE_CLASSES)}")
    qs = raw["questions"]
    if not isinstance(qs, list) or not qs:
        found.append(f"{where}: questions must be a non-empty list")
        qs = []
    for q in qs:
        found += vrules.check_text(f"{where} question", q)
        if isinstance(q, str) and not q.rstrip().endswith("?"):
            found.append(f"{where}: {q!r} is not a question; prompts ask, they never conclude")
    if not isinstance(raw["dismissable"], bool):
        found.append(f"{where}: dismissable must be true or false")
    learning = _citations(where, raw["learning"], found)
    pattern = _pattern(where, raw["pattern"], signs, found)
    episode = _int(where, raw, "episode_days", found, pattern.window_days if pattern else 0)
    problems += found
    if found or pattern is None:
        return None
    return Rule(rid, raw["title"], tuple(prs), pattern, episode, raw["evidence"], learning, tuple(qs),
                raw["because"].strip(), raw["recipient"], raw["dismissable"])


def _citations(where: str, raw: object, found: list[str]) -> tuple[Citation, ...]:
    out = []
    if not isinstance(raw, list) or not raw:
        found.append(f"{where}: learning must be a non-empty list")
        return ()
    for j, item in enumerate(raw):
        at = f"{where}: learning[{j}]"
        errs = vrules.check_keys(at, item, vrules.CITATION_KEYS)
        if not errs:
            if item["file"] not in CITED_FILES:
                errs.append(f"{at}: file {item['file']!r} is not one of {CITED_FILES}")
            errs += vrules.check_text(f"{at} section", item["section"], language=False)
            errs += vrules.check_text(f"{at} note", item["note"], language=False)
            errs += vrules.check_lines(at, item["lines"])
            if not item["lines"]:
                errs.append(f"{at}: cite the lines")
        found += errs
        if not errs:
            out.append(Citation(str(item["file"]), item["section"], str(item["lines"]), item["note"]))
    return tuple(out)
