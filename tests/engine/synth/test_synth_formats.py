"""Every output row validates against engine/ingest/formats.yaml, checked by an independent checker."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path

import pytest
import yaml

FORMATS = Path(__file__).resolve().parents[3] / "engine" / "ingest" / "formats.yaml"
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")
UPN = re.compile(r"^[A-Z][0-9]{11}[0-9A-Z]$")
FACTORS = {"1A", "1B", "1C", "2A", "2B", "2C", "3A", "3B", "3C", "4A", "4B", "4C", "5A", "5B", "5C", "6A",
           "6B", "6C", "7A", "8B", "8C", "8D", "8E", "8F", "9A", "10A", "11A", "12A", "13A", "14A", "15A",
           "16A", "17A", "18B", "18C", "19B", "19C", "20", "21", "22A", "23A", "24A"}
EXCL = {"BU", "DA", "DB", "DM", "OW", "PA", "PP", "VP", "VA", "SM", "TH"}
SERVICE = {"service": str}
# Event type -> attribute -> check (a type, a set of allowed values, or a callable).
EVENTS = {
    "csc.contact": {"outcome": {"referral", "advice_and_information"}}, "csc.strategy_discussion": {}, "csc.section47": {}, "csc.cp_plan_end": {},
    "csc.referral": {"referral_source": {"1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F",
                                         "4", "5A", "5B", "5C", "5D", "6", "7", "8", "9", "10"},
                     "primary_need": {f"N{i}" for i in range(10)}},
    "csc.assessment": {"factors": lambda v: isinstance(v, list) and v and set(v) <= FACTORS},
    "csc.cp_plan_start": {"category": {"NEG", "PHY", "SAB", "EMO", "MUL"}},
    "csc.cla_episode_start": {"legal_status": str, "placement": str}, "csc.cla_episode_end": {"reason": str},
    "csc.closure": {"reason": {f"RC{i}" for i in range(1, 10)}},
    "csc.missing_episode": {"missing_type": {"M", "A"}, "ended_at": lambda v: bool(datetime.fromisoformat(v))},
    "csc.no_further_action": {"reason": str},
    "school.attendance_concern": {"code": {"N", "O", "G", "U", "E", "C2", "I", "M"}, "sessions": int},
    "school.suspension": {"sessions": int, "reasons": lambda v: isinstance(v, list) and set(v) <= EXCL},
    "school.permanent_exclusion": {"reasons": lambda v: isinstance(v, list) and set(v) <= EXCL},
    "school.part_time_timetable_start": {}, "school.part_time_timetable_end": {},
    "school.elective_home_education": {}, "school.child_missing_education": {}, "school.safeguarding_concern": {},
    "health.ae_attendance": {"presenting_complaint": str}, "health.sexual_health_attendance": {},
    "health.camhs_referral": {}, "health.camhs_attendance": {}, "health.self_harm_presentation": {},
    "health.overdose_presentation": {}, "health.suicidal_ideation": {}, "health.maternity_booking": {},
    "health.pregnancy": {}, "health.substance_misuse_treatment": {}, "health.injury": {"body_site": str},
    "health.birth": {"gestation_weeks": int, "birth_weight_g": int, "neonatal_abstinence": bool},
    "police.domestic_abuse_incident": {"children_present": bool},
    "police.missing_report": {"returned_at": lambda v: bool(datetime.fromisoformat(v))},
    "police.arrest": {"offence": str}, "police.crime_suspect": {"offence": str},
    "police.crime_victim": {"offence": str}, "police.crime_witness": {"offence": str},
    "police.sexual_offence_report": {}, "police.intelligence_place": {}, "police.intelligence_person": {},
    "police.found_with_adult": {}, "police.dvpo": {},
    "appointment.attended": SERVICE, "appointment.was_not_brought": SERVICE, "appointment.not_attended": SERVICE,
    "appointment.rescheduled": SERVICE,
    "appointment.cancelled": {"service": str, "cancelled_by": {"family", "service", "young_person"}},
    "child.disclosure": {"harm": {"physical", "sexual", "emotional", "neglect", "exploitation", "other"},
                         "setting": {"intra_familial", "extra_familial", "online", "unknown"}},
    "child.retraction": {}, "youth.session_attended": {}, "youth.detached_contact": {}, "youth.concern": {},
    "household.new_partner": {}, "household.move": {},
    "household.separation": {"threats": bool, "contact_restricted": bool},
    "safeguarding.concern": {"concern": {"exploitation_sexual", "exploitation_criminal", "neglect",
                                         "domestic_abuse", "mental_health", "online", "going_missing",
                                         "substance_misuse", "other"}},
}
ASSOCIATIONS = {"parent_of", "sibling_of", "partner_of", "reported_boyfriend", "seen_with", "associates_with",
                "visits", "lives_at", "frequents", "member_of"}


def nhs_ok(value: str) -> bool:
    d = value.replace(" ", "")
    if len(d) != 10 or not d.isdigit():
        return False
    check = 11 - sum(int(c) * (10 - i) for i, c in enumerate(d[:9])) % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(d[9])


def check_attrs(etype: str, attrs: dict) -> None:
    spec = EVENTS[etype]
    assert set(attrs) <= set(spec), (etype, attrs)
    for name, rule in spec.items():
        if name not in attrs:
            continue
        value = attrs[name]
        if rule is bool:
            assert isinstance(value, bool), (etype, name, value)
        elif rule is int:
            assert isinstance(value, int) and not isinstance(value, bool), (etype, name, value)
        elif isinstance(rule, type):
            assert isinstance(value, rule) and value, (etype, name, value)
        elif isinstance(rule, set):
            assert value in rule, (etype, name, value)
        else:
            assert rule(value), (etype, name, value)


def check_value(ftype: str, spec: dict, value, jsonl: bool) -> None:
    if ftype in ("str",):
        assert isinstance(value, str)
    elif ftype == "enum":
        assert value in spec["values"], value
    elif ftype == "date":
        assert isinstance(value, str)
        if "/" in value:
            datetime.strptime(value, "%d/%m/%Y")
        else:
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value), value
            date.fromisoformat(value)
    elif ftype == "datetime":
        datetime.fromisoformat(value)
    elif ftype == "nhs_number":
        assert nhs_ok(value), value
    elif ftype == "upn":
        assert UPN.match(value), value
    elif ftype == "postcode":
        assert POSTCODE.match(value), value
    elif ftype == "list":
        items = value if jsonl else value.split(";")
        assert isinstance(items, list) and all(isinstance(i, str) and i for i in items), value
    elif ftype == "json":
        obj = value if jsonl else json.loads(value)
        assert isinstance(obj, dict), value
    elif ftype == "bool":
        assert (value in (True, False)) if jsonl else value in ("Y", "N", "true", "false", "1", "0"), value
    elif ftype == "event_type":
        assert value in EVENTS, value
    elif ftype == "association_type":
        assert value in ASSOCIATIONS, value
    else:
        raise AssertionError(f"unknown type {ftype}")


SPEC = yaml.safe_load(FORMATS.read_text())["kinds"]


def check_rows(kind: str, rows: list[dict], jsonl: bool = False) -> None:
    fields = SPEC[kind]["fields"]
    keys = set()
    for row in rows:
        assert set(row) <= set(fields), set(row) - set(fields)
        for name, spec in fields.items():
            value = row.get(name, "")
            if value in ("", None):
                assert not spec.get("required"), (kind, name, row)
                continue
            check_value(spec["type"], spec, value, jsonl)
        key = row[SPEC[kind]["key"]]
        assert key not in keys, key
        keys.add(key)
        if kind == "events" and row.get("attributes"):
            check_attrs(row["event_type"], row["attributes"] if jsonl else json.loads(row["attributes"]))
        if kind == "associations":
            targets = [bool(row.get("other_record_id")),
                       any(row.get(f) for f in ("location_id", "location_kind", "location_name",
                                                "location_address", "location_postcode")),
                       bool(row.get("group_name"))]
            assert sum(targets) == 1, row


CSV_FILES = [("police", "people"), ("police", "events"), ("police", "associations"), ("school-hilltop", "people"),
             ("school-hilltop", "events"), ("school-riverside", "people"), ("school-riverside", "events"),
             ("csc", "people"), ("csc", "events"), ("csc", "households"), ("csc", "associations")]


@pytest.mark.parametrize(("agency", "kind"), CSV_FILES)
def test_csv_rows_validate(synth_medium, io, agency, kind):
    rows = io.csv(synth_medium / agency / f"{kind}.csv")
    if kind != "associations" or agency == "police":
        assert rows, f"{agency}/{kind}.csv is empty"
    check_rows(kind, rows)


@pytest.mark.parametrize("kind", ["people", "events"])
def test_jsonl_rows_validate(synth_medium, io, kind):
    rows = io.jsonl(synth_medium / "youth" / f"{kind}.jsonl")
    assert rows
    check_rows(kind, rows, jsonl=True)


def test_fhir_bundle(synth_medium, io):
    resources = io.bundle(synth_medium / "health" / "bundle.json")
    patients = {r["id"]: r for r in resources if r["resourceType"] == "Patient"}
    encounters = [r for r in resources if r["resourceType"] == "Encounter"]
    assert patients and encounters
    assert {r["resourceType"] for r in resources} == {"Patient", "Encounter"}
    for p in patients.values():
        assert p["meta"]["tag"][0]["code"] in ("child", "adult")
        assert p["gender"] in ("female", "male", "unknown")
        assert p["name"][0]["family"] and p["name"][0]["given"][0]
        for ident in p.get("identifier", []):
            assert ident["system"] == "https://fhir.nhs.uk/Id/nhs-number" and nhs_ok(ident["value"])
        for addr in p.get("address", []):
            assert "postalCode" not in addr or POSTCODE.match(addr["postalCode"])
        if "birthDate" in p:
            date.fromisoformat(p["birthDate"])
    ids = set()
    for e in encounters:
        assert e["id"] not in ids
        ids.add(e["id"])
        assert e["subject"]["reference"].removeprefix("Patient/") in patients
        assert e["status"] in ("finished", "cancelled")
        assert e["class"]["code"] in ("EMER", "AMB", "IMP")
        code = e["type"][0]["coding"][0]["code"]
        assert code in EVENTS
        datetime.fromisoformat(e["period"]["start"])
        attrs = {}
        for ext in e.get("extension", []):
            assert ext["url"] == "https://joinedup.org.uk/fhir/StructureDefinition/event-attributes"
            attrs = json.loads(ext["valueString"])
        check_attrs(code, attrs)


def test_ssda903(synth_medium, io):
    people = {r["record_id"]: r for r in io.csv(synth_medium / "csc" / "people.csv")}
    header = io.csv(synth_medium / "csc" / "ssda903_header.csv")
    assert header
    for row in header:
        assert row["CHILD"] in people and people[row["CHILD"]]["la_child_id"] == row["CHILD"]
        assert row["SEX"] in ("1", "2")
        datetime.strptime(row["DOB"], "%d/%m/%Y")
    children = {r["CHILD"] for r in header}
    for row in io.csv(synth_medium / "csc" / "ssda903_missing.csv"):
        assert row["CHILD"] in children and row["MISSING"] in ("M", "A")
        start = datetime.strptime(row["MIS_START"], "%d/%m/%Y")
        if row["MIS_END"]:
            assert datetime.strptime(row["MIS_END"], "%d/%m/%Y") >= start
