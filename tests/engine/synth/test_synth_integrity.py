"""Cross-file integrity: events point at people, truth covers every record, scenarios hold what they claim."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date

import pytest

from engine.synth.ids import POSTCODE_RE, new_nhs_number, nhs_check_digit, nhs_valid
from engine.synth.notes import FLAGGED_PHRASES
from engine.synth.rng import stream

CSV_AGENCIES = ["police", "school-hilltop", "school-riverside", "csc"]


def _people_and_events(root, io):
    people: dict[str, set[str]] = {}
    events: dict[str, list[dict]] = {}
    for agency in CSV_AGENCIES:
        people[agency] = {r["record_id"] for r in io.csv(root / agency / "people.csv")}
        events[agency] = [{**r, "record_ids": r["record_ids"].split(";")} for r in io.csv(root / agency / "events.csv")]
    people["youth"] = {r["record_id"] for r in io.jsonl(root / "youth" / "people.jsonl")}
    events["youth"] = io.jsonl(root / "youth" / "events.jsonl")
    resources = io.bundle(root / "health" / "bundle.json")
    people["health"] = {r["id"] for r in resources if r["resourceType"] == "Patient"}
    events["health"] = [{"event_id": r["id"], "record_ids": [r["subject"]["reference"].split("/")[1]],
                         "note": r.get("reasonCode", [{}])[0].get("text", "")}
                        for r in resources if r["resourceType"] == "Encounter"]
    return people, events


@pytest.mark.parametrize("fixture", ["synth_out", "synth_medium"])
def test_event_record_ids_exist(request, io, fixture):
    root = request.getfixturevalue(fixture)
    people, events = _people_and_events(root, io)
    for agency, rows in events.items():
        for ev in rows:
            assert ev["record_ids"], ev
            for rid in ev["record_ids"]:
                assert rid in people[agency], (agency, ev["event_id"], rid)
    for agency in ("police", "csc"):
        for row in io.csv(root / agency / "associations.csv"):
            assert row["record_id"] in people[agency]
            assert not row["other_record_id"] or row["other_record_id"] in people[agency]
    for row in io.csv(root / "csc" / "households.csv"):
        assert row["record_id"] in people["csc"]


def test_truth_records_cover_every_people_row(synth_medium, io):
    people, _ = _people_and_events(synth_medium, io)
    truth = defaultdict(set)
    persons = {r["person_key"] for r in io.csv(synth_medium / "truth" / "persons.csv")}
    for row in io.csv(synth_medium / "truth" / "records.csv"):
        assert row["person_key"] in persons
        truth[row["agency"]].add(row["record_id"])
    assert set(truth) == set(people)
    for agency, ids in people.items():
        assert ids == truth[agency], agency


def test_nhs_numbers_pass_modulus_11(synth_medium, io):
    numbers = [r["nhs_number"] for r in io.csv(synth_medium / "csc" / "people.csv") if r["nhs_number"]]
    for r in io.bundle(synth_medium / "health" / "bundle.json"):
        numbers += [i["value"] for i in r.get("identifier", [])]
    assert len(numbers) > 100
    for n in numbers:  # independent modulus-11 check
        d = n.replace(" ", "")
        check = (11 - sum(int(c) * (10 - i) for i, c in enumerate(d[:9])) % 11) % 11
        assert len(d) == 10 and check != 10 and check == int(d[9]), n


def test_nhs_helper():
    assert nhs_valid("943 476 5919") and not nhs_valid("9434765918")
    assert nhs_check_digit("943476591") == 9
    rng = stream(1, "nhs")
    assert all(nhs_valid(new_nhs_number(rng)) for _ in range(500))


def test_postcodes_real_format(synth_medium, io):
    for row in io.csv(synth_medium / "truth" / "households.csv"):
        assert POSTCODE_RE.match(row["postcode"]), row


def test_prompts_and_scenarios_refer_to_people(synth_medium, io):
    persons = {r["person_key"] for r in io.csv(synth_medium / "truth" / "persons.csv")}
    scenarios = io.csv(synth_medium / "truth" / "scenarios.csv")
    names = {r["scenario"] for r in scenarios}
    kinds = {n.rsplit("-", 1)[0] for n in names}
    assert {"west_sussex", "child_l", "young_person_j", "repeated_missing", "was_not_brought_closure",
            "infant_risk", "exclusion_known_to_csc", "older_teen_da_exploitation", "concerns_no_referral",
            "separation_with_threats", "under_13_sexual_activity"} <= kinds
    for r in scenarios:
        assert set(r["person_keys"].split(";")) <= persons
    prompts = io.csv(synth_medium / "truth" / "prompts.csv")
    assert prompts
    for p in prompts:
        assert p["person_key"] in persons and p["scenario"] in names
        date.fromisoformat(p["moment"])
        assert re.search(r"\d{3} ", p["citation"]), p


def _age(dob: date, day: date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


@pytest.mark.parametrize("fixture", ["synth_out", "synth_medium"])
def test_west_sussex_girls_men_one_address(request, io, fixture):
    root = request.getfixturevalue(fixture)
    persons = {r["person_key"]: r for r in io.csv(root / "truth" / "persons.csv")}
    police = {r["record_id"]: r["person_key"] for r in io.csv(root / "truth" / "records.csv")
              if r["agency"] == "police"}
    assocs = io.csv(root / "police" / "associations.csv")
    prompts = io.csv(root / "truth" / "prompts.csv")
    found = 0
    for sc in io.csv(root / "truth" / "scenarios.csv"):
        if not sc["scenario"].startswith("west_sussex"):
            continue
        found += 1
        keys = sc["person_keys"].split(";")
        moments = [date.fromisoformat(p["moment"]) for p in prompts if p["scenario"] == sc["scenario"]]
        assert moments
        girls = [k for k in keys if persons[k]["sex"] == "F" and persons[k]["person_type"] == "child"]
        men = [k for k in keys if persons[k]["sex"] == "M" and persons[k]["person_type"] == "adult"]
        assert 3 <= len(girls) <= 5 and len(girls) + len(men) == len(keys) and men
        for k in girls:
            dob = date.fromisoformat(persons[k]["date_of_birth"])
            assert all(13 <= _age(dob, m) <= 15 for m in moments), k
        for k in men:
            dob = date.fromisoformat(persons[k]["date_of_birth"])
            assert all(20 <= _age(dob, m) <= 45 for m in moments), k
        place = defaultdict(set)
        for a in assocs:
            key = police.get(a["record_id"])
            if key in keys and a["association_type"] in ("visits", "lives_at"):
                place[key].add(a["location_address"])
        shared = set.intersection(*(place[k] for k in girls))
        assert len(shared) == 1
        assert any(shared <= place[m] for m in men)
        assert any(place[m] == shared and a["association_type"] == "lives_at"
                   for m in men for a in assocs if police.get(a["record_id"]) == m)
    assert found >= 1


@pytest.mark.parametrize("fixture", ["synth_out", "synth_medium"])
def test_flagged_phrases_only_where_recorded(request, io, fixture):
    root = request.getfixturevalue(fixture)
    _, events = _people_and_events(root, io)
    flagged = {(r["agency"], r["event_id"]): r["phrase"] for r in io.csv(root / "truth" / "language.csv")}
    pattern = re.compile("|".join(r"\b" + re.escape(p) + r"\b" if p == "DNA" else re.escape(p)
                                  for p in FLAGGED_PHRASES), re.IGNORECASE)
    seen = 0
    for agency, rows in events.items():
        for ev in rows:
            note = ev.get("note", "")
            hit = [m for m in pattern.findall(note) if m != "dna" and m != "Dna"]
            if (agency, ev["event_id"]) in flagged:
                seen += 1
                assert flagged[(agency, ev["event_id"])].lower() in note.lower()
            else:
                assert not hit, (agency, ev["event_id"], note)
    assert seen == len(flagged) and seen > 0


def test_summary_counts(synth_medium, io):
    import json
    summary = json.loads((synth_medium / "summary.json").read_text())
    people, events = _people_and_events(synth_medium, io)
    for agency in people:
        assert summary["agencies"][agency]["people"] == len(people[agency])
        assert summary["agencies"][agency]["events"] == len(events[agency])
