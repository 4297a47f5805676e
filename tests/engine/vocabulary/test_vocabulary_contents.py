"""The codes and attribute names other work depends on are all present."""

from __future__ import annotations

import pytest

from engine.vocabulary import AssociationType, EventType, Vocabulary, load_vocabulary

REQUIRED_EVENT_TYPES = {
    "csc.contact": set(),
    "csc.referral": {"referral_source", "primary_need"},
    "csc.assessment": {"factors"},
    "csc.strategy_discussion": set(),
    "csc.section47": set(),
    "csc.cp_plan_start": {"category"},
    "csc.cp_plan_end": set(),
    "csc.cla_episode_start": {"legal_status", "placement"},
    "csc.cla_episode_end": {"reason"},
    "csc.closure": {"reason"},
    "csc.missing_episode": {"missing_type", "ended_at"},
    "csc.no_further_action": {"reason"},
    "school.attendance_concern": {"code", "sessions"},
    "school.suspension": {"sessions", "reasons"},
    "school.permanent_exclusion": {"reasons"},
    "school.part_time_timetable_start": set(),
    "school.part_time_timetable_end": set(),
    "school.elective_home_education": set(),
    "school.child_missing_education": set(),
    "school.safeguarding_concern": set(),
    "health.ae_attendance": {"presenting_complaint"},
    "health.sexual_health_attendance": set(),
    "health.camhs_referral": set(),
    "health.camhs_attendance": set(),
    "health.self_harm_presentation": set(),
    "health.overdose_presentation": set(),
    "health.suicidal_ideation": set(),
    "health.maternity_booking": set(),
    "health.pregnancy": set(),
    "health.birth": {"gestation_weeks", "birth_weight_g", "neonatal_abstinence"},
    "health.substance_misuse_treatment": set(),
    "health.injury": {"body_site"},
    "police.domestic_abuse_incident": {"children_present"},
    "police.missing_report": {"returned_at"},
    "police.arrest": {"offence"},
    "police.crime_suspect": {"offence"},
    "police.crime_victim": {"offence"},
    "police.crime_witness": {"offence"},
    "police.sexual_offence_report": set(),
    "police.intelligence_place": set(),
    "police.intelligence_person": set(),
    "police.found_with_adult": set(),
    "police.dvpo": set(),
    "appointment.attended": {"service"},
    "appointment.was_not_brought": {"service"},
    "appointment.not_attended": {"service"},
    "appointment.cancelled": {"service", "cancelled_by"},
    "appointment.rescheduled": {"service"},
    "child.disclosure": {"harm", "setting"},
    "child.retraction": set(),
    "youth.session_attended": set(),
    "youth.detached_contact": set(),
    "youth.concern": set(),
    "household.new_partner": set(),
    "household.move": set(),
    "household.separation": {"threats", "contact_restricted"},
    "safeguarding.concern": {"concern"},
}
REQUIRED_ASSOCIATIONS = {
    "parent_of": "person", "sibling_of": "person", "partner_of": "person",
    "reported_boyfriend": "person", "seen_with": "person", "associates_with": "person",
    "visits": "location", "lives_at": "location", "frequents": "location", "member_of": "group",
}
ATTRIBUTE_TYPES = {
    ("csc.missing_episode", "ended_at"): "datetime",
    ("police.missing_report", "returned_at"): "datetime",
    ("csc.assessment", "factors"): "list_enum",
    ("school.suspension", "reasons"): "list_enum",
    ("school.permanent_exclusion", "reasons"): "list_enum",
    ("school.suspension", "sessions"): "int",
    ("school.attendance_concern", "sessions"): "int",
    ("health.birth", "gestation_weeks"): "int",
    ("health.birth", "birth_weight_g"): "int",
    ("health.birth", "neonatal_abstinence"): "bool",
    ("police.domestic_abuse_incident", "children_present"): "bool",
    ("household.separation", "threats"): "bool",
    ("household.separation", "contact_restricted"): "bool",
    ("csc.cla_episode_start", "placement"): "str",
    ("health.injury", "body_site"): "str",
}


def test_the_vocabulary_loads_once_and_is_cached():
    first = load_vocabulary()
    assert isinstance(first, Vocabulary)
    assert load_vocabulary() is first
    assert all(isinstance(et, EventType) for et in first.event_types.values())
    assert all(isinstance(at, AssociationType) for at in first.association_types.values())


@pytest.mark.parametrize("code", sorted(REQUIRED_EVENT_TYPES))
def test_every_required_event_type_exists_with_its_attributes(voc, code):
    assert code in voc.event_types, f"missing event type {code}"
    et = voc.event_types[code]
    assert et.code == code
    assert REQUIRED_EVENT_TYPES[code] <= set(et.attributes), (
        f"{code} lacks {REQUIRED_EVENT_TYPES[code] - set(et.attributes)}")


@pytest.mark.parametrize(("code", "name"), sorted(ATTRIBUTE_TYPES))
def test_required_attributes_have_the_agreed_types(voc, code, name):
    assert voc.event_types[code].attributes[name].type == ATTRIBUTE_TYPES[(code, name)]


def test_enumerated_attributes_take_the_national_codes(voc):
    attrs = {code: et.attributes for code, et in voc.event_types.items()}
    assert {"1A", "5D", "6", "10"} <= set(attrs["csc.referral"]["referral_source"].values)
    assert {f"N{i}" for i in range(10)} == set(attrs["csc.referral"]["primary_need"].values)
    assert {"1B", "10A", "11A", "13A", "21", "24A"} <= set(attrs["csc.assessment"]["factors"].values)
    assert set(attrs["csc.cp_plan_start"]["category"].values) == {"NEG", "PHY", "SAB", "EMO", "MUL"}
    assert {f"RC{i}" for i in range(1, 10)} == set(attrs["csc.closure"]["reason"].values)
    assert set(attrs["csc.missing_episode"]["missing_type"].values) == {"M", "A"}
    assert attrs["csc.missing_episode"]["missing_type"].required
    assert {"C1", "C2", "V2", "L2"} <= set(attrs["csc.cla_episode_start"]["legal_status"].values)
    assert {"C2", "E", "N", "O", "K"} <= set(attrs["school.attendance_concern"]["code"].values)
    assert {"PP", "DB", "OW"} <= set(attrs["school.suspension"]["reasons"].values)
    assert set(attrs["appointment.cancelled"]["cancelled_by"].values) == {
        "family", "service", "young_person"}
    assert {"intra_familial", "extra_familial", "online", "unknown"} == set(
        attrs["child.disclosure"]["setting"].values)
    assert {"exploitation_sexual", "exploitation_criminal", "going_missing"} <= set(
        attrs["safeguarding.concern"]["concern"].values)


def test_domestic_abuse_incidents_carry_no_risk_level(voc):
    assert "risk_level" not in voc.event_types["police.domestic_abuse_incident"].attributes


@pytest.mark.parametrize(("code", "target"), sorted(REQUIRED_ASSOCIATIONS.items()))
def test_every_required_association_type_exists_with_its_target(voc, code, target):
    assert voc.association_types[code].target == target


def test_a_reported_boyfriend_label_says_it_is_how_the_link_was_described(voc):
    label = voc.association_types["reported_boyfriend"].label.lower()
    assert "described" in label and "not a fact" in label


def test_code_lists_hold_the_national_lists_with_meanings(voc):
    lists = voc.code_lists
    for name in ("ReferralSource", "PrimaryNeedCode", "ReasonForClosure", "AssessmentFactors",
                 "CategoryOfAbuse", "MISSING", "LS", "AttendanceCode", "ExclusionReason"):
        assert lists[name], name
        assert all(isinstance(k, str) and meaning.strip() for k, meaning in lists[name].items())
    assert lists["AttendanceCode"]["C2"].lower().startswith("leave of absence")
    assert lists["MISSING"] == {"M": "Missing", "A": "Away from placement without authorisation"}
    assert len(lists["AssessmentFactors"]) == 42


def test_every_event_type_has_all_documented_fields(voc):
    domains = {"social_care", "education", "health", "police", "youth", "appointment",
               "child_voice", "household", "any"}
    for et in voc.event_types.values():
        assert et.label and et.description and et.recorded_by and et.learning, et.code
        assert et.domain in domains
        assert all(n.scheme and n.code and n.meaning for n in et.national_codes)
