"""Parsers for each field type. Each takes the raw value and returns the clean value or raises ValueError."""

import json
import re
from collections.abc import Callable
from datetime import date, datetime

__all__ = ["PARSERS", "nhs_number_is_valid", "normalise_postcode", "parse_date", "parse_datetime"]

_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")
_UPN = re.compile(r"^[A-Z][0-9]{11}[0-9A-Z]$")
_TRUE = {"y", "yes", "true", "1"}
_FALSE = {"n", "no", "false", "0"}
MAX_TEXT = 20_000


def parse_str(value) -> str:
    if value.__class__ is str and len(value) <= MAX_TEXT:
        return value.strip()
    if not isinstance(value, str):
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        else:
            raise ValueError(f"expected text, got {type(value).__name__}")
    value = value.strip()
    if len(value) > MAX_TEXT:
        raise ValueError(f"longer than {MAX_TEXT} characters")
    return value


def parse_date(value) -> date:
    text = parse_str(value)
    try:
        if "/" in text:
            day, month, year = text.split("/")
            parsed = date(int(year), int(month), int(day))
        else:
            parsed = date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date (use YYYY-MM-DD)") from None
    if not 1880 <= parsed.year <= 2100:
        raise ValueError(f"{text!r} is outside the years 1880-2100")
    return parsed


def parse_datetime(value) -> tuple[datetime, bool]:
    """Return (datetime, time_known); a bare date gives midnight and time_known False."""
    text = parse_str(value)
    if len(text) == 10 or "/" in text:
        day = parse_date(text)
        return datetime(day.year, day.month, day.day), False
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not an ISO 8601 date-time (use YYYY-MM-DDTHH:MM)") from None
    if not 1880 <= parsed.year <= 2100:
        raise ValueError(f"{text!r} is outside the years 1880-2100")
    return parsed, True


def normalise_postcode(value) -> str:
    text = re.sub(r"\s+", "", parse_str(value).upper())
    match = _POSTCODE.match(text)
    if not match:
        raise ValueError(f"{value!r} is not a UK postcode")
    return f"{match.group(1)} {match.group(2)}"


def nhs_number_is_valid(digits: str) -> bool:
    """Check the modulus-11 check digit of a 10-digit NHS number."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def parse_nhs_number(value) -> str:
    digits = re.sub(r"[\s-]", "", parse_str(value))
    if not nhs_number_is_valid(digits):
        raise ValueError(f"{value!r} is not a valid NHS number (10 digits with a modulus-11 check digit)")
    return digits


def parse_upn(value) -> str:
    text = parse_str(value).upper()
    if not _UPN.match(text):
        raise ValueError(f"{value!r} is not a UPN (a letter, 11 digits, then a digit or letter)")
    return text


def parse_list(value) -> list[str]:
    if isinstance(value, list):
        return [parse_str(item) for item in value if parse_str(item)]
    return [item.strip() for item in parse_str(value).split(";") if item.strip()]


def parse_json(value) -> dict:
    if isinstance(value, str):
        try:
            value = json.loads(value) if value.strip() else {}
        except json.JSONDecodeError as exc:
            raise ValueError(f"not valid JSON ({exc.msg} at character {exc.pos})") from None
    if not isinstance(value, dict):
        raise ValueError("expected a JSON object")
    return value


def parse_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    text = parse_str(value).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"{value!r} is not yes/no (use Y or N)")


PARSERS: dict[str, Callable] = {
    "str": parse_str,
    "date": parse_date,
    "datetime": parse_datetime,
    "postcode": normalise_postcode,
    "nhs_number": parse_nhs_number,
    "upn": parse_upn,
    "list": parse_list,
    "json": parse_json,
    "bool": parse_bool,
}
