"""Identifier formats: NHS numbers (modulus 11), unique pupil numbers, police identifiers."""

from __future__ import annotations

import random
import re

UPN_RE = re.compile(r"^[A-Z][0-9]{11}[0-9A-Z]$")
POSTCODE_RE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")
_UPN_CHECK = "ABCDEFGHJKLMNPQRTUVWXYZ"  # DfE check letters (no I, O, S)


def nhs_check_digit(nine: str) -> int | None:
    """Modulus-11 check digit for the first nine digits; None when the number is unusable (11 → 10)."""
    total = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def nhs_valid(value: str) -> bool:
    digits = value.replace(" ", "")
    if len(digits) != 10 or not digits.isdigit():
        return False
    return nhs_check_digit(digits[:9]) == int(digits[9])


def new_nhs_number(rng: random.Random) -> str:
    """A 10-digit NHS number with a valid check digit, (synthetic, always starting with 4)."""
    while True:
        nine = f"4{rng.randrange(100_000_000):08d}"
        check = nhs_check_digit(nine)
        if check is not None:
            return nine + str(check)


def format_nhs(number: str, rng: random.Random | None = None) -> str:
    """NHS numbers are often written 3-3-4 with spaces; the format accepts both."""
    if rng is not None and rng.random() < 0.3:
        return f"{number[:3]} {number[3:6]} {number[6:]}"
    return number


def new_upn(rng: random.Random, la_code: int = 941) -> str:
    """Unique pupil number: check letter, 3-digit LA code, 4-digit establishment, 2-digit year, 2 serial."""
    body = f"{la_code:03d}{rng.randrange(2000, 7000):04d}{rng.randrange(10, 26):02d}{rng.randrange(100):02d}"
    total = sum(int(d) * (i + 2) for i, d in enumerate(body))
    return _UPN_CHECK[total % 23] + body[:11] + str(rng.randrange(10))


class Counter:
    """Sequential identifiers per agency/kind, allocated in output order (hence deterministic)."""

    def __init__(self) -> None:
        self.n: dict[str, int] = {}

    def next(self, kind: str) -> int:
        value = self.n.get(kind, 0) + 1
        self.n[kind] = value
        return value
