"""Precision and recall of the signs reader on labelled passages (used by bench/signs.py and tests).

A labelled file holds `passages`, each {id, text, child: {age, sex}, source, signs: [{sign, span, about,
certainty, ...}], not_signs: [{sign, span, why}]} -- the format of the held-out sets written for this
project (and of engine/signs/data/labelled.yaml). A found sign matches an expected one when the category
is the same and their spans overlap in the text.

Two measures:
- detection: every sign, whoever it is about (category and span);
- the child's signs: only signs about the record's child, the ones that reach the prompt catalogue
  (a sign found about the child where the passage says it is about someone else is a false positive).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .reader import FoundSign, get_reader

LABELLED_PATH = Path(__file__).parent / "data" / "labelled.yaml"


@dataclass(frozen=True)
class Expected:
    category: str
    start: int
    end: int
    about: str
    certainty: str


@dataclass(frozen=True)
class Passage:
    id: str
    text: str
    signs: tuple[Expected, ...]
    source: str = ""


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


def load_passages(path: Path | str = LABELLED_PATH) -> list[Passage]:
    with open(path, encoding="utf-8") as fh:
        rows = yaml.safe_load(fh)["passages"]
    out = []
    for row in rows:
        text = row["text"]
        expected = []
        for sign in row.get("signs") or ():
            start = text.find(sign["span"])
            if start < 0:
                raise ValueError(f"{row['id']}: span {sign['span']!r} is not in the text")
            expected.append(Expected(sign["sign"], start, start + len(sign["span"]), sign.get("about", "child"),
                                     sign.get("certainty", "asserted")))
        out.append(Passage(str(row["id"]), text, tuple(expected), str(row.get("source", ""))))
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
