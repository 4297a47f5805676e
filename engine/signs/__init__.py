"""Signs read from narrative text: the warning signs agencies write about in free text.

    from engine.signs import read_signs, read_many, SignContext
    signs = read_signs("Found in town with older males, intoxicated.")
    # [FoundSign(category='older_associates', ..., about='child', certainty='asserted'),
    #  FoundSign(category='intoxication', ...)]

Categories, patterns and their citations are data (`rules.yaml`, rendered as docs/signs.md by
`python -m engine.signs`). Matching is spaCy's blank English tokenizer with a Matcher whose words are
lemmas expanded through spacy-lookups-data's lookup table; no model is downloaded. Each found sign has
its span, its sentence, whom it is about (`child`: the record's child; `parent`; `other_child`;
`other_adult`) and its certainty (`asserted` | `hedged`); negated mentions ("no injuries", "denies
drinking") are not signs. The platform stores them per record at import or save time and hands those
about the child to the prompt catalogue as event type `text.<category>` (`to_rows`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from .reader import FoundSign, SignContext, SignReader, get_reader
from .rows import evaluator_rows
from .rules import ABOUT, Category, SignRuleError, SignRules, load_sign_rules, render_markdown

__all__ = ["ABOUT", "Category", "age_on", "context_for", "FoundSign", "SignContext", "SignReader", "SignRuleError", "SignRules",
           "evaluator_rows", "get_reader", "load_sign_rules", "read_many", "read_signs", "render_markdown"]


def age_on(born: date | None, day: date | None) -> int | None:
    """A child's age in whole years on `day` (None when either date is unknown or `day` is before birth)."""
    if born is None or day is None or day < born:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def context_for(event_type: str | None = None, child_age: int | None = None,
                child_names: tuple[str, ...] = (), *, born: date | None = None, on: date | None = None
                ) -> SignContext:
    """The reader's context for a record of `event_type` (rules.yaml `record_words`) about a child of
    `child_age` when it was written; or, without `child_age`, the child born on `born` as they were on
    `on`, the day the text was written or the event occurred (not today: a note from when the child was
    13 is read as about a 13-year-old). An unknown age (None) leaves the age-gap test out: any stated
    adult age counts as older, as it did before the age was known."""
    if child_age is None:
        child_age = age_on(born, on)
    words = get_reader().rules.record_words.get(event_type or "", frozenset())
    return SignContext(child_names=child_names, record_words=words, child_age=child_age)


def read_signs(text: str, context: SignContext | None = None) -> list[FoundSign]:
    """Signs in one text, in order of position."""
    return get_reader().read_many([text], [context])[0]


def read_many(texts: Iterable[str], contexts: Sequence[SignContext | None] | None = None) -> list[list[FoundSign]]:
    """Signs for each text; contexts, if given, align with texts."""
    return get_reader().read_many(texts, contexts)
