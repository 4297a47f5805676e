"""Every alternative of every rule matches as written, in a neutral carrier sentence (issue 15, item 3).

A pattern's slots are separated by spaces, so an alternative written with a space inside a slot
("self-generated|self generated images") silently splits the slot and never matches as written; a
multi-word alternative must use "+" ("no-show|no+show"). Hyphens and spaces are interchangeable in
the text ("street wise", "sexually-active", "hard-to-engage"), through `spelling_variants`.
"""

from __future__ import annotations

import pytest

from engine.language import NoteContext, check_many
from engine.language.rules import Pattern, expand, load_rule_set, spelling_variants

# A context in which every condition holds: a young, dependent child and an adult other party.
EVERY_CONDITION = NoteContext(child_age=10, other_party_ages=(30,), child_depends_on_adult=True)


def carrier(phrase: str, pattern: Pattern) -> str:
    near = f" {pattern.near[0]}" if pattern.near else ""
    return f"Recorded today that {phrase}{near} on Monday."


def phrases_of_every_rule(variants: bool):
    rs = load_rule_set()
    for rule in rs.rules:
        for pattern in rule.patterns:
            phrases = expand(pattern, rs.extra_forms)
            for phrase in (spelling_variants(phrases) if variants else phrases):
                yield rule.id, pattern, phrase


def unmatched(variants: bool) -> list[tuple[str, str, list[str]]]:
    items = list(phrases_of_every_rule(variants))
    texts = [carrier(phrase, pattern) for _, pattern, phrase in items]
    results = check_many(texts, [EVERY_CONDITION] * len(texts))
    bad = []
    for (rule_id, _, phrase), text, findings in zip(items, texts, results, strict=True):
        start = text.index(phrase)
        end = start + len(phrase)
        if not any(f.rule_id == rule_id and f.start <= start and f.end >= end for f in findings):
            bad.append((rule_id, phrase, [f.rule_id for f in findings]))
    return bad


def test_every_alternative_of_every_rule_is_flagged_as_written():
    assert len(list(phrases_of_every_rule(False))) > 10_000
    assert unmatched(False) == []


def test_every_alternative_is_flagged_with_hyphens_and_spaces_swapped():
    assert unmatched(True) == []


def doubled_word(phrase: str) -> bool:
    words = phrase.replace("-", " ").split()
    return any(a == b for a, b in zip(words, words[1:], strict=False))


def test_no_alternative_is_written_with_a_space_inside_a_slot():
    bad = sorted({(rule_id, pattern.text) for rule_id, pattern, phrase in phrases_of_every_rule(False)
                  if doubled_word(phrase)})
    assert bad == []


def split_alternative(text: str) -> bool:
    """Two neighbouring slots whose words, joined, are also one of their alternatives: the writer meant
    one slot with the joined and the spaced spelling ("no-show|no show", "a blow job|blowjob")."""
    slots = [slot.rstrip("?").split("|") for slot in text.split()]
    for left, right in zip(slots, slots[1:], strict=False):
        joined = {a + sep + b for a in left for b in right for sep in ("", "-")}
        if joined & (set(left) | set(right)):
            return True
    return False


def test_no_alternative_is_split_across_two_slots():
    bad = sorted({(rule.id, p.text) for rule in load_rule_set().rules for p in rule.patterns
                  if split_alternative(p.text)})
    assert bad == []


def test_the_space_inside_a_slot_check_catches_the_mistake_it_is_for():
    assert split_alternative("give him a blow job|blowjob") and split_alternative("no-show|no show")
    assert not split_alternative("give him a blow+job|blowjob") and not split_alternative("no-show|no+show")
    rs = load_rule_set()
    wrong = expand(Pattern("self-generated|self generated images"), rs.extra_forms)
    right = expand(Pattern("self-generated|self+generated images"), rs.extra_forms)
    assert any(doubled_word(p) for p in wrong) and not any(doubled_word(p) for p in right)
    assert "self generated images" in right and "self-generated images" in right


@pytest.mark.parametrize("text, rule_id", [
    ("Staff say she is street wise.", "L23"), ("She is street-wise.", "L23"),
    ("Clinic: she is sexually-active.", "L05"), ("He is a hard-to-engage boy.", "L26"),
    ("YP is non engaging.", "L26"), ("Self generated images were found.", "L32"),
    ("Outcome: no show.", "L42"), ("Outcome: no-show.", "L42"), ("Risk taking behaviour noted.", "L24"),
])
def test_hyphenated_and_spaced_spellings_are_both_flagged(text, rule_id):
    [findings] = check_many([text], [EVERY_CONDITION])
    assert rule_id in [f.rule_id for f in findings]


def test_the_rule_set_expands_to_a_bounded_number_of_phrases():
    # One pattern with many slots of inflected alternatives can expand to hundreds of thousands of
    # phrases (a 25 s pipeline build); such a pattern should put its verb in `near` instead.
    counts = {}
    for rule_id, pattern, _ in phrases_of_every_rule(True):
        counts[(rule_id, pattern.text)] = counts.get((rule_id, pattern.text), 0) + 1
    assert sum(counts.values()) < 60_000
    assert max(counts.values()) < 10_000, max(counts, key=counts.get)
