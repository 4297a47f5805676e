"""Name and place normalisation shared by search, import and (later) linkage."""

import re
import unicodedata

import jellyfish

__all__ = ["location_key", "normalise_address", "normalise_name", "phonetic_key"]

_NON_LETTERS = re.compile(r"[^a-z ]+")
_NON_ALPHANUMERIC = re.compile(r"[^a-z0-9 ]+")


def normalise_name(name: str) -> str:
    """Lower-case, strip accents and punctuation; hyphens and apostrophes become spaces or vanish."""
    text = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().lower()
    text = text.replace("-", " ").replace("'", "")
    return " ".join(_NON_LETTERS.sub(" ", text).split())


def phonetic_key(name: str) -> str:
    """A phonetic key (Metaphone) of the first part of a name, so 'Kaytlin' finds 'Caitlin'."""
    parts = normalise_name(name).split()
    return jellyfish.metaphone(parts[0])[:20] if parts else ""


def normalise_address(address: str) -> str:
    """Lower-case, accents and punctuation stripped, house and flat numbers kept ("Flat 2, 14 Quay St." ->
    "flat 2 14 quay st"): 2 and 142 Colliery Row are different places."""
    text = unicodedata.normalize("NFKD", address or "").encode("ascii", "ignore").decode().lower().replace("'", "")
    return " ".join(_NON_ALPHANUMERIC.sub(" ", text).split())


def location_key(*, kind: str, name: str = "", address: str = "", postcode: str = "", agency: str = "",
                 location_id: str = "") -> str:
    """The identity of a place: its address and postcode where known, so agencies share one record of it."""
    address_part = normalise_address(address)
    postcode_part = (postcode or "").replace(" ", "").upper()
    if address_part or (postcode_part and not name):
        return f"addr|{address_part}|{postcode_part}"
    if name:
        return f"{kind}|{normalise_name(name)}|{postcode_part}"
    return f"ref|{agency}|{location_id}"
