"""Precision and recall of the signs reader on labelled passages (used by bench/signs.py and tests).

A labelled file holds `passages`, each {id, text, child: {age, sex}, source, signs: [{sign, span, about,
certainty, ...}], not_signs: [{sign, span, why}]} -- the format of the held-out sets written for this
project (and of engine/signs/data/labelled.yaml). A found sign matches an expected one when the category
is the same and their spans overlap in the text.

Three measures:
- detection: every sign, whoever it is about (category and span);
- the child's signs: only signs about the record's child, the ones that reach the prompt catalogue
  (a sign found about the child where the passage says it is about someone else is a false positive);
- passage x sign (`score_passages`, the figure bench/signs.py reports against the issue's target): per
  passage, the set of categories the reader finds about the child against the set the labels give about
  the child. A category found only where the label says it is negated or about someone else is a false
  positive; hedged signs are signs. Certainty (asserted/hedged) is reported beside it, not counted in it.

The independently written sets name their signs in their own words; `label_mapping.yaml` maps each name
onto a rules.yaml category, with the reason. A name it does not list is an error, never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .reader import FoundSign, SignContext, get_reader

LABELLED_PATH = Path(__file__).parent / "data" / "labelled.yaml"
MAPPING_PATH = Path(__file__).parent / "data" / "label_mapping.yaml"


@dataclass(frozen=True)
class Expected:
    category: str
    start: int
    end: int
    about: str
    certainty: str


@dataclass(frozen=True)
class NotSign:
    """A labelled trap: a mention that must not be read as a sign of the child (why: negated | about_other)."""

    category: str
    start: int
    end: int
    why: str


@dataclass(frozen=True)
class Passage:
    id: str
    text: str
    signs: tuple[Expected, ...]
    source: str = ""
    not_signs: tuple[NotSign, ...] = ()
    child_age: int | None = None  # the record's child's age (known to the platform, not read from the text)


@dataclass
class Measure:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    false_positives: list[tuple[str, str, str]] = field(default_factory=list)  # (id, category, matched text)
    false_negatives: list[tuple[str, str, str]] = field(default_factory=list)  # (id, category, expected span)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Scores:
    passages: int = 0
    detection: Measure = field(default_factory=Measure)
    child: Measure = field(default_factory=Measure)
    about_right: int = 0
    about_checked: int = 0
    certainty_right: int = 0
    by_category: dict[str, Measure] = field(default_factory=dict)


def load_mapping(path: Path | str = MAPPING_PATH) -> dict[str, str | None]:
    """Labelled sign name -> rules.yaml category (None: a category the labels do not score)."""
    with open(path, encoding="utf-8") as fh:
        doc = yaml.safe_load(fh)
    out: dict[str, str | None] = {}
    for name, entry in (doc.get("signs") or {}).items():
        if not isinstance(entry, dict) or not entry.get("category") or not entry.get("why"):
            raise ValueError(f"{path}: {name!r} needs a category and a why")
        out[str(name)] = str(entry["category"])
    return out


def load_contexts(passages: list[Passage], path: Path | str = MAPPING_PATH) -> list[SignContext]:
    """The reader's context for each passage: the words its kind of record implies (`sources` in the mapping)
    and the child's age (the platform knows both for every record)."""
    with open(path, encoding="utf-8") as fh:
        sources = yaml.safe_load(fh).get("sources") or {}
    return [SignContext(record_words=frozenset(sources.get(p.source) or ()), child_age=p.child_age) for p in passages]


def _category(name: str, mapping: dict[str, str | None] | None, where: str) -> str:
    if mapping is None:
        return name
    if name not in mapping:
        raise ValueError(f"{where}: sign {name!r} is not in the label mapping ({MAPPING_PATH.name})")
    return mapping[name]


def _span(text: str, span: str, where: str) -> tuple[int, int]:
    start = text.find(span)
    if start < 0:
        raise ValueError(f"{where}: span {span!r} is not in the text")
    return start, start + len(span)


def load_passages(path: Path | str = LABELLED_PATH, mapping: dict[str, str | None] | None = None) -> list[Passage]:
    """Labelled passages; with `mapping`, sign names are read through it (see label_mapping.yaml)."""
    with open(path, encoding="utf-8") as fh:
        rows = yaml.safe_load(fh)["passages"]
    out = []
    for row in rows:
        text, where = row["text"], str(row["id"])
        expected, traps = [], []
        for sign in row.get("signs") or ():
            start, end = _span(text, sign["span"], where)
            expected.append(Expected(_category(sign["sign"], mapping, where), start, end, sign.get("about", "child"),
                                     sign.get("certainty", "asserted")))
        for sign in row.get("not_signs") or ():
            start, end = _span(text, sign["span"], where)
            traps.append(NotSign(_category(sign["sign"], mapping, where), start, end, str(sign.get("why", ""))))
        age = (row.get("child") or {}).get("age")
        out.append(Passage(where, text, tuple(expected), str(row.get("source", "")), tuple(traps),
                           age if isinstance(age, int) else None))
    return out


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def _match(found: list[FoundSign], expected: list[Expected], measure: Measure, pid: str, text: str,
           by_category: dict[str, Measure] | None = None) -> list[tuple[FoundSign, Expected]]:
    used: set[int] = set()
    pairs = []
    for e in expected:
        # a found span may cover two expected ones ("smelled of alcohol and was unsteady on her feet")
        hit = next((k for k, f in enumerate(found) if f.category == e.category
                    and _overlap(f.start, f.end, e.start, e.end)), None)
        cat = by_category.setdefault(e.category, Measure()) if by_category is not None else None
        if hit is None:
            measure.fn += 1
            measure.false_negatives.append((pid, e.category, text[e.start:e.end]))
            if cat:
                cat.fn += 1
        else:
            used.add(hit)
            measure.tp += 1
            pairs.append((found[hit], e))
            if cat:
                cat.tp += 1
    matched = [e for _, e in pairs]
    for k, f in enumerate(found):
        if k in used:
            continue
        # a second span for a sign already matched (spans mark where the evidence is, not tight bounds)
        if any(e.category == f.category and _overlap(f.start, f.end, e.start, e.end) for e in matched):
            continue
        measure.fp += 1
        measure.false_positives.append((pid, f.category, f.matched_text))
        if by_category is not None:
            by_category.setdefault(f.category, Measure()).fp += 1
    return pairs


# The signs the issue lists, which the labelled sets label (the framing of decisions and domestic abuse, read
# for the prompt catalogue's own rules, are not labelled there, so they are not scored).
SCORED = frozenset({"older_associates", "intoxication", "unexplained_money", "phone", "gifts", "car", "hotel",
                    "new_peer_group", "missing_with_others", "sexual_health", "sexual_activity", "injury"})


def evaluate(passages: list[Passage] | None = None, scored: frozenset[str] = SCORED) -> Scores:
    passages = load_passages() if passages is None else passages
    results = get_reader().read_many([p.text for p in passages])
    s = Scores(passages=len(passages))
    for p, found in zip(passages, results, strict=True):
        found = [f for f in found if f.category in scored]
        pairs = _match(list(found), list(p.signs), s.detection, p.id, p.text, s.by_category)
        for f, e in pairs:
            s.about_checked += 1
            s.about_right += f.about == e.about
            s.certainty_right += f.certainty == e.certainty
        _match([f for f in found if f.about == "child"], [e for e in p.signs if e.about == "child"], s.child, p.id,
               p.text)
    return s


@dataclass
class PassageScores:
    """Passage x sign: one decision per (passage, category) about the record's child."""

    passages: int = 0
    overall: Measure = field(default_factory=Measure)
    by_category: dict[str, Measure] = field(default_factory=dict)
    certainty_right: int = 0
    traps: dict[str, list[int]] = field(default_factory=dict)  # why -> [avoided, total]


def _child_categories(items, scored: frozenset[str]) -> dict:
    out: dict = {}
    for item in items:
        if item.about == "child" and item.category in scored:
            out.setdefault(item.category, []).append(item)
    return out


def _certainty(items) -> str:
    return "asserted" if any(x.certainty == "asserted" for x in items) else "hedged"


def score_passages(passages: list[Passage], found: list[list[FoundSign]], scored: frozenset[str] = SCORED
                   ) -> PassageScores:
    """Score the reader's signs (`found`, aligned with `passages`) passage by passage."""
    s = PassageScores(passages=len(passages))
    for p, signs in zip(passages, found, strict=True):
        expected = _child_categories(p.signs, scored)
        got = _child_categories(signs, scored)
        for cat in sorted(expected.keys() | got.keys()):
            m = s.by_category.setdefault(cat, Measure())
            if cat in expected and cat in got:
                m.tp += 1
                s.overall.tp += 1
                s.certainty_right += _certainty(expected[cat]) == _certainty(got[cat])
            elif cat in expected:
                miss = (p.id, cat, p.text[expected[cat][0].start:expected[cat][0].end])
                m.fn += 1
                s.overall.fn += 1
                m.false_negatives.append(miss)
                s.overall.false_negatives.append(miss)
            else:
                wrong = (p.id, cat, got[cat][0].matched_text)
                m.fp += 1
                s.overall.fp += 1
                m.false_positives.append(wrong)
                s.overall.false_positives.append(wrong)
        for trap in p.not_signs:
            if trap.category not in scored or trap.category in expected:
                continue  # the category is a sign of the child elsewhere in the passage
            tally = s.traps.setdefault(trap.why, [0, 0])
            tally[1] += 1
            tally[0] += trap.category not in got
    return s


def evaluate_passages(passages: list[Passage], contexts: list[SignContext] | None = None,
                      scored: frozenset[str] = SCORED) -> PassageScores:
    return score_passages(passages, get_reader().read_many([p.text for p in passages], contexts), scored)
