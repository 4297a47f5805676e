"""validate_attributes, alias resolution and the loader's own checks."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.vocabulary import VocabularyError, load_vocabulary
from engine.vocabulary.build import build_vocabulary

VOC = load_vocabulary()
MISSING = VOC.event_types["csc.missing_episode"]
SUSPENSION = VOC.event_types["school.suspension"]


def test_valid_attributes_give_no_problems():
    assert MISSING.validate_attributes({"missing_type": "M", "ended_at": "2024-03-01T22:15:00"}) == []
    assert MISSING.validate_attributes({"missing_type": "A", "ended_at": datetime(2024, 3, 1)}) == []
    assert SUSPENSION.validate_attributes({"sessions": 4, "reasons": ["PP", "DB"]}) == []
    assert VOC.event_types["csc.assessment"].validate_attributes(
        {"factors": ["1B", "10A", "11A", "24A", "21"], "completed_on": "2024-02-29"}) == []
    assert VOC.event_types["health.birth"].validate_attributes(
        {"gestation_weeks": 33, "birth_weight_g": 1900, "neonatal_abstinence": True}) == []


def test_absent_optional_attributes_and_none_values_are_fine():
    assert SUSPENSION.validate_attributes({}) == []
    assert SUSPENSION.validate_attributes(None) == []
    assert SUSPENSION.validate_attributes({"sessions": None}) == []


def test_validate_attributes_rejects_unknown_keys():
    problems = VOC.event_types["police.domestic_abuse_incident"].validate_attributes(
        {"children_present": True, "risk_level": "high"})
    assert problems == [("risk_level", "unknown attribute for police.domestic_abuse_incident")]


def test_validate_attributes_rejects_bad_enum_values():
    assert [f for f, _ in MISSING.validate_attributes({"missing_type": "X"})] == ["missing_type"]
    assert [f for f, _ in SUSPENSION.validate_attributes({"reasons": ["PP", "ZZ"]})] == ["reasons"]
    assert [f for f, _ in SUSPENSION.validate_attributes({"reasons": "PP"})] == ["reasons"]
    closure = VOC.event_types["csc.closure"]
    assert [f for f, _ in closure.validate_attributes({"reason": "RC10"})] == ["reason"]


def test_validate_attributes_rejects_missing_required_ones():
    assert MISSING.validate_attributes({"ended_at": "2024-03-01T10:00"}) == [("missing_type", "required")]


@pytest.mark.parametrize(("code", "attrs", "field"), [
    ("school.suspension", {"sessions": "4"}, "sessions"),
    ("school.suspension", {"sessions": True}, "sessions"),
    ("health.birth", {"neonatal_abstinence": "yes"}, "neonatal_abstinence"),
    ("health.injury", {"body_site": 3}, "body_site"),
    ("csc.missing_episode", {"missing_type": "M", "ended_at": "last Tuesday"}, "ended_at"),
    ("csc.assessment", {"completed_on": "29/02/2024"}, "completed_on"),
    ("csc.assessment", {"completed_on": datetime(2024, 2, 29, 9, 0)}, "completed_on"),
])
def test_validate_attributes_rejects_wrong_types(code, attrs, field):
    assert [f for f, _ in VOC.event_types[code].validate_attributes(attrs)] == [field]


def test_dates_may_be_iso_strings_or_date_objects():
    assessment = VOC.event_types["csc.assessment"]
    assert assessment.validate_attributes({"completed_on": "2024-02-29"}) == []
    assert assessment.validate_attributes({"completed_on": date(2024, 2, 29)}) == []


def test_non_mapping_attributes_are_rejected():
    assert SUSPENSION.validate_attributes(["sessions", 3]) != []


known_names = {n for et in VOC.event_types.values() for n in et.attributes}
unknown_keys = st.text(min_size=1, max_size=20).filter(lambda k: k not in known_names)


@given(st.dictionaries(unknown_keys, st.integers() | st.text() | st.booleans(), min_size=1),
       st.sampled_from(sorted(VOC.event_types)))
def test_any_dict_of_unknown_keys_is_rejected_key_by_key(attrs, code):
    et = VOC.event_types[code]
    problems = et.validate_attributes(attrs)
    flagged = {f for f, reason in problems if reason.startswith("unknown attribute")}
    assert flagged == set(attrs)


@given(st.sampled_from(sorted(VOC.event_types)), st.data())
def test_any_allowed_enum_value_is_accepted(code, data):
    et = VOC.event_types[code]
    enums = [s for s in et.attributes.values() if s.type == "enum"]
    attrs = {s.name: data.draw(st.sampled_from(s.values)) for s in enums}
    attrs.update({s.name: "x" for s in et.attributes.values() if s.type == "str"})
    assert et.validate_attributes(attrs) == []


def test_event_types_resolve_by_code_or_alias_in_any_case():
    assert VOC.resolve_event_type("csc.section47").code == "csc.section47"
    assert VOC.resolve_event_type("s47").code == "csc.section47"
    assert VOC.resolve_event_type(" Perm ").code == "school.permanent_exclusion"
    assert VOC.resolve_event_type("fixd").code == "school.suspension"
    assert VOC.resolve_event_type("wnb").code == "appointment.was_not_brought"
    assert VOC.resolve_event_type("no.such_type") is None
    assert VOC.resolve_event_type(None) is None
    assert VOC.resolve_association_type("Parent_Of").code == "parent_of"


def test_aliases_are_unique_across_types_and_never_shadow_a_code():
    seen = {code.casefold(): code for code in VOC.event_types}
    for et in VOC.event_types.values():
        for alias in et.aliases:
            key = alias.casefold()
            assert key not in seen or seen[key] == et.code, f"{alias!r}: {et.code} vs {seen[key]}"
            seen[key] = et.code


def _problems(events, associations):
    with pytest.raises(VocabularyError) as info:
        build_vocabulary(events, associations)
    return "\n".join(info.value.problems)


def test_loading_refuses_a_duplicate_alias(raw_docs):
    events, associations = raw_docs
    events["event_types"][0]["aliases"] = ["perm"]
    problems = _problems(events, associations)
    assert "school.permanent_exclusion: alias 'PERM' is already used by csc.contact" in problems


@pytest.mark.parametrize(("mutate", "expected"), [
    (lambda t: t["attributes"].update(x={"type": "colour"}), "type 'colour'"),
    (lambda t: t["attributes"].update(x={"type": "enum", "values_from": "Nope"}), "not a code list"),
    (lambda t: t["attributes"].update(x={"type": "enum"}), "exactly one of"),
    (lambda t: t["attributes"].update(x={"type": "str", "colour": 1}), "unknown key 'colour'"),
    (lambda t: t.update(learning=[]), "non-empty list"),
    (lambda t: t.update(learning=[{"file": "009", "section": "s", "lines": "1", "note": "n"}]),
     "file '009'"),
    (lambda t: t.update(learning=[{"file": "000", "section": "s", "lines": "9-1", "note": "n"}]),
     "is empty"),
    (lambda t: t.update(domain="health"), "does not match"),
    (lambda t: t.update(recorded_by=["courts"]), "recorded_by"),
    (lambda t: t.pop("description"), "missing key 'description'"),
    (lambda t: t.update(national_codes=[{"scheme": "school_attendance", "code": "Q9",
                                         "meaning": "m"}]), "not in code list AttendanceCode"),
])
def test_loading_names_the_code_and_the_problem(raw_docs, mutate, expected):
    events, associations = raw_docs
    mutate(events["event_types"][0])
    problems = _problems(events, associations)
    assert "csc.contact" in problems and expected in problems, problems


def test_loading_refuses_an_association_with_an_unknown_target(raw_docs):
    events, associations = raw_docs
    associations["association_types"][0]["target"] = "vehicle"
    assert "parent_of: target must be one of" in _problems(events, associations)


def test_malformed_citation_and_national_code_lists_are_each_reported():
    from engine.vocabulary.parse import _national_codes, parse_citations

    problems: list[str] = []
    assert parse_citations("x.y", [], problems) == ()
    assert parse_citations("x.y", [{"file": "009", "section": "§1", "lines": "1", "note": "n"}], problems) == ()
    assert _national_codes("x.y", "not a list", {}, problems) == ()
    assert problems == ["x.y: learning must be a non-empty list",
                        "x.y: learning[0]: file '009' is not one of ('000', '001', '002', '003', '004')",
                        "x.y: national_codes must be a list"]
