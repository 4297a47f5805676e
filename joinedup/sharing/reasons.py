"""Written reasons: the one rule every casework decision here shares (R01, R13).

A decision is refused when its reasons are empty or trivial ("n/a", "fyi", "ok", a few characters): the
message says what a reader would need to find in them. Referrals, MASH decisions, feedback, inbox
acknowledgements, withholding and information requests all check their free text here, so the web pages
and the API refuse the same things with the same words.
"""

from __future__ import annotations

import re

__all__ = ["Refused", "is_trivial", "require_text"]

_PLACEHOLDERS = {
    "n/a", "na", "none", "nil", "no", "nothing", "ok", "okay", "fyi", "for information", "for information only",
    "noted", "read", "seen", "done", "no action", "no further action", "nfa", "as above", "see above", "tbc",
    "test", "-", ".", "x", "xx", "xxx",
}
_WORD = re.compile(r"[A-Za-z0-9']+")


class Refused(ValueError):
    """Input that may not be recorded as given: {field: [messages]}, each in words a practitioner can act on."""

    def __init__(self, errors: dict[str, list[str] | str]):
        self.errors = {name: [m] if isinstance(m, str) else list(m) for name, m in errors.items()}
        super().__init__("; ".join(m for messages in self.errors.values() for m in messages))


def is_trivial(text: str, *, min_chars: int, min_words: int) -> bool:
    """Empty, a placeholder, too short, or too few different words to carry a reason."""
    clean = " ".join((text or "").split())
    if clean.lower().strip(" .!") in _PLACEHOLDERS:
        return True
    words = {w.lower() for w in _WORD.findall(clean)}
    return len(clean) < min_chars or len(words) < min_words


def require_text(errors: dict, field: str, text: str, message: str, *, min_chars: int = 20,
                 min_words: int = 4) -> str:
    """The text, tidied; or record `message` against `field` in `errors` when it is empty or trivial."""
    clean = (text or "").strip()
    if is_trivial(clean, min_chars=min_chars, min_words=min_words):
        errors.setdefault(field, []).append(message)
    return clean
