"""One home, however agencies write it: address and postcode normalisation (rules in data/addresses.yaml)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

__all__ = ["Home", "address_rules", "home_of", "normalise_postcode"]

_RULES = Path(__file__).parent / "data" / "addresses.yaml"
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
_NON_WORD = re.compile(r"[^a-z0-9 ]+")


@cache
def address_rules() -> dict:
    return yaml.safe_load(_RULES.read_text())


@cache
def _sentinels() -> frozenset[str]:
    return frozenset(re.sub(r"\s+", "", s.upper()) for s in address_rules()["sentinel_postcodes"])


@cache
def _no_fixed_abode() -> frozenset[str]:
    return frozenset(" ".join(_words(v)) for v in address_rules()["no_fixed_abode"])


@cache
def normalise_postcode(postcode: str) -> str:
    """'ns71jq' -> 'NS7 1JQ'; '' for a blank, malformed or sentinel postcode."""
    compact = re.sub(r"\s+", "", (postcode or "").upper())
    match = _POSTCODE.match(compact)
    if not match or compact in _sentinels():
        return ""
    return f"{match.group(1)} {match.group(2)}"


def _words(text: str) -> list[str]:
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    ascii_text = ascii_text.replace("'", "").replace("/", " ")
    return _NON_WORD.sub(" ", ascii_text).split()


def _premises(part: str) -> str:
    rules = address_rules()
    words = _words(part)
    out = []
    for i, word in enumerate(words):
        follows_number = i > 0 and words[i - 1].isdigit()
        if word in rules["saint"] and (i == 0 or follows_number) and i + 1 < len(words):
            out.append("saint")
            continue
        full = rules["abbreviations"].get(word, word)
        if full:
            out.append(full)
    return " ".join(out)


@dataclass(frozen=True, slots=True)
class Home:
    """A normalised home address: the premises (flat, number, street), the town and the postcode."""

    premises: str
    town: str
    postcode: str

    @property
    def key(self) -> str:
        """The identity of the home: premises and postcode, or premises and town when no postcode is held."""
        return f"{self.postcode}|{self.premises}" if self.postcode else f"~{self.town}|{self.premises}"


@cache
def home_of(address: str, postcode: str = "") -> Home | None:
    """The home an address and postcode name, or None if they name no home (blank, "NFA", no premises)."""
    text = (address or "").strip()
    if not text:
        return None
    if " ".join(_words(text)) in _no_fixed_abode():
        return None
    code = normalise_postcode(postcode)
    parts = [p for p in (part.strip() for part in text.split(",")) if p]
    # A trailing postcode written into the address itself.
    if parts and not code and normalise_postcode(parts[-1]):
        code = normalise_postcode(parts.pop())
    elif parts and code and normalise_postcode(parts[-1]) == code:
        parts.pop()
    town = ""
    if len(parts) >= 2 and not any(ch.isdigit() for ch in parts[-1]):
        town = " ".join(_words(parts.pop()))
    premises = _premises(" ".join(parts))
    if not premises:
        return None
    return Home(premises=premises, town=town, postcode=code)

