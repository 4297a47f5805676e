"""Turn the parsed YAML documents into a validated Vocabulary, or raise VocabularyError."""

from __future__ import annotations

from . import rules
from .model import AttributeSpec, Citation, EventType, NationalCode
from .values import ATTRIBUTE_TYPES


def open_entry(raw: object, keys, kind: str, problems: list[str]) -> tuple[str, object, list[str]] | None:
    """Start checking one YAML entry: where it is, its code and the problems found so far.

    Returns None (with the problems recorded) when its keys are wrong; otherwise its label and
    description have been checked too.
    """
    code = raw.get("code") if isinstance(raw, dict) else None
    where = str(code or f"<{kind} without a code>")
    found = rules.check_keys(where, raw, keys)
    if found:
        problems += found
        return None
    found += rules.check_text(f"{where} label", raw["label"])
    found += rules.check_text(f"{where} description", raw["description"])
    return where, code, found


def each_item(where: str, name: str, raw: object, keys, problems: list[str], *, non_empty: bool = False):
    """Yield (at, item, found) for each entry of a YAML list whose keys are right; record every problem."""
    if not isinstance(raw, list) or (non_empty and not raw):
        problems.append(f"{where}: {name} must be a {'non-empty ' if non_empty else ''}list")
        return
    for i, item in enumerate(raw):
        at = f"{where}: {name}[{i}]"
        found = rules.check_keys(at, item, keys)
        if not found:
            yield at, item, found  # the caller appends what else it finds to `found`
        problems += found


def parse_citations(where: str, raw: object, problems: list[str]) -> tuple[Citation, ...]:
    out = []
    for at, item, found in each_item(where, "learning", raw, rules.CITATION_KEYS, problems, non_empty=True):
        if item["file"] not in rules.SEED_FILES:
            found.append(f"{at}: file {item['file']!r} is not one of {rules.SEED_FILES}")
        found += rules.check_text(f"{at} section", item["section"], language=False)
        found += rules.check_text(f"{at} note", item["note"], language=False)
        found += rules.check_lines(at, item["lines"])
        if not found:
            out.append(Citation(item["file"], item["section"], str(item["lines"] or ""), item["note"]))
    return tuple(out)


def _attribute(where: str, name: object, raw: object, lists: dict, problems: list[str]):
    at = f"{where}: attribute {name!r}"
    if not isinstance(name, str) or not rules.ATTRIBUTE_NAME.match(name):
        problems.append(f"{at}: name must be snake_case")
        return None
    if rules.SCORE_LIKE.search(name):
        problems.append(f"{at}: looks like a score, rating or risk band; none are allowed")
    found = rules.check_keys(at, raw, {"type"}, rules.ATTRIBUTE_KEYS - {"type"})
    if found:
        problems += found
        return None
    kind, values, source = raw["type"], raw.get("values"), raw.get("values_from")
    if kind not in ATTRIBUTE_TYPES:
        found.append(f"{at}: type {kind!r} is not one of {ATTRIBUTE_TYPES}")
    elif kind in ("enum", "list_enum"):
        if (values is None) == (source is None):
            found.append(f"{at}: give exactly one of 'values' or 'values_from'")
        elif source is not None and source not in lists:
            found.append(f"{at}: values_from {source!r} is not a code list")
        elif values is not None and (not isinstance(values, list) or not values
                                     or not all(isinstance(v, str) for v in values)
                                     or len(set(values)) != len(values)):
            found.append(f"{at}: values must be a non-empty list of distinct strings")
    elif values is not None or source is not None:
        found.append(f"{at}: only enum and list_enum attributes take values")
    if not isinstance(raw.get("required", False), bool):
        found.append(f"{at}: required must be true or false")
    problems += found
    if found:
        return None
    allowed = tuple(lists[source]) if source else tuple(values or ())
    return AttributeSpec(name, kind, raw.get("required", False), raw.get("doc", "") or "",
                         allowed, source)


def _national_codes(where: str, raw: object, lists: dict, problems: list[str]):
    out = []
    for at, item, found in each_item(where, "national_codes", raw, rules.NATIONAL_CODE_KEYS, problems):
        scheme, code = item["scheme"], str(item["code"])
        listed = lists.get(rules.SCHEME_LISTS.get(scheme, ""), None)
        if scheme not in rules.SCHEMES:
            found.append(f"{at}: unknown scheme {scheme!r}")
        elif listed is not None and code not in listed:
            found.append(f"{at}: {code!r} is not in code list {rules.SCHEME_LISTS[scheme]}")
        else:
            out.append(NationalCode(scheme, code, str(item["meaning"])))
    return tuple(out)


def parse_event_type(raw: object, lists: dict, problems: list[str]) -> EventType | None:
    opened = open_entry(raw, rules.EVENT_KEYS, "event type", problems)
    if opened is None:
        return None
    where, code, found = opened
    if not isinstance(code, str) or not rules.EVENT_CODE.match(code):
        found.append(f"{where}: code must look like 'domain.name'")
    elif rules.PREFIX_DOMAIN.get(code.split(".")[0]) != raw["domain"]:
        found.append(f"{where}: domain {raw['domain']!r} does not match the code's prefix")
    agencies = raw["recorded_by"]
    if not isinstance(agencies, list) or not agencies or not set(agencies) <= set(rules.AGENCIES):
        found.append(f"{where}: recorded_by must be a non-empty list from {rules.AGENCIES}")
    aliases = raw["aliases"]
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        found.append(f"{where}: aliases must be a list of non-empty strings")
    attrs_raw = raw["attributes"]
    if not isinstance(attrs_raw, dict):
        found.append(f"{where}: attributes must be a mapping")
        attrs_raw = {}
    attrs = {n: _attribute(where, n, spec, lists, found) for n, spec in attrs_raw.items()}
    national = _national_codes(where, raw["national_codes"], lists, found)
    learning = parse_citations(where, raw["learning"], found)
    problems += found
    if found:
        return None
    return EventType(code, raw["label"], raw["domain"], raw["description"], tuple(agencies),
                     national, tuple(aliases), attrs, learning)
