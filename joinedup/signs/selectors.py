"""Which stored signs lie behind a prompt: the sentences a prompt page shows beside its events."""

from __future__ import annotations

from collections import defaultdict

from engine.prompts import load_catalogue
from joinedup.signs.models import TextSign

__all__ = ["sentences", "signs_behind"]


def _categories_read_by(rule_id: str) -> set[str]:
    catalogue = load_catalogue()
    try:
        rule = catalogue.rule(rule_id)
    except KeyError:  # a context prompt or a deadline: not a catalogue rule
        return set()
    types = {t for name in rule.pattern.signs for sign in catalogue.matchers(name) for t in sign.types}
    return {t.removeprefix("text.") for t in types if t.startswith("text.")}


def signs_behind(rule_id: str, event_ids) -> dict[int, list[TextSign]]:
    """event id -> the signs read from that event's text that the prompt's rule reads (about the child or a
    parent), in order of position."""
    categories = _categories_read_by(rule_id)
    if not categories:
        return {}
    out: dict[int, list[TextSign]] = defaultdict(list)
    for sign in TextSign.objects.filter(event_id__in=list(event_ids), category__in=categories,
                                        about__in=("child", "parent")).order_by("event_id", "start"):
        out[sign.event_id].append(sign)
    return dict(out)


def sentences(signs: list[TextSign]) -> list[dict]:
    """The signs of one record grouped by the sentence they came from, for display: each sentence as
    pieces (text, marked) and the signs read in it."""
    grouped: dict[tuple[int, str], list[TextSign]] = {}
    for sign in signs:
        grouped.setdefault((sign.sentence_start, sign.sentence), []).append(sign)
    out = []
    for (offset, sentence), found in sorted(grouped.items()):
        pieces, at = [], 0
        for sign in sorted(found, key=lambda x: x.start):
            s, e = sign.start - offset, sign.end - offset
            if not (at <= s <= e <= len(sentence)):
                continue
            pieces += [(sentence[at:s], False), (sentence[s:e], True)]
            at = e
        pieces.append((sentence[at:], False))
        out.append({"pieces": [p for p in pieces if p[0]], "signs": found})
    return out
