"""Find the signs of rules.yaml in text: spaCy Matcher patterns, then negation, hedging and whom it is about.

The pipeline is the shared blank English tokenizer (engine/text). Only sentences holding an anchor of
some pattern are tokenised (`TriggerFilter`, `masked`), so a note with nothing to find costs one scan
of one regular expression. Everything after matching is plain Python over the matched sentence.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field

from engine.text import SENTENCE_END, TriggerFilter, blank_english, masked
from engine.text.ages import AgeReader
from engine.text.patterns import inflections, token_patterns

from .rules import Category, SignPattern, SignRules, load_sign_rules

CHILD, PARENT, OTHER_CHILD, OTHER_ADULT = "child", "parent", "other_child", "other_adult"
_ADULT_WORDS = re.compile(r"\b(?:adult|adults|man|men|woman|women|over[- ]18s?|in (?:his|her|their) "
                          r"(?:early |mid |late )?(?:twenties|thirties|forties|fifties|[2-5]0s))\b", re.I)
_WITH_AGE = re.compile(r"\bwith\b(?:(?!\b(?:and|but|after|when|because)\b)[^.;!?])*?(?:\b(\d{1,2})[- ]?(?:year|yr)s?[- ]old"
                       r"|\(\s*(?:aged?\s*)?(\d{1,2})\s*\)|\b(?:aged|age|who is|who was|who's)\s+(\d{1,2})\b)", re.I)
_CHILD_PARTNER = re.compile(r"\bwith\s+(?:a|an|another|the|her|his|their|one)?\s*(?:\w+\s+)?(?:boy|girl|pupil|"
                            r"student|classmate|peer|boyfriend|girlfriend)\b(?:\s+(?:in|from)\s+(?:her|his|their|the)"
                            r"\s+(?:year|class|school|form))", re.I)
_MONTHS = frozenset("january february march april may june july august september october november december "
                    "monday tuesday wednesday thursday friday saturday sunday".split())
# A capitalised first word is a name when a verb like these follows it ("Chloe was drunk").
_NAME_VERBS = frozenset("was is has had went came said says told tells disclosed reports reported appeared seemed "
                        "looked smelled smelt became got returned arrived left ran attended and 's ’s".split())
# Words inside a noun phrase that a preposition governs ("with her best friend Mia and some older lads").
_PASSIVE = frozenset("was were been being is are be get gets got getting".split())
_TELL = frozenset("tell tells told telling ask asks asked asking inform informs informed advise advised".split())
_OBJECT_CHAIN = frozenset("and best close usual old new own mate mates".split())
_DETERMINERS = frozenset("a an the her his their my your our its 's ’s two three four several some other another "
                         "older younger new unknown both all this that these those one".split())


@dataclass(frozen=True)
class SignContext:
    """What the record knows about the text. child_names: the forenames (and nicknames) of the record's child;
    a different name in the text is then read as another child. record_words: words the kind of record
    says without writing them (a missing-person report or a return home interview is about a missing
    episode: ("missing",)); patterns that need a word somewhere in the text (`near_text`) count them.
    child_age: with it, a stated age counts as older only when it is rules.yaml's `age_gap` above it."""

    child_names: tuple[str, ...] = ()
    record_words: frozenset[str] = frozenset()
    child_age: int | None = None  # the child's age when the text was written, if known


@dataclass(frozen=True)
class FoundSign:
    """One warning sign found in a text. start/end are character offsets: text[start:end] == matched_text;
    sentence == text[sentence_start:sentence_start + len(sentence)] (stripped of surrounding space)."""

    category: str
    start: int
    end: int
    matched_text: str
    sentence: str
    sentence_start: int
    about: str  # child (the record's child) | parent | other_child | other_adult
    certainty: str  # asserted | hedged
    attributes: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def event_type(self) -> str:
        return f"text.{self.category}"


@dataclass
class _Hit:
    category: Category
    pattern: SignPattern
    index: int
    start: int
    end: int


class SignReader:
    """Compiled matcher and lexicons for one rule file. Build with `get_reader()` (cached)."""

    def __init__(self, rules: SignRules, age_lexicon: dict):
        from spacy.matcher import Matcher

        self.rules = rules
        self.nlp = blank_english()
        self.matcher = Matcher(self.nlp.vocab)
        self.keys: dict[int, tuple[Category, SignPattern, int]] = {}
        extra = rules.extra_forms
        tokenizer = self.nlp.tokenizer

        def tokenize(word: str) -> list[str]:
            return [t.lower_ for t in tokenizer(word)]

        anchors = []
        strings = self.nlp.vocab.strings
        self.near: dict[tuple[str, int], frozenset[str]] = {}
        self.unless: dict[tuple[str, int], frozenset[str]] = {}
        self.near_text: dict[tuple[str, int], frozenset[str]] = {}
        for category in rules.categories:
            for i, pattern in enumerate(category.patterns):
                key = f"{category.id}#{i}"
                made = token_patterns(pattern.text, extra, tokenize)
                if not made:
                    raise ValueError(f"{key}: pattern {pattern.text!r} matches nothing")
                self.matcher.add(key, [specs for specs, _ in made])
                anchors += [slots for _, slots in made]
                self.keys[strings.add(key)] = (category, pattern, i)
                if pattern.near:
                    self.near[(category.id, i)] = _forms(pattern.near, extra)
                if pattern.unless_near:
                    self.unless[(category.id, i)] = _forms(pattern.unless_near, extra)
                if pattern.near_text:
                    self.near_text[(category.id, i)] = _forms(pattern.near_text, extra)
        self.filter = TriggerFilter(anchors)
        lex = {k: frozenset(v) for k, v in rules.lexicon.items()}
        self.negation = lex.get("negation_cues", frozenset())
        self.negation_hedges = lex.get("negation_hedges", frozenset())
        self.negation_after = lex.get("negation_after", frozenset())
        self.negated_verbs = lex.get("negated_verbs_after", frozenset())
        self.negation_own_verbs = lex.get("negation_own_verbs", frozenset())
        self.hedges = lex.get("hedge_cues", frozenset())
        self.breaks = lex.get("scope_breaks", frozenset())
        self.clause_starts = lex.get("clause_starts", frozenset())
        self.reporting = lex.get("reporting_verbs", frozenset())
        self.prepositions = lex.get("prepositions", frozenset())
        self.parents = lex.get("parent_words", frozenset())
        self.other_children = lex.get("other_child_words", frozenset())
        self.other_adults = lex.get("other_adult_words", frozenset())
        self.professionals = lex.get("professional_words", frozenset())
        self.pronouns = lex.get("child_pronouns", frozenset())
        self.child_words = frozenset(w.lower() for w in age_lexicon.get("child_words", ())) | {"yp", "person"}
        self.titles = frozenset(w.lower() for w in age_lexicon.get("titles", ()))
        self.ages = AgeReader(age_lexicon)
        self.person_words = (self.parents | self.other_children | self.other_adults | self.child_words
                             | self.pronouns)

    # ----- public -----

    def read_many(self, texts, contexts=None) -> list[list[FoundSign]]:
        texts = list(texts)
        contexts = list(contexts) if contexts is not None else [None] * len(texts)
        spans = [self.filter.spans(t) for t in texts]
        wanted = [k for k, s in enumerate(spans) if s]
        out: list[list[FoundSign]] = [[] for _ in texts]
        docs = self.nlp.tokenizer.pipe(masked(texts[k], spans[k]) for k in wanted)
        for k, doc in zip(wanted, docs, strict=True):
            out[k] = self.read_doc(texts[k], doc, contexts[k])
        return out

    def read_doc(self, text: str, doc, context: SignContext | None = None) -> list[FoundSign]:
        """Signs in `text`, given its tokens (the whole text, or engine.text.masked to candidate sentences)."""
        if doc is None:
            return []
        matches = self.matcher(doc)
        if not matches:
            return []
        context = context or SignContext()
        sentences = _Sentences(text, doc)
        hits: dict[str, list[_Hit]] = {}
        for match_id, start, end in matches:
            category, pattern, index = self.keys[match_id]
            hits.setdefault(category.id, []).append(_Hit(category, pattern, index, start, end))
        found = []
        for chosen in hits.values():
            # a hit its own conditions cancel ("received flowers" with a parent in the sentence) leaves room
            # for a shorter one ("flowers ... from someone she won't name")
            live = [h for h in chosen if self._sign(text, doc, sentences, h, context) is not None]
            for hit in _joined(_longest(live), doc):
                sign = self._sign(text, doc, sentences, hit, context)
                if sign is not None:
                    found.append(sign)
        found.sort(key=lambda s: (s.start, s.category))
        return found

    # ----- one match -----

    def _sign(self, text: str, doc, sentences: _Sentences, hit: _Hit, context: SignContext) -> FoundSign | None:
        pattern, start, end = hit.pattern, hit.start, hit.end
        if pattern.not_after and end < len(doc) and doc[end].lower_ in pattern.not_after:
            return None
        ss, se, cs, ce = sentences.of(start)
        key = (hit.category.id, hit.index)
        if key in self.near_text and not (sentences.words() | context.record_words) & self.near_text[key]:
            return None
        if key in self.near or key in self.unless:
            lowers = {t.lower_ for t in doc[ss:se]}
            if key in self.near and not lowers & self.near[key]:
                return None
            if key in self.unless and self._cancels(doc, ss, se, self.unless[key]):
                return None
        least = pattern.min_number
        if pattern.older_than_child and context.child_age is not None:
            least = self.rules.older_than(context.child_age)
        if least is not None:
            for t in doc[start:end]:
                if t.like_num and (_number(t.text) or 0) < least:
                    return None
        sentence = text[cs:ce]
        facts = None
        if pattern.stated_age_decides and context.child_age is not None:
            facts = self.ages.read(sentence, cs)
            if not _stated_older(facts, context.child_age, self.rules.older_than(context.child_age)):
                return None
        if facts is None and (pattern.adult_party or hit.category.attributes):
            facts = self.ages.read(sentence, cs)
        if pattern.adult_party and not _adult_party(facts, sentence, least if pattern.older_than_child else None):
            return None
        if pattern.negation and self._negated(doc, start, end, ss, se):
            return None
        certainty = "hedged" if self._hedged(doc, start, ss, se) else "asserted"
        about = hit.category.about_fixed or self._about(text, doc, start, end, ss, pattern, sentences, context)
        if about == OTHER_ADULT and hit.category.relational:
            about = CHILD  # "two men made her have sex", "the driver (29)": the adult is the other party
        attributes = _attributes(hit.category, facts, sentence, doc[start].idx - cs, self.ages) \
            if hit.category.attributes else {}
        s = doc[start].idx
        e = doc[end - 1].idx + len(doc[end - 1].text)
        stripped = sentence.strip()
        offset = cs + (len(sentence) - len(sentence.lstrip()))
        return FoundSign(hit.category.id, s, e, text[s:e], stripped, offset, about, certainty, attributes)

    def _cancels(self, doc, ss: int, se: int, words: frozenset[str]) -> bool:
        """Whether a word of `words` is in the sentence other than as the person who reports it ("Nia's mum
        says she has been given a phone": mum reports; "mum bought her a phone": mum gives)."""
        for i in range(ss, se):
            if doc[i].lower_ not in words:
                continue
            k = i + 1
            while k < se and k <= i + 2 and doc[k].lower_ in ("has", "have", "had", "also", "then", "later"):
                k += 1
            if not (k < se and doc[k].lower_ in self.reporting):
                return True
        return False

    # ----- negation and hedging -----

    def _clause_start(self, doc, start: int, ss: int, limit: int | None = None) -> int:
        """The first token of the clause that holds token `start` (at most `limit` tokens back)."""
        i = start - 1
        floor = ss if limit is None else max(ss, start - limit)
        while i >= floor:
            low = doc[i].lower_
            if doc[i].is_space or low in self.breaks:
                return i + 1
            if low in ("and", ",") and i + 1 < start and doc[i + 1].lower_ in self.clause_starts:
                return i + 1
            i -= 1
        return floor

    def _negated(self, doc, start: int, end: int, ss: int, se: int) -> bool:
        for i in range(self._clause_start(doc, start, ss, limit=10), start):
            low = doc[i].lower_
            if low in self.negation:
                nxt = doc[i + 1].lower_ if i + 1 < start else ""
                if nxt in self.negation_hedges and low != "no":
                    continue  # "not known whether ..." is hedged, not negated
                if any(doc[k].lower_ in self.negation_own_verbs for k in range(i + 1, min(i + 3, start))):
                    continue  # "can't remember what happened as she was drunk": the cue negates its own verb
                return True
        # after: "injuries: none", "alcohol was not involved", "ruled out"
        i = end
        steps = 0
        while i < se and steps < 6:
            low = doc[i].lower_
            if doc[i].is_space or (low in self.breaks and low != ":"):
                break
            if low in self.negation_after:
                return True
            if low in ("not", "n't", "never") and i + 1 < se and doc[i + 1].lower_ in self.negated_verbs:
                return True
            if low == "ruled" and i + 1 < se and doc[i + 1].lower_ == "out":
                return True
            i += 1
            steps += 1
        return False

    def _hedged(self, doc, start: int, ss: int, se: int) -> bool:
        for i in range(ss, start):
            t = doc[i]
            low = t.lower_
            if low in self.hedges:
                if low == "may" and t.is_title and i > ss:
                    continue  # the month
                return True
        return any(doc[i].text == "?" for i in range(start, se))

    # ----- whom the sign is about -----

    def _about(self, text, doc, start, end, ss, pattern: SignPattern, sentences, context: SignContext) -> str:
        if pattern.about == "recipient":
            for i in range(start + 1, end):
                ref = self._reference(doc, i, ss, context, recipient=True)
                if ref is not None:
                    return ref
            if not (start > ss and doc[start - 1].lower_ in _PASSIVE):
                return CHILD
            # "she was given drugs": the subject is the recipient
        i = start - 1
        floor = self._clause_start(doc, start, ss) if self._has_break(doc, ss, start) else ss
        while i >= floor:
            low = doc[i].lower_
            if low in self.professionals and not (i > ss and doc[i - 1].lower_ in self.prepositions):
                return CHILD  # "police found her drunk": the professional acts; the child is the default
            ref = self._reference(doc, i, floor, context)
            if ref == "pronoun":
                ref = self._antecedent(text, doc, i, floor, sentences, context)
            if ref == OTHER_CHILD and self._child_earlier(text, doc, i, floor, sentences, context):
                return CHILD  # "he and two other lads were taken", "Dev ... is now friends with older boys"
            if ref is not None:
                return ref
            i -= 1
        return CHILD

    def _child_earlier(self, text, doc, i: int, floor: int, sentences: _Sentences, context: SignContext) -> bool:
        """Whether the clause names the record's child as a subject before token i."""
        for j in range(i - 1, floor - 1, -1):
            if j + 1 < len(doc) and doc[j + 1].lower_ in ("'s", "’s"):
                continue  # "Chloe's friend": the friend is the subject
            ref = self._reference(doc, j, floor, context)
            if ref == "pronoun":
                ref = self._antecedent(text, doc, j, floor, sentences, context)
            if ref == CHILD:
                return True
        return False

    def _has_break(self, doc, ss: int, start: int) -> bool:
        return any(doc[i].lower_ in ("but", "however", "whereas", "although", ";") for i in range(ss, start))

    def _reference(self, doc, i: int, floor: int, context: SignContext, recipient: bool = False) -> str | None:
        """Whom token i refers to, if it names a person who could be the subject; "pronoun" for she/he/they."""
        t = doc[i]
        low = t.lower_
        is_name = t.is_title and t.is_alpha and low not in self.person_words and low not in _MONTHS \
            and low not in self.professionals and low not in self.titles and low not in ("i",) \
            and (doc[i - 1].lower_ not in self.titles if i > floor else
                 i + 1 < len(doc) and doc[i + 1].lower_ in _NAME_VERBS)
        if not (low in self.person_words or is_name or (t.is_title and i > floor and doc[i - 1].lower_ in self.titles)):
            return None
        if not recipient:
            # an object ("with her mother", "by older males", "with her friend Mia and some older lads",
            # "told her best friend") is not the subject
            j = i - 1
            while j >= floor and j >= i - 6 and (doc[j].lower_ in _DETERMINERS or doc[j].like_num
                                                  or doc[j].lower_ in _OBJECT_CHAIN or doc[j].is_punct
                                                  or doc[j].lower_ in self.other_children):
                j -= 1
            if j >= floor and (doc[j].lower_ in self.prepositions or doc[j].lower_ in _TELL):
                return None
            # the person who reports is not the person the sign is about ("Mother said she was drunk")
            k = i + 1
            while k < len(doc) and k <= i + 2 and doc[k].lower_ in ("has", "have", "had", "also", "then", "later"):
                k += 1
            if k < len(doc) and doc[k].lower_ in self.reporting:
                return None
        if t.is_title and i > floor and doc[i - 1].lower_ in self.titles:
            return OTHER_ADULT
        if low in self.pronouns:
            if recipient:
                return CHILD if low in ("her", "him", "them", "me") else None
            return "pronoun" if low in ("she", "he", "they", "i") else None
        possessor = doc[i - 2].lower_ if i - 2 >= floor and doc[i - 1].lower_ in ("'s", "’s") else ""
        if low in self.parents:
            return PARENT
        if low in self.other_adults:
            if self._verb_of_suspicion(doc, i, floor):
                return None  # "Worker suspects Dan ...": a verb, not a suspect
            return PARENT if possessor in self.parents else OTHER_ADULT
        if low in self.other_children:
            return OTHER_CHILD
        if low in self.child_words:
            before = doc[i - 1].lower_ if i > floor else ""
            return OTHER_CHILD if before in ("another", "other", "a", "an", "both", "two", "three", "some",
                                             "older", "younger", "several") else CHILD
        if is_name:
            before = doc[i - 1].lower_ if i > floor else ""
            if before in self.other_children:  # "her friend Leah"
                return OTHER_CHILD
            if before in self.parents:
                return PARENT
            if before in self.other_adults and not self._verb_of_suspicion(doc, i - 1, floor):
                return OTHER_ADULT
            if context.child_names and low not in {n.lower() for n in context.child_names}:
                return OTHER_CHILD
            return CHILD
        return None

    def _verb_of_suspicion(self, doc, i: int, floor: int) -> bool:
        """Token i is "suspect(s)" used as a verb after a person ("Worker suspects Dan ...")."""
        low = doc[i].lower_
        return (low in self.hedges or low[:-1] in self.hedges) and i > floor and (
            doc[i - 1].lower_ in self.professionals or doc[i - 1].lower_ in self.person_words or doc[i - 1].is_title)

    def _antecedent(self, text, doc, i: int, floor: int, sentences: _Sentences, context: SignContext) -> str:
        """She/he/they: the nearest earlier subject in the sentence that is not a reporter, else the subject
        that opens the sentence before, else the record's child."""
        j = i - 1
        while j >= floor:
            ref = self._reference(doc, j, floor, context)
            if ref is not None and ref != "pronoun":
                return ref
            j -= 1
        previous = sentences.previous_text(doc[floor].idx if floor < len(doc) else 0)
        words = [w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", previous)]
        for k, low in enumerate(words[:4]):
            if k + 1 < len(words) and words[k + 1] in self.reporting:
                continue  # "Josh's sister states he ...": the reporter is not the subject
            if low in self.parents:
                return PARENT
            if low in self.other_adults and low not in ("associate", "associates"):
                return OTHER_ADULT
            if low in self.other_children and low not in ("another", "other", "others"):
                return OTHER_CHILD
            if low in self.child_words or low in self.pronouns or low in self.professionals:
                break
        return CHILD


class _Sentences:
    """Sentence token and character ranges of one text and its (possibly masked) tokens."""

    def __init__(self, text: str, doc):
        self.text = text
        self.doc = doc
        self.ends = [m.end() for m in SENTENCE_END.finditer(text)]
        self.idx = doc.to_array("IDX").tolist()
        self._words: frozenset[str] | None = None

    def of(self, i: int) -> tuple[int, int, int, int]:
        """(first token, end token, first char, end char) of the sentence holding token i."""
        k = bisect.bisect_right(self.ends, self.idx[i])
        cs = self.ends[k - 1] if k else 0
        ce = self.ends[k] if k < len(self.ends) else len(self.text)
        return bisect.bisect_left(self.idx, cs), max(bisect.bisect_left(self.idx, ce), i + 1), cs, ce

    def words(self) -> frozenset[str]:
        """Every word of the whole text, lower case (for patterns that need a word anywhere in the record)."""
        if self._words is None:
            self._words = frozenset(re.findall(r"[a-z0-9'’&-]+", self.text.lower()))
        return self._words

    def previous_text(self, char: int) -> str:
        k = bisect.bisect_right(self.ends, char)
        if k == 0:
            return ""
        start = self.ends[k - 2] if k >= 2 else 0
        return self.text[start:self.ends[k - 1]]


def _forms(lemmas, extra) -> frozenset[str]:
    return frozenset(f for w in lemmas for f in inflections(w, extra))


def _number(s: str) -> int | None:
    try:
        return int(s)
    except ValueError:
        return None


def _stated_older(facts, child_age: int, least: int) -> bool:
    """False when the sentence states an adult's age (18 or over) and no such age is `least` or more ("a
    man aged 19" beside an 18-year-old); True when it states none. Ages under 18 are other children's
    ("3 adult males and 2 females aged 15 and 16"), not the adult's."""
    ages = [a for a in facts.other_ages + facts.unknown_ages if a >= 18 and a != child_age]
    return not ages or max(ages) >= least


def _adult_party(facts, sentence: str, least: int | None = None) -> bool:
    """Whether the sentence states an adult other party; with `least` (from the child's age), a stated age
    decides: it must be at least `least`."""
    ages = facts.other_ages + facts.unknown_ages
    if least is not None and ages:
        return any(a >= least for a in ages)
    if any(a >= 18 for a in ages):
        return True
    return bool(_ADULT_WORDS.search(sentence))


def _attributes(category: Category, facts, sentence: str, at: int, ages: AgeReader) -> dict:
    """child_age, other_age and other_party as the sentence states them (None where it does not).

    `at` is where the sign starts in the sentence: an age stated for the person after "with" is the other
    party's ("with a 24-year-old man", "with a boy who is 15"); an age stated before the sign is the child's.
    """
    after = sentence[at:]
    stated = _WITH_AGE.search(after)
    other_age = next((int(g) for g in stated.groups() if g), None) if stated else None
    if other_age is None:
        others = facts.other_ages + [a for a in facts.unknown_ages if a >= 18]
        other_age = others[0] if others else None
    before = ages.read(sentence[:at], words=False).child_ages
    rest = [a for a in facts.child_ages if a != other_age]
    child_age = before[0] if before else (rest[0] if rest else None)
    if other_age is not None:
        other_party = "adult" if other_age >= 18 else "child"
    elif _ADULT_WORDS.search(after) or _ADULT_WORDS.search(sentence):
        other_party = "adult"
    elif _CHILD_PARTNER.search(after):
        other_party = "child"
    else:
        other_party = None
    values = {"child_age": child_age, "other_age": other_age, "other_party": other_party}
    return {k: values[k] for k in category.attributes}


def _longest(hits: list[_Hit]) -> list[_Hit]:
    """Longest non-overlapping hits, leftmost first."""
    chosen: list[_Hit] = []
    for hit in sorted(hits, key=lambda h: (-(h.end - h.start), h.start)):
        if all(hit.end <= c.start or hit.start >= c.end for c in chosen):
            chosen.append(hit)
    return sorted(chosen, key=lambda h: h.start)


def _joined(hits: list[_Hit], doc) -> list[_Hit]:
    """Hits of one category a word or two apart in one sentence are one sign ("new designer" +
    "trainers she cannot explain"): the first hit's pattern, the joined span."""
    out: list[_Hit] = []
    for hit in hits:
        last = out[-1] if out else None
        if last is not None and hit.start - last.end <= 2 and not any(
                t.is_space or t.text in (".", "!", "?", ";") for t in doc[last.end:hit.start]):
            out[-1] = _Hit(last.category, last.pattern, last.index, last.start, max(last.end, hit.end))
        else:
            out.append(hit)
    return out


@functools.lru_cache(maxsize=4)
def get_reader(path: str | None = None) -> SignReader:
    """The compiled reader for rules.yaml (or `path`); built once and cached. Person words come from the
    language rules' lexicon (engine/language/rules.yaml), so both readers agree on them."""
    from engine.language.rules import load_rule_set

    return SignReader(load_sign_rules(path), load_rule_set().lexicon)
