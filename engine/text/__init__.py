"""Reading free text fast: one spaCy blank English pipeline, sentences, and a trigger pre-filter.

Both readers of narrative text (the language checker, `engine.language`, and the signs reader,
`engine.signs`) match phrases with spaCy matchers. Tokenising every note in full is what limits their
throughput, and most sentences in a case record contain nothing either reader looks for. So:

- `TriggerFilter` is built from the phrases a reader matches. For each phrase it keeps one *anchor*
  (a word every match of the phrase must contain as a token), and a note is scanned once for the
  anchors with one compiled regular expression. A sentence without an anchor cannot hold a match.
- `masked(text, spans)` blanks every other sentence with spaces, keeping every character offset, so
  spaCy tokenises only the sentences that could match and findings keep their offsets in the note.
- `sentence_spans` is the one definition of a sentence both readers use: text up to `.`, `!` or `?`
  followed by a space or the end, or up to a line break.

`tests/engine/text/test_fast_path.py` checks that reading through the filter gives exactly what
reading the whole note gives.
"""

from .pipeline import (
    SENTENCE_END,
    TriggerFilter,
    blank_english,
    masked,
    sentence_end,
    sentence_spans,
)

__all__ = ["SENTENCE_END", "TriggerFilter", "blank_english", "masked", "sentence_end", "sentence_spans"]
