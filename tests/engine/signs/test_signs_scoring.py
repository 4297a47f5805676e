"""The passage x sign scorer (engine.signs.evaluate.score_passages) and the label mapping, on small fixtures."""

from pathlib import Path

import pytest

from engine.signs.evaluate import Expected, NotSign, Passage, load_mapping, load_passages, score_passages
from engine.signs.reader import FoundSign

HELDOUT = Path(__file__).resolve().parents[2] / "heldout" / "signs"
TEXT = "Found drunk with older males. Her friend Mia has a new phone. No injuries seen."


def found(category: str, fragment: str, about: str = "child", certainty: str = "asserted") -> FoundSign:
    start = TEXT.index(fragment)
    return FoundSign(category, start, start + len(fragment), fragment, TEXT, 0, about, certainty)


def expected(category: str, fragment: str, about: str = "child", certainty: str = "asserted") -> Expected:
    start = TEXT.index(fragment)
    return Expected(category, start, start + len(fragment), about, certainty)


PASSAGE = Passage(
    "P1", TEXT,
    (expected("intoxication", "drunk"), expected("older_associates", "older males"),
     expected("phone", "new phone", about="other_child")),
    not_signs=(NotSign("phone", TEXT.index("new phone"), TEXT.index("new phone") + 9, "about_other"),
               NotSign("injury", TEXT.index("No injuries"), TEXT.index("No injuries") + 11, "negated")),
)


def test_each_category_counts_once_per_passage():
    s = score_passages([PASSAGE], [[found("intoxication", "drunk"), found("intoxication", "Found drunk"),
                                    found("older_associates", "older males")]])
    assert (s.overall.tp, s.overall.fp, s.overall.fn) == (2, 0, 0)
    assert s.overall.precision == 1.0 and s.overall.recall == 1.0


def test_a_sign_about_someone_else_read_as_the_childs_is_a_false_positive():
    s = score_passages([PASSAGE], [[found("intoxication", "drunk"), found("phone", "new phone")]])
    assert (s.overall.tp, s.overall.fp, s.overall.fn) == (1, 1, 1)
    assert s.overall.false_positives == [("P1", "phone", "new phone")]
    assert s.overall.false_negatives == [("P1", "older_associates", "older males")]
    assert s.traps["about_other"] == [0, 1] and s.traps["negated"] == [1, 1]


def test_a_sign_read_as_about_someone_else_is_not_the_childs():
    s = score_passages([PASSAGE], [[found("intoxication", "drunk", about="other_child"),
                                    found("phone", "new phone", about="other_child")]])
    assert (s.overall.tp, s.overall.fp, s.overall.fn) == (0, 0, 2)
    assert s.traps["about_other"] == [1, 1]


def test_a_negated_mention_found_is_a_false_positive_and_per_sign_figures_add_up():
    s = score_passages([PASSAGE], [[found("injury", "injuries"), found("intoxication", "drunk", certainty="hedged"),
                                    found("older_associates", "older males")]])
    assert s.by_category["injury"].fp == 1 and s.traps["negated"] == [0, 1]
    assert s.overall.precision == pytest.approx(2 / 3)
    assert sum(m.tp for m in s.by_category.values()) == s.overall.tp
    assert s.certainty_right == 1  # intoxication is labelled asserted, found hedged


def test_unscored_categories_are_ignored():
    s = score_passages([PASSAGE], [[found("domestic_abuse", "drunk")]])
    assert s.overall.fp == 0 and "domestic_abuse" not in s.by_category


def test_the_mapping_gives_every_sign_of_both_sets_a_category():
    mapping = load_mapping()
    for name in ("dev.yaml", "heldout.yaml"):
        # loading checks every name (signs and not_signs) against the mapping and every span against the text
        passages = load_passages(HELDOUT / name, mapping)
        assert len(passages) == 350


def test_a_sign_name_missing_from_the_mapping_is_an_error(tmp_path):
    path = tmp_path / "set.yaml"
    path.write_text('passages:\n- {id: X1, text: "Has a burner.", signs: [{sign: burner_phone, span: burner, '
                    'about: child}]}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="burner_phone"):
        load_passages(path, load_mapping())
    assert load_passages(path)[0].signs[0].category == "burner_phone"  # without a mapping names are kept


def test_a_span_not_in_the_text_is_an_error(tmp_path):
    path = tmp_path / "set.yaml"
    path.write_text('passages:\n- {id: X1, text: "Has a burner.", signs: [], not_signs: [{sign: phone, span: '
                    '"no phone", why: negated}]}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="not in the text"):
        load_passages(path)
