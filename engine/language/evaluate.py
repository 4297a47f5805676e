"""Precision and recall of the checker on the labelled sentences (used by bench/language.py and tests)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .checker import NoteContext, get_checker

LABELLED_PATH = Path(__file__).parent / "data" / "labelled_sentences.yaml"


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
