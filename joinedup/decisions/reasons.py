"""Written reasons: a decision, a sign-off, an escalation's response or outcome must say something a reader
can follow later (R13: "Decision-making needs to be explicitly recorded", 000 L222)."""

from __future__ import annotations

import re

__all__ = ["MIN_CHARACTERS", "MIN_WORDS", "reasons_problem"]

MIN_CHARACTERS = 20
MIN_WORDS = 4
_WORD = re.compile(r"[^\W\d_]{2,}")
_PLACEHOLDER = re.compile(
    r"^\W*(n\s*/?\s*a|nfa|none|nil|no|ok(ay)?|yes|agreed?|tbc|tba|ditto|see (case )?notes?|see (the )?(file|record)s?"
    r"|as above|as discussed|as per .{0,40}|no (further )?concerns?|not applicable|x+|[-.\s]+)\W*$",
    re.IGNORECASE)


def reasons_problem(text: str | None, what: str = "the reasons") -> str | None:
    """Why `text` will not do as written reasons, in words the writer can act on; None when it will."""
    text = (text or "").strip()
    if not text:
        return f"Write {what}."
    words = _WORD.findall(text)
    if _PLACEHOLDER.match(text) or len(text) < MIN_CHARACTERS or len(words) < MIN_WORDS or len(set(words)) < 3:
        return (f"Write {what} in full sentences: what you considered, who you spoke to and why. "
                f"“{text[:40]}” would not tell someone reading the record later why this was done.")
    return None
