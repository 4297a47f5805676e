"""Property tests: any text is checked without error and every finding's offsets are exact."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.language import NoteContext, check_many, check_text

WORDS = ["she", "He", "is", "putting", "herself", "at", "risk", "did", "not", "attend", "DNA", "boyfriend",
         "35-year-old", "(12)", "aged", "14", "said", "'", '"', "“", "”", "‘", "’", "the", "word", "term",
         "prostitute", "sexually", "active", "Mother", "Ms", "Hart", ".", ",", ";", "\n", "choosing", "to",
         "stay", "out", "late", "adults", "contacting", "has", "been", "minor", "injury", "lads", "older"]

texts = st.one_of(st.text(max_size=300), st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join))
contexts = st.one_of(st.none(), st.builds(
    NoteContext, child_age=st.one_of(st.none(), st.integers(0, 25)),
    other_party_ages=st.lists(st.integers(0, 80), max_size=3).map(tuple),
    child_depends_on_adult=st.one_of(st.none(), st.booleans())))


@settings(max_examples=300, deadline=None)
@given(text=texts, context=contexts)
def test_any_text_is_checked_and_offsets_are_exact(text, context):
    findings = check_text(text, context)
    for f in findings:
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start:f.end] == f.matched_text
    assert findings == sorted(findings, key=lambda f: (f.start, f.end, f.rule_id))


@settings(max_examples=50, deadline=None)
@given(batch=st.lists(texts, max_size=5))
def test_check_many_equals_check_text_one_by_one(batch):
    assert check_many(batch) == [check_text(t) for t in batch]
