"""The fast path reads exactly what reading the whole note reads: tokenising only the sentences that hold an
anchor word (engine.text.TriggerFilter + masked) changes no finding and no sign."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.language.checker import get_checker
from engine.language.evaluate import load_labelled
from engine.signs.evaluate import load_passages
from engine.signs.reader import get_reader
from engine.text import TriggerFilter, masked, sentence_spans

SENTENCES = [x.text for x in load_labelled()] + [p.text for p in load_passages()]


def _full(texts):
    """Both readers on whole-note tokens (no filter)."""
    checker, reader = get_checker(), get_reader()
    docs = list(checker.nlp.tokenizer.pipe(texts))
    return ([checker.check_doc(t, d, None) for t, d in zip(texts, docs, strict=True)],
            [reader.read_doc(t, d) for t, d in zip(texts, docs, strict=True)])


def _fast(texts):
    return get_checker().check_many(texts), get_reader().read_many(texts)


def test_filtered_reading_equals_whole_note_reading_on_the_labelled_sentences_and_notes_made_of_them():
    rng = random.Random(7)
    notes = list(SENTENCES)
    for _ in range(300):
        notes.append(" ".join(rng.sample(SENTENCES, rng.randint(2, 8))))
        notes.append("\n".join(rng.sample(SENTENCES, rng.randint(2, 5))))
    assert _fast(notes) == _full(notes)


WORDS = ["She", "was", "found", "with", "older", "males", ",", "intoxicated", ".", "No", "injuries", "seen", "\n",
         "putting", "herself", "at", "risk", "new", "phone", "won't", "explain", "DNA", "did", "not", "attend",
         "boyfriend", "is", "24", "(14)", "Mother", "drunk", "denies", "drinking", "hotel", "car", "men", "?",
         "missing", "with", "two", "girls", "\"", "said", "sexually", "active", "lifestyle", "choice", "!"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(SENTENCES)), max_size=40).map(" ".join))
def test_filtered_reading_equals_whole_note_reading_on_any_mix(text):
    assert _fast([text]) == _full([text])


def test_only_candidate_sentences_are_kept_and_offsets_are_unchanged():
    f = TriggerFilter.of_phrases([["putting", "herself", "at", "risk"], ["DNA"]])
    text = "Seen at home. She is putting herself at risk.\nOutcome: DNA. All well."
    spans = f.spans(text)
    assert [text[s:e] for s, e in spans] == [" She is putting herself at risk.", "Outcome: DNA."]
    m = masked(text, spans)
    assert len(m) == len(text) and m.index("putting") == text.index("putting")
    assert "Seen" not in m and "well" not in m
    assert sentence_spans(text)[0] == (0, len("Seen at home."))
    assert f.spans("Nothing of note.") == []
