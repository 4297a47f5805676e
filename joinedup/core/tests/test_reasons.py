"""One check for written reasons across JoinedUp: placeholders and fragments are refused, sentences accepted."""

import pytest

from joinedup.core.reasons import Refused, is_trivial, reasons_problem, require_text


@pytest.mark.parametrize("text", ["", "   ", "n/a", "N/A.", "NFA", "see notes", "See the case notes", "As above.", "ok",
                                  "no concerns", "as discussed", "FYI", "done", "as per the manager",
                                  "x x x x x x x", "closed now"])
def test_reasons_that_say_nothing_are_refused(text):
    assert is_trivial(text) and reasons_problem(text)


def test_reasons_in_sentences_are_accepted():
    text = "Spoke to the school nurse and the GP; the family has accepted early help and attends weekly."
    assert not is_trivial(text) and reasons_problem(text) is None


def test_each_use_sets_how_much_is_enough():
    assert is_trivial("Visited the flat")                              # not enough for a decision's reasons
    assert not is_trivial("Visited the flat", min_chars=10, min_words=3)   # enough to say an action was done
    assert is_trivial("done", min_chars=1, min_words=1)                 # a placeholder whatever the length


def test_require_text_collects_messages_by_field():
    errors = {}
    assert require_text(errors, "reasons", "  n/a ", "Say why.") == "n/a"
    require_text(errors, "purpose", "To plan the strategy discussion for the child", "Say what for.")
    assert errors == {"reasons": ["Say why."]}
    assert Refused(errors).errors == {"reasons": ["Say why."]} and "Say why." in str(Refused(errors))
