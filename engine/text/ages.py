"""Ages and adult parties stated in a sentence ("Amy (14)", "a 35-year-old man", "in his twenties").

Shared by the language checker (whether a term is about a child, or the other person is an adult) and
the signs reader (the ages a note states for a child and the other party in sexual activity). Which
words name a child, an adult, an other party or a title is data: the lexicon in
`engine/language/rules.yaml`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

_YEAR_OLD = re.compile(r"\b(\d{1,2})(?:[- ]?(?:year|yr)s?[- ]old\b|\s?(?:y/o|y\.o\.?|yo)(?![A-Za-z]))[\s-]*([A-Za-z]+)?",
                       re.I)
_AGED = re.compile(r"\b(?:aged|age)\s+(\d{1,2})\b", re.I)
_PAREN = re.compile(r"\(\s*(?:aged?\s*|approx\.?\s*|about\s*|around\s*|c\.\s*)?(\d{1,2})(?:\s*(?:years|yrs|y))?\s*\)", re.I)
_IS_N = re.compile(r"\b(?:is|was|turned|now|only|just|are|were|both)\s+(?:about\s+|around\s+|approx\.?\s+)?(\d{1,2})\b"
                   r"(?!\s*(?:%|am\b|pm\b|weeks|days|months|minutes|hours|times|miles|metres|o'clock|:|\.\d))", re.I)
_OVER = re.compile(r"\b(?:over|aged over|older than)\s+(\d{2})\b", re.I)
_DECADE = re.compile(r"\b(?:his|her|their|early|mid|late|mid-)\s+(twenties|thirties|forties|fifties|sixties|seventies)\b",
                     re.I)
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
ANY_DIGIT = re.compile(r"\d")


@dataclass
class Facts:
    """What one sentence (or note) states about ages and adults."""

    child_ages: list[int] = field(default_factory=list)
    other_ages: list[int] = field(default_factory=list)
    unknown_ages: list[int] = field(default_factory=list)
    adult_party_words: list[int] = field(default_factory=list)  # char offsets of adult-party words
    dependent_word: bool = False


def to_int(s: str) -> int | None:
    try:
        return int(s)
    except ValueError:
        return None


def word_regex(words: Iterable[str]) -> re.Pattern:
    """Any of `words` as a whole word (hyphens count as part of a word), case-insensitive."""
    alternatives = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True)) or "(?!)"
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.I)


class AgeReader:
    """Reads ages and adult parties from text with the person words of a lexicon.

    lexicon keys used: child_words, adult_words, other_party_words, adult_other_party_words,
    dependent_words, titles (lists of lower-case words).
    """

    def __init__(self, lexicon: Mapping[str, Iterable[str]], adult_age: int = 18):
        lex = {k: frozenset(w.lower() for w in v) for k, v in lexicon.items()}
        self.adult_age = adult_age
        self.child_heads = lex.get("child_words", frozenset()) | {"person", "people"}
        self.adult_words = lex.get("adult_words", frozenset())
        self.other_party_words = lex.get("other_party_words", frozenset())
        self.adult_party_words = lex.get("adult_other_party_words", frozenset())
        self.titles = lex.get("titles", frozenset())
        self.adult_party_rx = word_regex(self.adult_party_words)
        self.dependent_rx = word_regex(lex.get("dependent_words", frozenset()))

    def read(self, sentence: str, offset: int = 0, words: bool = True) -> Facts:
        """The facts of `sentence`; offsets of adult-party words are `offset` + their position.

        words=False reads stated ages only (no scan for adult or dependent words).
        """
        f = Facts()
        taken: set[int] = set()
        for m in _YEAR_OLD.finditer(sentence):
            age, noun = to_int(m.group(1)), (m.group(2) or "").lower()
            taken.add(m.start(1))
            self._file_age(f, age, noun if noun else self.referent(sentence, m.start()))
            if age is not None and age >= self.adult_age and noun not in self.adult_words - self.adult_party_words:
                f.adult_party_words.append(offset + m.start())
        for rx in (_AGED, _PAREN, _IS_N):
            for m in rx.finditer(sentence):
                if m.start(1) in taken:
                    continue
                taken.add(m.start(1))
                self._file_age(f, to_int(m.group(1)), self.referent(sentence, m.start()))
        for m in _OVER.finditer(sentence):
            if (to_int(m.group(1)) or 0) >= self.adult_age:
                f.adult_party_words.append(offset + m.start())
        for m in _DECADE.finditer(sentence):
            f.adult_party_words.append(offset + m.start())
        if words:
            f.adult_party_words += [offset + m.start() for m in self.adult_party_rx.finditer(sentence)]
            f.dependent_word = bool(self.dependent_rx.search(sentence))
        return f

    def referent(self, sentence: str, pos: int) -> str:
        """The person word an age at `pos` belongs to: the nearest of the four words before it."""
        words = WORD.findall(sentence[:pos])[-4:]
        for k in range(len(words) - 1, -1, -1):
            w = words[k].lower()
            if w in self.other_party_words or w in self.child_heads or w in self.adult_words:
                return w
            if words[k][:1].isupper() and k > 0 and words[k - 1].lower() in self.titles:
                return "mr"
        return ""

    def _file_age(self, f: Facts, age: int | None, referent: str) -> None:
        if age is None:
            return
        if referent in self.other_party_words and referent not in ("he", "him"):
            f.other_ages.append(age)
        elif referent in self.child_heads:
            f.child_ages.append(age)
        elif referent in self.adult_words or referent in self.titles:
            return  # the age of an adult the sentence is about (e.g. "Ms Hart (42)")
        elif age < self.adult_age:
            f.child_ages.append(age)
        else:
            f.unknown_ages.append(age)
