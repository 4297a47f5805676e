"""The shared pieces of the fast path: the pipeline, sentences, the anchor filter and masking."""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Sequence

# A sentence ends at ., ! or ? followed by white space or the end of the text, or at a line break.
SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n")

# Words too common in case records to be a good anchor; a phrase made only of these is anchored on its
# longest word anyway (the filter stays correct, it just lets more sentences through).
_COMMON = frozenset(
    "a an the to at in of on with for by from into as and or but her his their its him them it she he they "
    "this that what which who not no be have do is was were are been being has had having does did done "
    "i we you me my our your us there here than then so if up out about over after before off again more "
    "most some any all can could will would should may might must shall get got go went gone going "
    "make made take took put say said tell told see seen saw come came know knew think thought one two "
    "child children young person people girl boy mother father mum dad parent risk missing home school "
    "time day night week police worker staff".split()
)
_LETTERS = re.compile(r"[^\W\d_]+")
DIGIT = "<num>"  # the anchor of a number slot: any digit


@functools.lru_cache(maxsize=1)
def blank_english():
    """spaCy's blank English pipeline (tokenizer only, no model), built once per process."""
    import spacy

    return spacy.blank("en")


def sentence_end(text: str, pos: int) -> int:
    """The end (exclusive) of the sentence that contains character `pos`."""
    m = SENTENCE_END.search(text, pos)
    return m.end() if m else len(text)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) character spans of the sentences, covering the whole text in order."""
    spans, start = [], 0
    for m in SENTENCE_END.finditer(text):
        spans.append((start, m.end()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _anchor_slot(slots: Sequence[Iterable[str]]) -> frozenset[str] | None:
    """The slot of a pattern to look for: every alternative a whole-letter word, uncommon ones first.

    A pattern is its required slots in order, each the set of words (lower case) that may stand there.
    Every match contains one of the chosen slot's words as a token, so those words are its anchors.
    """
    best, best_key = None, None
    for slot in slots:
        words = frozenset(w.lower() for w in slot)
        if words == {DIGIT}:
            key = (1, 1, 0)  # a number: a fair anchor (many sentences hold a digit)
        elif not words or not all(_LETTERS.fullmatch(w) for w in words):
            continue
        else:
            key = (sum(w in _COMMON for w in words), len(words), -min(len(w) for w in words))
        if best_key is None or key < best_key:
            best, best_key = words, key
    return best


def _trie_pattern(words: Iterable[str]) -> str:
    """One regular expression alternation for many words, factored on common prefixes (fast to scan)."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def render(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + render(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return "(?:" + body + ")?"
        return body

    return render(trie)


class TriggerFilter:
    """Which sentences of a text could hold a match of any of a reader's phrases.

    Built from patterns, each its required slots (the words that may stand at each required position).
    Each pattern contributes the words of one slot as anchors; a sentence is a candidate when it
    contains an anchor as a whole word (case-insensitive). A pattern with no slot of whole-letter words
    makes every sentence a candidate (`always`).
    """

    def __init__(self, patterns: Iterable[Sequence[Iterable[str]]] = ()):
        anchors: set[str] = set()
        self.always = False
        for slots in patterns:
            slot = _anchor_slot(slots)
            if slot is None:
                self.always = True
            else:
                anchors |= slot
        self._compile(anchors)

    @classmethod
    def of_phrases(cls, phrases: Iterable[Sequence[str]]) -> TriggerFilter:
        """A filter for plain phrases (token lists): each token is a slot of one word."""
        return cls([[(t,) for t in tokens] for tokens in phrases])

    def _compile(self, anchors: set[str]) -> None:
        self.anchors = frozenset(anchors)
        body = _trie_pattern(sorted(a for a in anchors if a != DIGIT)) or "(?!)"
        words = rf"(?<![^\W\d_])(?:{body})(?![^\W\d_])"
        self.rx = re.compile(rf"{words}|\d" if DIGIT in anchors else words, re.IGNORECASE)

    def __or__(self, other: TriggerFilter) -> TriggerFilter:
        combined = TriggerFilter()
        combined.always = self.always or other.always
        combined._compile(set(self.anchors | other.anchors))
        return combined

    def hit(self, text: str) -> bool:
        """Whether any sentence of `text` is a candidate."""
        return self.always or self.rx.search(text) is not None

    def spans(self, text: str) -> list[tuple[int, int]]:
        """The candidate sentences of `text` as (start, end) character spans, in order."""
        if self.always:
            return sentence_spans(text)
        hits = [m.start() for m in self.rx.finditer(text)]
        if not hits:
            return []
        ends = [m.end() for m in SENTENCE_END.finditer(text)]
        out: list[tuple[int, int]] = []
        for pos in hits:
            k = bisect.bisect_right(ends, pos)
            span = (ends[k - 1] if k else 0, ends[k] if k < len(ends) else len(text))
            if not out or out[-1] != span:
                out.append(span)
        return out


def masked(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with everything outside `spans` replaced by spaces: same length, same offsets.

    spaCy splits text on white space before anything else, so the tokens inside the kept spans are
    exactly the tokens the whole text would have there.
    """
    if not spans:
        return " " * len(text)
    if len(spans) == 1 and spans[0] == (0, len(text)):
        return text
    parts, at = [], 0
    for start, end in spans:
        if start > at:
            parts.append(" " * (start - at))
        parts.append(text[start:end])
        at = end
    if at < len(text):
        parts.append(" " * (len(text) - at))
    return "".join(parts)
