"""Written reasons: the one check every decision, response and note in JoinedUp shares (R01, R13, R14).

"Decision-making needs to be explicitly recorded" (000 L222), and a decision to take no further action, to
withhold information or to close is as significant as an escalation (000 L224-226). Text is refused when it
is empty, a placeholder ("n/a", "NFA", "see notes", "as discussed", "fyi", "done"), or too short to carry a
reason; the message says what a reader would need to find in it. Each use sets how much is enough: a
decision's reasons need more than the note that an action was done.
"""

from __future__ import annotations

import re

__all__ = ["MIN_CHARACTERS", "MIN_WORDS", "Refused", "is_trivial", "reasons_problem", "require_text"]

MIN_CHARACTERS = 20
MIN_WORDS = 4

_PLACEHOLDERS = {
    "n a", "na", "none", "nil", "no", "yes", "nothing", "ok", "okay", "fyi", "for information", "for information only",
    "noted", "read", "seen", "done", "complete", "completed", "action done", "action completed", "no action",
    "no further action", "nfa", "not applicable", "as above", "see above", "as discussed", "as agreed", "agreed",
    "agree", "discussed", "ditto", "tbc", "tba", "to follow", "test", "no concern", "no concerns",
    "no further concern", "no further concerns",
}
_PLACEHOLDER_PATTERN = re.compile(r"^(see (the )?(case )?(notes?|files?|records?|minutes)|as per .{0,40}|x+( x+)*)$")
_WORD = re.compile(r"[^\W\d_]{2,}")


class Refused(ValueError):
    """Input that may not be recorded as given: {field: [messages]}, each in words a practitioner can act on."""

    def __init__(self, errors: dict[str, list[str] | str]):
        self.errors = {name: [m] if isinstance(m, str) else list(m) for name, m in errors.items()}
        super().__init__("; ".join(m for messages in self.errors.values() for m in messages))


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def is_trivial(text: str | None, *, min_chars: int = MIN_CHARACTERS, min_words: int = MIN_WORDS) -> bool:
    """Empty, a placeholder, shorter than `min_chars`, or fewer than `min_words` words (or only two different)."""
    clean = " ".join((text or "").split())
    plain = _plain(clean)
    if not plain or plain in _PLACEHOLDERS or _PLACEHOLDER_PATTERN.match(plain):
        return True
    words = _WORD.findall(clean)
    return len(clean) < min_chars or len(words) < min_words or len({w.casefold() for w in words}) < min(3, min_words)


def reasons_problem(text: str | None, what: str = "the reasons", *, min_chars: int = MIN_CHARACTERS,
                    min_words: int = MIN_WORDS) -> str | None:
    """Why `text` will not do as written reasons, in words the writer can act on; None when it will."""
    text = (text or "").strip()
    if not text:
        return f"Write {what}."
    if is_trivial(text, min_chars=min_chars, min_words=min_words):
        return (f"Write {what} in full sentences: what you considered, who you spoke to and why. "
                f"“{text[:40]}” would not tell someone reading the record later why this was done.")
    return None


def require_text(errors: dict, field: str, text: str | None, message: str, *, min_chars: int = MIN_CHARACTERS,
                 min_words: int = MIN_WORDS) -> str:
    """The text, tidied; or record `message` against `field` in `errors` when it is empty or trivial."""
    clean = (text or "").strip()
    if is_trivial(clean, min_chars=min_chars, min_words=min_words):
        errors.setdefault(field, []).append(message)
    return clean
