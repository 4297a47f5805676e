"""Precision and recall of the checker on labelled sentences (used by bench/language.py and tests).

Two formats:
- the own set (`data/labelled_sentences.yaml`): each sentence lists the rule ids it must raise
  (`evaluate`, sentence and rule level);
- the blind sets (`tests/heldout/language/dev.yaml`, `heldout.yaml`), written by someone who never saw
  the rules: each sentence has `child_age` and `flag: [{span, category, guidance}]` in the guidance's
  words, not rule ids (`load_blind`, `score_blind`). They are scored at sentence level (flagged or
  not) and at span level: a labelled span is found when a finding overlaps it, and a finding is right
  when it overlaps a labelled span.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .checker import NoteContext, get_checker

LABELLED_PATH = Path(__file__).parent / "data" / "labelled_sentences.yaml"
BLIND_DIR = Path(__file__).resolve().parents[2] / "tests" / "heldout" / "language"


@dataclass(frozen=True)
class Labelled:
    text: str
    expect: frozenset[str]
    kind: str
    context: NoteContext | None


@dataclass
class Scores:
    sentences: int = 0
    must_flag: int = 0
    must_not_flag: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    rule_tp: int = 0
    rule_fp: int = 0
    rule_fn: int = 0
    false_positives: list[tuple[str, list[str]]] = field(default_factory=list)
    false_negatives: list[tuple[str, list[str]]] = field(default_factory=list)
    rule_errors: list[tuple[str, list[str], list[str]]] = field(default_factory=list)

    @staticmethod
    def _ratio(a: int, b: int) -> float:
        return a / b if b else 1.0

    @property
    def precision(self) -> float:
        return self._ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return self._ratio(self.tp, self.tp + self.fn)

    @property
    def rule_precision(self) -> float:
        return self._ratio(self.rule_tp, self.rule_tp + self.rule_fp)

    @property
    def rule_recall(self) -> float:
        return self._ratio(self.rule_tp, self.rule_tp + self.rule_fn)


def load_labelled(path: Path | str = LABELLED_PATH) -> list[Labelled]:
    with open(path, encoding="utf-8") as fh:
        rows = yaml.safe_load(fh)["sentences"]
    out = []
    for row in rows:
        ctx = row.get("context")
        if ctx is not None:
            ctx = NoteContext(child_age=ctx.get("child_age"),
                              other_party_ages=tuple(ctx.get("other_party_ages") or ()),
                              child_depends_on_adult=ctx.get("child_depends_on_adult"))
        out.append(Labelled(row["text"], frozenset(row.get("expect") or ()), row.get("kind", ""), ctx))
    return out


def evaluate(labelled: list[Labelled] | None = None) -> Scores:
    """Sentence level: a sentence is flagged or not. Rule level: (sentence, rule id) pairs."""
    labelled = load_labelled() if labelled is None else labelled
    results = get_checker().check_many([x.text for x in labelled], [x.context for x in labelled])
    s = Scores(sentences=len(labelled))
    for item, findings in zip(labelled, results, strict=True):
        got = {f.rule_id for f in findings}
        if item.expect:
            s.must_flag += 1
            if got:
                s.tp += 1
            else:
                s.fn += 1
                s.false_negatives.append((item.text, sorted(item.expect)))
        else:
            s.must_not_flag += 1
            if got:
                s.fp += 1
                s.false_positives.append((item.text, sorted(got)))
        s.rule_tp += len(got & item.expect)
        s.rule_fp += len(got - item.expect)
        s.rule_fn += len(item.expect - got)
        if got != item.expect and item.expect:
            s.rule_errors.append((item.text, sorted(item.expect), sorted(got)))
    return s


# ----------------------------------------------------------------- blind sets (spans, not rule ids)

@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str
    category: str


@dataclass(frozen=True)
class BlindItem:
    id: str
    text: str
    child_age: int | None
    source: str
    spans: tuple[Span, ...]

    @property
    def context(self) -> NoteContext:
        return NoteContext(child_age=self.child_age)


@dataclass
class BlindScores:
    """Sentence level (tp/fp/fn/tn) and span level (labelled spans found; findings on a labelled span)."""

    sentences: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    spans_found: int = 0
    spans_missed: int = 0
    findings_on_span: int = 0
    findings_off_span: int = 0
    # (id, text, what): missed spans as (category, span); false findings as (rule id, matched text)
    missed: list[tuple[str, str, list[tuple[str, str]]]] = field(default_factory=list)
    false_findings: list[tuple[str, str, list[tuple[str, str]]]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return Scores._ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return Scores._ratio(self.tp, self.tp + self.fn)

    @property
    def span_precision(self) -> float:
        return Scores._ratio(self.findings_on_span, self.findings_on_span + self.findings_off_span)

    @property
    def span_recall(self) -> float:
        return Scores._ratio(self.spans_found, self.spans_found + self.spans_missed)


class BlindSetError(ValueError):
    """A blind set is malformed (a span that is not in its text, a missing key)."""


def load_blind(path: Path | str) -> list[BlindItem]:
    """Items of a blind set; each labelled span is located by its first occurrence in the text."""
    with open(path, encoding="utf-8") as fh:
        rows = yaml.safe_load(fh)["sentences"]
    out = []
    for row in rows:
        text = row["text"]
        spans = []
        for flag in row.get("flag") or ():
            start = text.find(flag["span"])
            if start < 0:
                raise BlindSetError(f"{path} {row.get('id')}: span {flag['span']!r} is not in the text")
            spans.append(Span(start, start + len(flag["span"]), flag["span"], flag["category"]))
        out.append(BlindItem(str(row["id"]), text, row.get("child_age"), str(row.get("source", "")), tuple(spans)))
    return out


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def score_blind(items: list[BlindItem]) -> BlindScores:
    results = get_checker().check_many([x.text for x in items], [x.context for x in items])
    s = BlindScores(sentences=len(items))
    for item, findings in zip(items, results, strict=True):
        if item.spans and findings:
            s.tp += 1
        elif item.spans:
            s.fn += 1
        elif findings:
            s.fp += 1
        else:
            s.tn += 1
        missed = [(sp.category, sp.text) for sp in item.spans
                  if not any(_overlaps(f.start, f.end, sp.start, sp.end) for f in findings)]
        wrong = [(f.rule_id, f.matched_text) for f in findings
                 if not any(_overlaps(f.start, f.end, sp.start, sp.end) for sp in item.spans)]
        s.spans_missed += len(missed)
        s.spans_found += len(item.spans) - len(missed)
        s.findings_off_span += len(wrong)
        s.findings_on_span += len(findings) - len(wrong)
        if missed:
            s.missed.append((item.id, item.text, missed))
        if wrong:
            s.false_findings.append((item.id, item.text, wrong))
    return s
