"""The pattern language the text readers' rule files share, and the lemma table behind it.

A pattern is a sequence of slots separated by spaces:

* a slot lists alternatives separated by "|"; a slot ending in "?" is optional; "_" inside a slot is
  the empty alternative;
* every alternative word is a lemma: it also matches every inflected form that the spaCy lookups
  lemmatiser (spacy-lookups-data, English `lemma_lookup`) maps to it, plus the rule file's
  `extra_forms`; prefix a word with "=" to match that exact form only; "+" joins the words of a
  multi-word alternative ("harm's+way");
* (token patterns only) "~N" is a gap of up to N tokens within the sentence, "<num>" a number and
  "<name>" a capitalised word.

`phrases` expands a pattern into plain phrases (for a PhraseMatcher); `token_patterns` turns it into
spaCy Matcher patterns (for gaps and numbers), with the slots the trigger pre-filter can anchor on.
"""

from __future__ import annotations

import functools
import itertools
import re

FUNCTION_WORDS = frozenset(
    "a an the to at in of on with for by from into as and or but her his their its him them it she he "
    "they this that what which who not _ be have do is was".split()
)
_GAP = re.compile(r"^~(\d+)$")
NUMBER = "<num>"
NAME = "<name>"  # a capitalised word (a name)
NUMBER_ANCHOR = frozenset(["<num>"])  # the pre-filter reads this anchor as "a digit"
# A gap never crosses the end of a sentence (or the blanked text between two kept sentences).
_GAP_TOKEN = {"IS_SPACE": False, "ORTH": {"NOT_IN": [".", "!", "?", ";"]}}


@functools.lru_cache(maxsize=1)
def lemma_table() -> tuple[dict[str, str], dict[str, frozenset[str]]]:
    """(form -> lemma, lemma -> forms) from spacy-lookups-data's English lookup lemmatiser table."""
    import spacy.util

    data = spacy.util.load_language_data(spacy.util.registry.lookups.get("en")["lemma_lookup"])
    reverse: dict[str, set[str]] = {}
    for form, lemma in data.items():
        if form.isalpha() and len(form) > 2:
            reverse.setdefault(lemma, set()).add(form)
    return data, {k: frozenset(v) for k, v in reverse.items()}


def inflections(word: str, extra_forms: dict) -> set[str]:
    """`word` read as a lemma: it and every form the lookup lemmatiser maps to it (plus extra_forms)."""
    if word.startswith("="):
        return {word[1:].lower()}
    w = word.lower()
    if w in FUNCTION_WORDS or not w.replace("-", "").replace("'", "").replace("’", "").isalpha():
        return {w} | set(extra_forms.get(w, ()))
    _, reverse = lemma_table()
    return {w} | set(reverse.get(w, ())) | set(extra_forms.get(w, ()))


def _slots(text: str) -> list[tuple[list[str], bool]]:
    """(alternatives, optional) per slot; an alternative is a '+'-joined word sequence or ''."""
    out = []
    for slot in text.split():
        optional = slot.endswith("?") and len(slot) > 1
        alternatives = []
        for alt in (slot[:-1] if optional else slot).split("|"):
            alternatives.append("" if alt == "_" else alt)
        if "" in alternatives:
            optional = True
            alternatives = [a for a in alternatives if a]
        out.append((alternatives, optional))
    return out


def phrases(text: str, extra_forms: dict, case_exact: bool = False) -> list[str]:
    """The phrases a pattern stands for, as space-separated strings (tokenised later by spaCy)."""
    slots = []
    for alternatives, optional in _slots(text):
        options = []
        for alt in alternatives:
            words = alt.split("+")
            if case_exact:
                options.append(" ".join(w.lstrip("=") for w in words))
            else:
                per_word = [sorted(inflections(w, extra_forms)) for w in words]
                options += [" ".join(combo) for combo in itertools.product(*per_word)]
        if optional:
            options.append("")
        slots.append(sorted(set(options)))
    out = {" ".join(" ".join(combo).split()) for combo in itertools.product(*slots)}
    return sorted(p for p in out if p)


def token_patterns(text: str, extra_forms: dict, tokenize) -> list[tuple[list[dict], list[frozenset[str]]]]:
    """spaCy Matcher patterns for a pattern, each with its required word slots (for the pre-filter).

    `tokenize(str) -> list[str]` splits a word as the pipeline's tokenizer would ("harm's" -> harm, 's).
    An alternative that is one token joins the slot's IN-set; multi-token alternatives of one length
    become one pattern of per-position IN-sets.
    """
    shapes: list[list[tuple[list[dict], list[frozenset[str]]]]] = []
    for alternatives, optional in _slots(text):
        gap = _GAP.match(alternatives[0]) if len(alternatives) == 1 else None
        if gap:
            shapes.append([([{**_GAP_TOKEN, "OP": f"{{0,{int(gap.group(1))}}}"}], [])])
            continue
        if alternatives == [NUMBER]:
            spec = {"LIKE_NUM": True}
            shapes.append([([{**spec, "OP": "?"} if optional else spec], [] if optional else [NUMBER_ANCHOR])])
            continue
        if alternatives == [NAME]:
            spec = {"IS_TITLE": True, "IS_ALPHA": True}
            shapes.append([([{**spec, "OP": "?"} if optional else spec], [])])
            continue
        single: set[str] = set()
        multi: list[list[str]] = []
        for alt in alternatives:
            for words in itertools.product(*[sorted(inflections(w, extra_forms)) for w in alt.split("+")]):
                tokens = [t for w in words for t in tokenize(w)]
                (single.update(tokens) if len(tokens) == 1 else multi.append(tokens))
        options: list[tuple[list[dict], list[frozenset[str]]]] = []
        if single:
            spec = {"LOWER": {"IN": sorted(single)}}
            options.append(([{**spec, "OP": "?"} if optional else spec], [] if optional else [frozenset(single)]))
        # Multi-token alternatives of one length share a pattern: one IN-set per position (a superset
        # of the alternatives, which keeps the number of Matcher patterns small).
        by_length: dict[int, list[set[str]]] = {}
        for tokens in multi:
            sets = by_length.setdefault(len(tokens), [set() for _ in tokens])
            for position, token in enumerate(tokens):
                sets[position].add(token)
        for sets in by_length.values():
            specs = [{"LOWER": {"IN": sorted(words)}} for words in sets]
            options.append((specs, [] if optional else [frozenset(words) for words in sets]))
        if optional and (multi or not single):
            options.append(([], []))
        shapes.append(options)
    out = []
    for combo in itertools.product(*shapes):
        specs = [s for part, _ in combo for s in part]
        anchors = [a for _, slots in combo for a in slots]
        if specs:
            out.append((specs, anchors))
    return out
