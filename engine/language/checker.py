"""Find the terms in rules.yaml in case-note text, with the context rules the guidance asks for.

The pipeline is spaCy's blank English tokenizer (no model) and a PhraseMatcher on lower-cased
tokens whose phrases are the rule patterns expanded through the lookup lemmatiser's table, plus a
second PhraseMatcher on exact spelling for acronyms. Both are built once per rule file and cached.
Everything after matching is plain Python that runs only where a term matched.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from engine.text import SENTENCE_END, TriggerFilter, blank_english, masked, sentence_end
from engine.text.ages import ANY_DIGIT, WORD, AgeReader, Facts, to_int
from engine.text.patterns import inflections

from .rules import LanguageRule, RuleSet, expand, load_rule_set, spelling_variants

CHILD, ADULT, UNKNOWN = "child", "adult", "unknown"


@dataclass(frozen=True)
class NoteContext:
    """What the record knows about the note. Every field is optional; None means unknown.

    child_age: age in years of the child the note is about.
    other_party_ages: ages of the other people involved (e.g. the person called a "boyfriend").
    child_depends_on_adult: True if the child relies on an adult to bring them to appointments.
    """

    child_age: int | None = None
    other_party_ages: tuple[int, ...] = ()
    child_depends_on_adult: bool | None = None


@dataclass(frozen=True)
class Finding:
    """One use of a term to avoid. start/end are character offsets: text[start:end] == matched_text."""

    rule_id: str
    term: str
    start: int
    end: int
    matched_text: str
    why: str
    alternatives: tuple[str, ...]
    source: str


_OBJECT_PREPOSITIONS = frozenset(["with", "by", "to", "from", "for", "against", "about", "of", "towards", "at", "on",
                                  "onto", "into", "over", "between"])
_HAS_QUOTE = re.compile("[\"“”‘’'«»]")
_QUOTE_PAIRS = {'"': '"', "“": "”", "‘": "’", "«": "»"}


class Checker:
    """Compiled matchers and lexicons for one rule set. Build with `get_checker()` (cached)."""

    def __init__(self, rule_set: RuleSet):
        from spacy.matcher import PhraseMatcher

        self.rule_set = rule_set
        self.nlp = blank_english()
        self.lower_matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.orth_matcher = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self.keys: dict[int, tuple[LanguageRule, int]] = {}
        extra = rule_set.extra_forms
        anchors = []
        for rule in rule_set.rules:
            for i, pattern in enumerate(rule.patterns):
                key = f"{rule.id}#{i}"
                phrases = list(self.nlp.tokenizer.pipe(spelling_variants(expand(pattern, extra))))
                matcher = self.orth_matcher if pattern.case_exact else self.lower_matcher
                matcher.add(key, phrases)
                self.keys[self.nlp.vocab.strings[key]] = (rule, i)
                anchors += [[t.lower_ for t in phrase] for phrase in phrases]
        # Only sentences holding an anchor of some phrase are tokenised (engine/text).
        self.filter = TriggerFilter.of_phrases(anchors)
        # The tokenizer caches at most `max_cache_size` (10,000) chunks and stops caching when full: the
        # tens of thousands of phrase words just tokenised would fill it and leave every note word
        # uncached (throughput fell to a third). Re-setting the rules empties the cache (public setter).
        self.nlp.tokenizer.rules = self.nlp.tokenizer.rules
        strings = self.nlp.vocab.strings
        self.near = {
            (rule.id, i): frozenset(strings.add(f) for w in p.near for f in inflections(w, extra))
            for rule in rule_set.rules for i, p in enumerate(rule.patterns) if p.near
        }
        lex = {k: frozenset(w.lower() for w in v) for k, v in rule_set.lexicon.items()}
        self.child_words = lex.get("child_words", frozenset())
        self.dependent_words = lex.get("dependent_words", frozenset())
        self.professional_words = lex.get("professional_words", frozenset())
        self.adult_words = lex.get("adult_words", frozenset())
        self.speaker_adult_words = self.adult_words | self.professional_words
        self.titles = lex.get("titles", frozenset())
        self.other_party_words = lex.get("other_party_words", frozenset())
        self.adult_party_words = lex.get("adult_other_party_words", frozenset())
        self.speech_verbs = lex.get("speech_verbs", frozenset())
        self.reporting_verbs = self.speech_verbs | lex.get("reporting_verbs", frozenset())
        self.mention_cues = lex.get("mention_cues", frozenset())
        self.mention_nouns = lex.get("mention_nouns", frozenset())
        self.mention_phrases = tuple(rule_set.lexicon.get("mention_phrases", ()))
        self.adult_age = int(rule_set.settings.get("adult_age", 18))
        self.dependent_age_under = int(rule_set.settings.get("dependent_age_under", 12))
        self.older_party_gap = int(rule_set.settings.get("older_party_gap", 3))
        self.offence_nouns = lex.get("offence_nouns", frozenset())
        self.ages = AgeReader(rule_set.lexicon, self.adult_age)
        # One-word child/adult references ("young person" is matched by its last word "person").
        self.child_heads = self.child_words | {"person", "people"}

    # ----- public -----

    def check_many(self, texts, contexts=None) -> list[list[Finding]]:
        texts = list(texts)
        contexts = list(contexts) if contexts is not None else [None] * len(texts)
        if len(contexts) != len(texts):
            raise ValueError("contexts must be as long as texts")
        return [self.check_doc(text, doc, ctx) for text, doc, ctx in
                zip(texts, self.docs(texts), contexts, strict=True)]

    def docs(self, texts: list[str], spans: list | None = None) -> list:
        """Each text tokenised where it could match (engine.text.masked), or None where it cannot."""
        spans = [self.filter.spans(text) for text in texts] if spans is None else spans
        wanted = [k for k, found in enumerate(spans) if found]
        out = [None] * len(texts)
        for k, doc in zip(wanted, self.nlp.tokenizer.pipe(masked(texts[k], spans[k]) for k in wanted), strict=True):
            out[k] = doc
        return out

    def check_doc(self, text: str, doc, ctx: NoteContext | None) -> list[Finding]:
        """Findings in `text`, given its (possibly masked) tokens; no tokens (None) means no findings."""
        if doc is None:
            return []
        return self._check_doc(text, doc, ctx or NoteContext())

    # ----- matching -----

    def _check_doc(self, text: str, doc, ctx: NoteContext) -> list[Finding]:
        matches = self.lower_matcher(doc)
        if self.orth_matcher:
            matches += self.orth_matcher(doc)
        if not matches:
            return []
        candidates: dict[str, list[tuple[int, int, int]]] = {}
        for match_id, start, end in matches:
            rule, idx = self.keys[match_id]
            pattern = rule.patterns[idx]
            if pattern.not_after and end < len(doc) and doc[end].lower_ in pattern.not_after:
                continue
            if pattern.not_before and any(t.lower_ in pattern.not_before for t in doc[max(0, start - 2):start]):
                continue
            candidates.setdefault(rule.id, []).append((start, end, idx))
        if not candidates:
            return []
        note = _Note(self, text, doc, ctx)
        rules = self.rule_set.by_id()
        findings = []
        for rule_id, spans in candidates.items():
            rule = rules[rule_id]
            for start, end, idx in _longest(spans):
                if self._applies(note, rule, idx, start, end):
                    s = doc[start].idx
                    e = doc[end - 1].idx + len(doc[end - 1].text)
                    findings.append(Finding(rule.id, rule.term, s, e, text[s:e], rule.why, rule.alternatives,
                                            rule.source))
        findings.sort(key=lambda f: (f.start, f.end, f.rule_id))
        return findings

    def _applies(self, note: _Note, rule: LanguageRule, idx: int, start: int, end: int) -> bool:
        sent_start, sent_end = note.sentence(start)
        near = self.near.get((rule.id, idx))
        if near:
            lowers = note.lowers()
            if not any(h in near for h in lowers[sent_start:start]) and \
                    not any(h in near for h in lowers[end:sent_end]):
                return False
        if note.suppressed(start, end, sent_start) or note.offence_title(end, sent_end):
            return False
        subject, subject_age = note.subject(start, sent_start)
        if note.ctx.child_age is not None and note.ctx.child_age >= self.adult_age:
            subject = ADULT
        if subject == ADULT and note.child_after(end, sent_end):
            subject = CHILD  # "Family DNA'd Noah's appointment": the term is about the child named after it
        if rule.subject == "child" and subject == ADULT:
            return False
        if not rule.conditions:
            return True
        facts = note.facts(sent_start, sent_end)
        results = []
        for key, value in rule.conditions:
            result = self._condition(key, value, note, facts, subject, subject_age, start, end, sent_end)
            if result is not None and not value:
                result = not result
            results.append(result)
        if rule.mode == "any":
            if any(r is True for r in results):
                return True
            if all(r is False for r in results):
                return False
        else:
            if any(r is False for r in results):
                return False
            if all(r is True for r in results):
                return True
        # Undecided: `when_unknown` applies only while the child's age (and dependency) is unknown.
        age_unknown = (self._child_age(note, facts, subject_age) is None
                       and note.ctx.child_depends_on_adult is None and not facts.dependent_word)
        return rule.when_unknown == "flag" and age_unknown and subject != ADULT

    # ----- conditions -----

    def _child_age(self, note: _Note, facts: Facts, subject_age: int | None) -> int | None:
        if note.ctx.child_age is not None:
            return note.ctx.child_age
        if subject_age is not None and subject_age < self.adult_age:
            return subject_age
        if facts.child_ages:
            return facts.child_ages[0]
        return note.note_child_age()

    def _condition(self, key, value, note, facts, subject, subject_age, start, end, sent_end):
        doc = note.doc
        if key == "child_age_under":
            if subject == ADULT:
                return False
            age = self._child_age(note, facts, subject_age)
            return None if age is None else age < int(value)
        if key == "other_party_adult":
            child_age = self._child_age(note, facts, subject_age)

            def older(age: int) -> bool:
                if child_age is None or child_age >= self.adult_age:
                    return age >= self.adult_age
                return age - child_age >= self.older_party_gap

            ctx_ages = note.ctx.other_party_ages
            if ctx_ages:
                return any(older(a) for a in ctx_ages)
            if facts.adult_party_words or any(older(a) for a in facts.other_ages):
                return True
            if any(older(a) for a in facts.unknown_ages) and subject != ADULT:
                return True
            known = facts.other_ages + facts.unknown_ages + facts.child_ages
            if known and not any(older(a) for a in known if a != child_age):
                return False
            return None
        if key == "under_16_unless_peer":
            if subject == ADULT:
                return False
            age = self._child_age(note, facts, subject_age)
            if age is None:
                return None
            if age >= 16:
                return False
            peer = self._condition("other_party_adult", True, note, facts, subject, subject_age, start, end, sent_end)
            return peer is not False
        if key == "actor_inversion":
            after = doc[end - 1].idx
            if any(pos >= after for pos in facts.adult_party_words):
                return True
            if any(a >= self.adult_age for a in note.ctx.other_party_ages):
                return True
            rest = note.facts_after(end, sent_end)  # "sent images to the suspect (aged 33)"
            if any(a >= self.adult_age for a in rest.other_ages + rest.unknown_ages):
                return True
            return None
        if key == "dependent_child":
            if note.ctx.child_depends_on_adult is not None:
                return note.ctx.child_depends_on_adult
            if subject == ADULT:
                return False
            if facts.dependent_word:
                return True
            age = self._child_age(note, facts, subject_age)
            return None if age is None else age < self.dependent_age_under
        raise AssertionError(key)


class _Note:
    """Lazily computed facts about one document (sentences, quotations, ages)."""

    def __init__(self, checker: Checker, text: str, doc, ctx: NoteContext):
        self.c = checker
        self.doc = doc
        self.ctx = ctx
        self.text = text
        self._quotes = None
        self._note_age = False
        self._idx = None
        self._ends = None
        self._lowers = None

    def lowers(self) -> list[int]:
        if self._lowers is None:
            self._lowers = self.doc.to_array("LOWER").tolist()
        return self._lowers

    # sentences: token ranges ending at . ! ? (followed by a space or the end) or a line break
    def sentence(self, i: int) -> tuple[int, int]:
        if self._idx is None:
            self._idx = self.doc.to_array("IDX").tolist()
            self._ends = [m.end() for m in SENTENCE_END.finditer(self.text)]
        idx, ends = self._idx, self._ends
        k = bisect.bisect_right(ends, idx[i])
        start_char = ends[k - 1] if k else 0
        end_char = ends[k] if k < len(ends) else len(self.text)
        return bisect.bisect_left(idx, start_char), max(bisect.bisect_left(idx, end_char), i + 1)

    # quotations
    def quotes(self) -> list[tuple[int, int]]:
        if self._quotes is None:
            self._quotes = _quoted_spans(self.text)
        return self._quotes

    def suppressed(self, start: int, end: int, sent_start: int) -> bool:
        """True inside the child's quoted words, or where the term is mentioned rather than used."""
        doc = self.doc
        cs, ce = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
        sent_cs = doc[sent_start].idx
        sentence_text = self.text[sent_cs:sentence_end(self.text, ce)]
        if not _HAS_QUOTE.search(sentence_text):
            return self._unquoted_mention(start, sent_start)
        for qs, qe in self.quotes():
            if qs <= cs and ce <= qe:
                sent_ce = sentence_end(self.text, qe)
                before = self.text[sent_cs:qs - 1]
                after = self.text[qe + 1:sent_ce]
                if self._mention_around(before, after):
                    return True
                return self._speaker(before, after, self.text[qs:qe]) == CHILD
        return self._unquoted_mention(start, sent_start)

    def _unquoted_mention(self, start: int, sent_start: int) -> bool:
        """'avoid the word prostitute', 'the term child prostitute is not used'."""
        doc = self.doc
        words = [t.lower_ for t in doc[max(sent_start, start - 5):start] if not t.is_punct][-3:]
        return any(w in self.c.mention_nouns for w in words)

    def _mention_around(self, before: str, after: str) -> bool:
        cues = self.c.mention_cues
        lead = " ".join(WORD.findall(before.lower())[-8:])
        if lead.endswith(" not") or lead == "not" or any(p in lead for p in self.c.mention_phrases):
            return True  # '..., not "boyfriend"', 'not to describe Jade as "..."'
        b = [w.lower() for w in WORD.findall(before)][-6:]
        a = [w.lower() for w in WORD.findall(after)][:6]
        return any(w in cues for w in b + a) or (" not used" in after.lower() or "should not" in after.lower())

    def _speaker(self, before: str, after: str, quoted: str) -> str:
        """Who said the quoted words: CHILD, ADULT or UNKNOWN (no speech verb near the quotation)."""
        verbs = self.c.speech_verbs
        b = WORD.findall(before)
        a = WORD.findall(after)[:5]
        # after the quotation: "..., she said" / "..., said her mother"
        for j, w in enumerate(a):
            if w.lower() in verbs:
                ref = self._classify_words(a[:j][::-1] or a[j + 1:j + 4])
                return ref if ref != UNKNOWN else CHILD
        # before the quotation: "she said:", "Mother told the worker", "in her words"
        tail = b[-10:]
        for j in range(len(tail) - 1, -1, -1):
            if tail[j].lower() in verbs:
                ref = self._classify_words(tail[:j][::-1])
                return ref if ref != UNKNOWN else CHILD
        return UNKNOWN

    def _classify_words(self, words_backwards: list[str]) -> str:
        c = self.c
        for k, w in enumerate(words_backwards):
            lw = w.lower()
            if lw in ("she", "he", "they", "i", "her", "his", "their"):
                return UNKNOWN
            if lw in c.child_heads:
                return CHILD
            if lw in c.speaker_adult_words:
                return ADULT
            if w[:1].isupper() and lw not in c.mention_cues:
                nxt = words_backwards[k + 1].lower() if k + 1 < len(words_backwards) else ""
                return ADULT if nxt in c.titles else UNKNOWN
        return UNKNOWN

    # who the term is about: the nearest person referred to before it in the sentence
    def subject(self, start: int, sent_start: int) -> tuple[str, int | None]:
        c = self.c
        doc = self.doc
        i = start - 1
        while i >= sent_start:
            t = doc[i]
            low = t.lower_
            if low in ("her", "his", "their", "its", "'s", "’s", "own"):
                i -= 1
                continue
            if i == start - 1 and low == "adult":
                i -= 1  # "Adult boyfriend": a word about the term, not who it is about
                continue
            if low in c.reporting_verbs and i + 1 < start and doc[i + 1].lower_ == "as":
                i -= 1  # "were described as ...": the subject comes before the verb
                continue
            if low in ("she", "he", "they", "i", "we", "you", "him", "them") or low in c.reporting_verbs \
                    or low in c.professional_words:
                return UNKNOWN, None
            if i == start - 1 and low == "old" and i - 4 >= sent_start and doc[i - 4].like_num:
                i -= 5  # "her 35-year-old boyfriend": the age belongs to the term, not the subject
                continue
            if low == ")" and i - 2 >= sent_start and doc[i - 1].like_num and doc[i - 2].text == "(":
                age = to_int(doc[i - 1].text)
                if age is not None and age >= c.adult_age and self._object(i - 3, sent_start):
                    i -= 3  # "the relationship with Adult V (41)": an object, not the subject
                    continue
                if age is not None:
                    return (ADULT if age >= c.adult_age else CHILD), age
            if low == "old" and i - 4 >= sent_start and doc[i - 2].lower_ in ("year", "years") \
                    and doc[i - 4].like_num:
                age = to_int(doc[i - 4].text)
                before = {t.lower_ for t in doc[max(sent_start, i - 6):i - 4]}
                if before & {"with", "by", "to", "from", "for", "and"}:
                    i -= 5  # "the relationship with the 30-year-old": an object, not the subject
                    continue
                if age is not None:
                    return (ADULT if age >= c.adult_age else CHILD), age
            if low in c.child_heads:
                return CHILD, None
            if low in c.adult_words and low not in ("man", "men", "woman", "women", "adults"):
                if self._object(i, sent_start):
                    i -= 1
                    continue
                return ADULT, None
            if t.is_title and t.is_alpha and low not in c.mention_cues and i > sent_start:
                prev = doc[i - 1].lower_.rstrip(".")
                if prev in c.titles or prev == "adult":  # "Ms Hart", "Adult M"
                    if self._object(i - 1, sent_start):
                        i -= 2
                        continue
                    return ADULT, None
                return UNKNOWN, None
            i -= 1
        return UNKNOWN, None

    def _object(self, i: int, sent_start: int) -> bool:
        """Whether the person word at token i (or the name ending there) follows a preposition: "with Adult V"."""
        doc = self.doc
        for j in range(i - 1, max(sent_start, i - 3) - 1, -1):
            low = doc[j].lower_
            if low in _OBJECT_PREPOSITIONS:
                return True
            if not (doc[j].is_title or low in ("the", "a", "an", "her", "his", "their", "adult")):
                return False
        return False

    def offence_title(self, end: int, sent_end: int) -> bool:
        """The term names an offence or legal category: "prostitution offences"."""
        return end < sent_end and self.doc[end].lower_ in self.c.offence_nouns

    def child_after(self, end: int, sent_end: int) -> bool:
        """A child's possession named just after the term: "Family DNA'd Noah's appointment", "the baby's"."""
        doc = self.doc
        for j in range(end, min(sent_end - 1, end + 3)):
            t = doc[j]
            if (t.is_title or t.lower_ in self.c.child_words) and doc[j + 1].lower_ in ("'s", "’s"):
                return True
        return False

    # ages and adult parties in a sentence
    def facts(self, sent_start: int, sent_end: int) -> Facts:
        doc = self.doc
        s = doc[sent_start].idx
        last = doc[sent_end - 1]
        e = last.idx + len(last.text)
        return self.c.ages.read(self.text[s:e], s)

    def facts_after(self, end: int, sent_end: int) -> Facts:
        """Stated ages in the rest of the sentence after token `end` (no word scan)."""
        s = self.doc[end - 1].idx + len(self.doc[end - 1].text)
        last = self.doc[sent_end - 1]
        return self.c.ages.read(self.text[s:last.idx + len(last.text)], s, words=False)

    def note_child_age(self) -> int | None:
        """The first child's age stated anywhere in the note (ages only; no word scan)."""
        if self._note_age is False:
            self._note_age = None
            if ANY_DIGIT.search(self.text):
                f = self.c.ages.read(self.text, 0, words=False)
                self._note_age = f.child_ages[0] if f.child_ages else None
        return self._note_age


def _longest(spans: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Longest non-overlapping spans, leftmost first."""
    chosen: list[tuple[int, int, int]] = []
    for span in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0])):
        if all(span[1] <= c[0] or span[0] >= c[1] for c in chosen):
            chosen.append(span)
    return sorted(chosen)


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Character spans (inside the marks) of quotations in double, curly or single quotation marks.

    A straight or curly single mark counts as opening only after a space, a bracket or the start of
    the text, and as closing only before a non-letter, so apostrophes ("she's", "don’t") are ignored.
    """
    marks = [(m.start(), m.group(0)) for m in _HAS_QUOTE.finditer(text)]
    spans = []
    k = 0
    n = len(text)
    while k < len(marks):
        i, ch = marks[k]
        k += 1
        if ch not in _QUOTE_PAIRS and ch != "'":
            continue
        single = ch in ("'", "‘")
        if single and i > 0 and not (text[i - 1].isspace() or text[i - 1] in "([{:—-"):
            continue
        close = _QUOTE_PAIRS.get(ch, "'")
        for j in range(k, len(marks)):
            pos, mark = marks[j]
            if mark != close or pos == i + 1 or text[pos - 1].isspace():
                continue
            if single and pos + 1 < n and text[pos + 1].isalpha():
                continue
            if "\n\n" in text[i:pos]:
                break
            spans.append((i + 1, pos))
            k = j + 1
            break
    return spans


@functools.lru_cache(maxsize=4)
def get_checker(path: str | None = None) -> Checker:
    """The compiled checker for rules.yaml (or `path`); built once and cached."""
    return Checker(load_rule_set(path))
