"""The blind-set scorer (engine.language.evaluate.score_blind) on small hand-made sets with known answers."""

from __future__ import annotations

import pytest
import yaml

from engine.language.evaluate import BLIND_DIR, BlindSetError, load_blind, score_blind


def write_set(tmp_path, sentences):
    path = tmp_path / "set.yaml"
    path.write_text(yaml.safe_dump({"sentences": sentences}), encoding="utf-8")
    return path


def item(id_, text, spans=(), age=14):
    return {"id": id_, "text": text, "child_age": age, "source": "csc_case_note",
            "flag": [{"span": s, "category": "c", "guidance": "L53"} for s in spans]}


FIXTURE = [
    # flagged and found, the labelled span longer than the finding (overlap, not equality)
    item("T1", "She is putting herself at risk by staying out.", ["herself at risk by staying out"]),
    # labelled but not found (wording the checker has no rule for)
    item("T2", "Plan is for Ava to stop her silly nonsense.", ["silly nonsense"]),
    # not labelled, not flagged
    item("T3", "Ava was seen alone at school and is safe.", []),
    # not labelled but flagged: a false positive sentence
    item("T4", "He went missing on Friday.", []),
    # labelled twice, one found; the finding elsewhere in the text is off every labelled span
    item("T5", "He keeps going missing and she is putting herself at risk; silly nonsense.",
         ["putting herself at risk", "silly nonsense"]),
]


@pytest.fixture
def scores(tmp_path):
    return score_blind(load_blind(write_set(tmp_path, FIXTURE)))


def test_sentence_level_counts_flagged_or_not(scores):
    assert (scores.tp, scores.fp, scores.fn, scores.tn) == (2, 1, 1, 1)
    assert scores.precision == pytest.approx(2 / 3)
    assert scores.recall == pytest.approx(2 / 3)


def test_span_level_counts_labelled_spans_found_and_findings_on_a_span(scores):
    # labelled spans: T1 found, T2 missed, T5 one found and one missed
    assert (scores.spans_found, scores.spans_missed) == (2, 2)
    # findings: T1 on its span, T4 off (no span), T5 "keeps going missing" off and "putting..." on
    assert (scores.findings_on_span, scores.findings_off_span) == (2, 2)
    assert scores.span_recall == 0.5 and scores.span_precision == 0.5


def test_misses_and_false_findings_are_listed_with_their_ids(scores):
    assert [(i, m) for i, _, m in scores.missed] == [("T2", [("c", "silly nonsense")]),
                                                     ("T5", [("c", "silly nonsense")])]
    assert [(i, [r for r, _ in w]) for i, _, w in scores.false_findings] == [("T4", ["L21"]), ("T5", ["L21"])]


def test_a_finding_that_only_touches_a_span_does_not_overlap_it(tmp_path):
    # "at risk" ends where the labelled span begins: touching is not overlapping
    s = score_blind(load_blind(write_set(tmp_path, [item("T6", "She is putting herself at risk by night.",
                                                         [" by night"])])))
    assert (s.spans_found, s.findings_off_span, s.tp) == (0, 1, 1)


def test_the_child_age_reaches_the_checker(tmp_path):
    text = "Clinic note: she is sexually active."
    young = score_blind(load_blind(write_set(tmp_path, [item("T7", text, ["sexually active"], age=12)])))
    older = score_blind(load_blind(write_set(tmp_path, [item("T7", text, [], age=17)])))
    assert young.tp == 1 and older.tn == 1


def test_a_span_not_in_its_text_is_a_clear_error(tmp_path):
    with pytest.raises(BlindSetError, match="T8"):
        load_blind(write_set(tmp_path, [item("T8", "Seen at school.", ["not here"])]))


def test_the_blind_sets_load_with_every_span_located():
    for name in ("dev", "heldout"):
        items = load_blind(BLIND_DIR / f"{name}.yaml")
        assert len(items) >= 300
        assert all(item.text[s.start:s.end] == s.text for item in items for s in item.spans)
