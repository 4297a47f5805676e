"""Assemble the whole vocabulary from the two YAML documents."""

from __future__ import annotations

from dataclasses import replace

from . import rules
from .model import AssociationType, Vocabulary, VocabularyError
from .parse import open_entry, parse_citations, parse_event_type


def _code_lists(raw: object, problems: list[str]) -> dict[str, dict[str, str]]:
    if not isinstance(raw, dict):
        problems.append("code_lists: expected a mapping of list name to codes")
        return {}
    lists = {}
    for name, codes in raw.items():
        if not isinstance(codes, dict) or not codes:
            problems.append(f"code list {name}: expected a non-empty mapping of code to meaning")
            continue
        bad = [c for c, m in codes.items() if not isinstance(c, str) or not isinstance(m, str)]
        if bad:
            problems.append(f"code list {name}: codes and meanings must be quoted text: {bad!r}")
        lists[str(name)] = {str(c): str(m) for c, m in codes.items()}
    return lists


def _association_type(raw: object, problems: list[str]) -> AssociationType | None:
    opened = open_entry(raw, rules.ASSOCIATION_KEYS, "association type", problems)
    if opened is None:
        return None
    where, code, found = opened
    if not isinstance(code, str) or not rules.ASSOCIATION_CODE.match(code):
        found.append(f"{where}: code must be snake_case")
    if raw["target"] not in rules.TARGETS:
        found.append(f"{where}: target must be one of {rules.TARGETS}")
    if not isinstance(raw["symmetric"], bool):
        found.append(f"{where}: symmetric must be true or false")
    learning = parse_citations(where, raw["learning"], found)
    problems += found
    if found:
        return None
    return AssociationType(code, raw["label"], raw["target"], raw["symmetric"],
                           raw["description"], learning)


def _index(events: dict, problems: list[str]) -> dict[str, str]:
    """casefolded code or alias -> code; aliases must be unique and must not shadow a code."""
    index = {code.casefold(): code for code in events}
    for code, et in events.items():
        for alias in et.aliases:
            key = alias.strip().casefold()
            if key in index and index[key] != code:
                problems.append(f"{code}: alias {alias!r} is already used by {index[key]}")
            index.setdefault(key, code)
    return index


def _items(doc: object, key: str, allowed: set[str], problems: list[str]) -> list:
    if not isinstance(doc, dict):
        problems.append(f"top level: expected a mapping with {key!r}")
        return []
    extra = {k for k in doc if not str(k).startswith("x-")} - {"version", key} - allowed
    problems += [f"top level: unknown key {k!r}" for k in sorted(map(str, extra))]
    items = doc.get(key)
    if not isinstance(items, list) or not items:
        problems.append(f"top level: {key} must be a non-empty list")
        return []
    return items


def _derived_types(doc: object, lists: dict, problems: list[str]) -> dict:
    """The derived types (derived.yaml): each entry gets the common attributes, domain `text` and every agency."""
    if doc is None:
        return {}
    if not isinstance(doc, dict) or not isinstance(doc.get("derived_types"), list):
        problems.append("derived.yaml: expected a mapping with a derived_types list")
        return {}
    common = doc.get("common_attributes") or {}
    out: dict = {}
    for raw in doc["derived_types"]:
        where = str(raw.get("code") if isinstance(raw, dict) else raw)
        found = rules.check_keys(where, raw, rules.DERIVED_KEYS)
        if not found and str(raw["code"]).split(".")[0] not in rules.DERIVED_PREFIXES:
            found.append(f"{where}: a derived type's code starts with one of {rules.DERIVED_PREFIXES}")
        if found:
            problems += found
            continue
        entry = {**raw, "domain": "text", "recorded_by": list(rules.AGENCIES), "national_codes": [], "aliases": [],
                 "attributes": {**common, **(raw["attributes"] or {})}}
        et = parse_event_type(entry, lists, problems)
        if et is None:
            continue
        if et.code in out:
            problems.append(f"{et.code}: defined more than once")
        out[et.code] = replace(et, derived=True)
    return out


def build_vocabulary(events_doc: dict, associations_doc: dict, derived_doc: dict | None = None) -> Vocabulary:
    """Validate the documents and build the Vocabulary; raise VocabularyError on any problem."""
    problems: list[str] = []
    lists = _code_lists((events_doc if isinstance(events_doc, dict) else {}).get("code_lists"),
                       problems)
    events: dict = {}
    for raw in _items(events_doc, "event_types", {"code_lists"}, problems):
        et = parse_event_type(raw, lists, problems)
        if et and et.code.split(".")[0] in rules.DERIVED_PREFIXES:
            problems.append(f"{et.code}: the {et.code.split('.')[0]}. family is derived (derived.yaml), not importable")
        elif et and et.code in events:
            problems.append(f"{et.code}: defined more than once")
        elif et:
            events[et.code] = et
    associations: dict = {}
    for raw in _items(associations_doc, "association_types", set(), problems):
        at = _association_type(raw, problems)
        if at and at.code in associations:
            problems.append(f"{at.code}: defined more than once")
        elif at:
            associations[at.code] = at
    index = _index(events, problems)
    derived = _derived_types(derived_doc, lists, problems)
    problems += [f"{code}: also an importable event type" for code in derived if code in events]
    if problems:
        raise VocabularyError(problems)
    return Vocabulary(events, associations, lists, index, derived)
