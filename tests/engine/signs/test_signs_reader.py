"""read_signs: categories, offsets, sentences, negation, hedging, whom a sign is about, and the ages of
sexual activity; evaluator_rows: the contract with the prompt catalogue."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.signs import SignContext, evaluator_rows, read_many, read_signs
from engine.signs.evaluate import evaluate


def found(text, context=None):
    return [(s.category, s.about, s.certainty) for s in read_signs(text, context)]


@pytest.mark.parametrize("text, expected", [
    ("Found in town with older males, intoxicated.",
     [("older_associates", "child", "asserted"), ("intoxication", "child", "asserted")]),
    ("She has a new phone she won't explain.", [("phone", "child", "asserted")]),
    ("There are concerns she may be spending time with older men.", [("older_associates", "child", "hedged")]),
    ("Went missing with two other girls from the home.", [("missing_with_others", "child", "asserted")]),
    ("Stayed overnight at a hotel.", [("hotel", "child", "asserted")]),
    ("He has been seen with large amounts of cash.", [("unexplained_money", "child", "asserted")]),
    ("Has new designer trainers she cannot explain.", [("gifts", "child", "asserted")]),
    ("Requested emergency contraception at the pharmacy.", [("sexual_health", "child", "asserted")]),
    ("Bruising to her left arm.", [("injury", "child", "asserted")]),
    ("Seen getting into cars outside school.", [("car", "child", "asserted")]),
])
def test_each_kind_of_sign_is_found(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text", [
    "No concerns of exploitation.", "She denies drinking alcohol.", "No injuries seen.",
    "There were no concerns about older males.", "Injuries: none.", "Alcohol was not involved.",
    "No sexual health concerns.", "Dad dropped her off in the car.", "Mother gave the school her new phone number.",
    "Family placed in emergency accommodation at a hotel.", "Nan bought her new trainers for her birthday.",
])
def test_negated_and_ordinary_mentions_are_not_signs(text):
    assert found(text) == []


@pytest.mark.parametrize("text, about", [
    ("Mother was drunk when police attended.", "parent"),
    ("Mother reported that she was drunk.", "child"),
    ("Her sister was found intoxicated.", "other_child"),
    ("Her friend Leah was sick after drinking vodka.", "other_child"),
    ("Mum is on a methadone programme.", "parent"),
    ("Men at the address gave her vodka.", "child"),
    ("Mother attended the meeting. She was drunk.", "parent"),
    ("Mother was sober but Jade was drunk.", "child"),
])
def test_whom_the_sign_is_about(text, about):
    assert {s.about for s in read_signs(text)} == {about}


def test_a_different_name_is_another_child_when_the_records_names_are_known():
    assert found("Chloe was drunk.", SignContext(child_names=("Jade",))) == [("intoxication", "other_child", "asserted")]
    assert found("Jade was drunk.", SignContext(child_names=("Jade",))) == [("intoxication", "child", "asserted")]


def test_hedges_and_questions_make_a_sign_hedged_and_a_month_does_not():
    assert found("Not known whether she had been drinking.") == [("intoxication", "child", "hedged")]
    assert found("Was she given alcohol by the men?")[0][2] == "hedged"
    assert found("On 3 May she was found drunk.") == [("intoxication", "child", "asserted")]


def test_sexual_activity_records_the_ages_the_text_states():
    [sign] = [s for s in read_signs("Jade (14) disclosed she had sex with a 24-year-old man.")
              if s.category == "sexual_activity"]
    assert sign.attributes == {"child_age": 14, "other_age": 24, "other_party": "adult"}
    [sign] = read_signs("She said she has been sleeping with a boy in her year who is 15.")
    assert sign.attributes["other_party"] == "child" and sign.attributes["other_age"] == 15
    [sign] = [s for s in read_signs("She had sex with a man she met online.") if s.category == "sexual_activity"]
    assert sign.attributes == {"child_age": None, "other_age": None, "other_party": "adult"}


def test_offsets_and_sentences_are_exact():
    text = "Seen at home.  Later found in the park with older males.\nNo injuries."
    [sign] = read_signs(text)
    assert text[sign.start:sign.end] == sign.matched_text
    assert sign.sentence == "Later found in the park with older males."
    assert text[sign.sentence_start:sign.sentence_start + len(sign.sentence)] == sign.sentence


WORDS = ["She", "was", "found", "with", "older", "males", ",", "drunk", ".", "No", "injuries", "\n", "new",
         "phone", "hotel", "car", "men", "?", "missing", "two", "girls", "Mother", "denies", "(14)", "24", "'", '"']


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=200), st.lists(st.sampled_from(WORDS), max_size=50).map(" ".join)))
def test_any_text_is_read_without_error_and_offsets_are_exact(text):
    for sign in read_signs(text):
        assert 0 <= sign.start < sign.end <= len(text) and text[sign.start:sign.end] == sign.matched_text
        assert sign.about in ("child", "parent", "other_child", "other_adult")
        assert sign.certainty in ("asserted", "hedged")


def test_read_many_equals_read_signs_one_by_one():
    texts = ["Found drunk.", "", "Nothing to note.", "Mother was drunk. She has a new phone."]
    assert read_many(texts) == [read_signs(t) for t in texts]


def test_evaluator_rows_follow_the_contract():
    signs = read_signs("Found drunk with older males. Mum is on a methadone programme. Her friend was drunk too.")
    rows = evaluator_rows(signs, event_id="17", day=date(2026, 1, 5), agency="police", source_type="police.crime_witness")
    shape = sorted((r["event_type"], r["about"]) for r in rows)
    assert shape == [("text.intoxication", "child"), ("text.intoxication", "household"),
                     ("text.older_associates", "child")]
    for row in rows:
        assert row["event_id"] == "17" and row["day"] == date(2026, 1, 5) and row["agency"] == "police"
        assert row["attributes"]["source_type"] == "police.crime_witness"
        assert row["attributes"]["certainty"] == "asserted" and row["attributes"]["sentence"]


def test_the_own_labelled_set_is_read_as_labelled():
    s = evaluate()
    assert s.detection.precision >= 0.95 and s.detection.recall >= 0.95, (s.detection.false_positives,
                                                                          s.detection.false_negatives)
