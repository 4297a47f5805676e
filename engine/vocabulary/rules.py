"""Constants and small checks the loader applies to the vocabulary files."""

from __future__ import annotations

import re

DOMAINS = ("social_care", "education", "health", "police", "youth", "appointment",
           "child_voice", "household", "any", "text")
PREFIX_DOMAIN = {"csc": "social_care", "school": "education", "health": "health",
                 "police": "police", "youth": "youth", "appointment": "appointment",
                 "child": "child_voice", "household": "household", "safeguarding": "any", "text": "text"}
DERIVED_PREFIXES = ("text",)  # derived types (derived.yaml): read from records, never imported
DERIVED_KEYS = {"code", "label", "description", "attributes", "learning"}
AGENCIES = ("police", "health", "school", "social_care", "youth", "mash")
TARGETS = ("person", "location", "group")
SEED_FILES = ("000", "001", "002", "003", "004")

# Schemes a national code may belong to; where the scheme has a code list, the code must be in it.
SCHEME_LISTS = {"school_attendance": "AttendanceCode", "exclusion_type": "ExclusionCategory",
                "cin_factor": "AssessmentFactors", "fhir_encounter_class": "fhir_encounter_class"}
SCHEMES = (*SCHEME_LISTS, "cin_census", "ssda903")

EVENT_KEYS = {"code", "label", "domain", "description", "recorded_by", "national_codes",
              "aliases", "attributes", "learning"}
ASSOCIATION_KEYS = {"code", "label", "target", "symmetric", "description", "learning"}
ATTRIBUTE_KEYS = {"type", "values", "values_from", "required", "doc"}
CITATION_KEYS = {"file", "section", "lines", "note"}
NATIONAL_CODE_KEYS = {"scheme", "code", "meaning"}

EVENT_CODE = re.compile(r"^[a-z]+\.[a-z0-9_]+$")
ASSOCIATION_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
ATTRIBUTE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
LINES = re.compile(r"^(\d+)(?:-(\d+))?$")

# No scores, ratings or bands anywhere (004 §4.2 L2036-2045): attribute names like these are refused.
SCORE_LIKE = re.compile(r"score|rating|risk|band|level|(^|_)(rag|grade|tier)($|_)")

# Terms safeguarding language guidance rules out of labels and descriptions (practice-guidance §1.2,
# seeds-requirements §3): they blame the child or hide a child's dependence on adults.
BANNED_TERMS = ("did not attend", "promiscuous", "putting herself at risk", "putting himself at risk",
                "putting themselves at risk", "prostitut", "child sex worker", "consensual")


def banned_terms_in(text: str) -> list[str]:
    """The banned terms that occur in `text` (case-insensitive)."""
    low = text.casefold()
    return [term for term in BANNED_TERMS if term in low]


def check_keys(where: str, item: object, required: set[str], optional: set[str] = frozenset()
               ) -> list[str]:
    """Problems with the keys of mapping `item`: not a mapping, missing or unknown keys."""
    if not isinstance(item, dict):
        return [f"{where}: expected a mapping, got {type(item).__name__}"]
    problems = [f"{where}: missing key {k!r}" for k in sorted(required - item.keys())]
    unknown = item.keys() - required - optional
    problems += [f"{where}: unknown key {k!r}" for k in sorted(map(str, unknown))]
    return problems


def check_text(where: str, value: object, *, language: bool = True) -> list[str]:
    """Problems with a required, non-empty piece of text (and its wording, if `language`)."""
    if not isinstance(value, str) or not value.strip():
        return [f"{where}: expected non-empty text"]
    if language:
        return [f"{where}: uses the term {t!r}" for t in banned_terms_in(value)]
    return []


def check_lines(where: str, lines: object) -> list[str]:
    """Problems with a cited line range: "" (none), "404" or "1076-1121"."""
    if lines in ("", None):
        return []
    match = LINES.match(str(lines))
    if not match:
        return [f"{where}: lines {lines!r} must look like '404' or '1076-1121'"]
    first, last = int(match[1]), int(match[2] or match[1])
    return [] if 0 < first <= last else [f"{where}: line range {lines!r} is empty"]
