"""Every phrase the synthetic data generator plants in a note is flagged by the checker."""

from __future__ import annotations

import csv

import pytest

from engine.language import check_text
from engine.synth import SynthConfig, generate
from engine.synth.notes import _FLAGGABLE, FLAGGED_PHRASES


def _planted_sentences():
    for options in _FLAGGABLE.values():
        for sentence, phrase in options:
            for pro, obj in (("She", "herself"), ("He", "himself")):
                yield sentence.format(Pro=pro, obj=obj), phrase.format(Pro=pro, obj=obj)
    yield "Staff member described the girls as active participants.", "active participant"
    yield "Pupil is uncooperative and has problematic behaviours.", "uncooperative"


@pytest.mark.parametrize("sentence, phrase", list(_planted_sentences()))
def test_each_planted_sentence_is_flagged_at_the_planted_phrase(sentence, phrase):
    findings = check_text(sentence)
    assert any(phrase.lower() in f.matched_text.lower() or f.matched_text.lower() in phrase.lower()
               for f in findings), (sentence, findings)


@pytest.mark.parametrize("phrase", FLAGGED_PHRASES)
def test_every_flagged_phrase_is_flagged_in_a_plain_sentence_about_a_child(phrase):
    sentences = {
        "DNA": "Outcome recorded as DNA.",
        "did not attend": "Child did not attend the appointment.",
        "boyfriend": "Her boyfriend is 32.",
        "consensual": "The sexual activity with the man appeared consensual.",
        "child prostitution": "The old file refers to child prostitution.",
        "lifestyle choices": "Her lifestyle choices were discussed.",
        "active participant": "She was seen as an active participant.",
    }
    sentence = sentences.get(phrase, f"Young person is {phrase}.")
    if phrase == "choosing":
        sentence = "Young person is choosing to spend time with older males."
    if phrase == "risk-taking behaviour":
        sentence = "Worker notes risk-taking behaviour outside the home."
    if phrase == "troublemaker":
        sentence = "Staff describe the pupil as a troublemaker."
    assert check_text(sentence), sentence


def test_every_flagged_note_in_a_generated_partnership_is_flagged(tmp_path):
    generate(SynthConfig(children=60, seed=5), tmp_path)
    with (tmp_path / "truth" / "language.csv").open(newline="") as fh:
        planted = {(r["agency"], r["event_id"]): r["phrase"] for r in csv.DictReader(fh)}
    assert planted
    notes = {}
    for path in tmp_path.glob("*/*.csv"):
        with path.open(newline="") as fh:
            for row in csv.DictReader(fh):
                if "event_id" in row and row.get("note"):
                    notes[(path.parent.name, row["event_id"])] = row["note"]
    missed = [(key, notes.get(key)) for key in planted if not check_text(notes.get(key, ""))]
    assert missed == []
