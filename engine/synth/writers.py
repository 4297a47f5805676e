"""Streaming output: CSV, JSON Lines and the FHIR bundle, plus the truth files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import yaml

from engine.synth import fhir

PEOPLE_COLS = ["record_id", "person_type", "forename", "middle_names", "surname", "former_surnames",
               "date_of_birth", "sex", "address", "postcode", "nhs_number", "upn", "police_id", "la_child_id"]
EVENT_COLS = ["event_id", "record_ids", "occurred_at", "recorded_at", "event_type", "note", "author",
              "author_role", "child_seen", "information_source", "location_id", "location_kind",
              "location_name", "location_address", "location_postcode", "attributes", "shared_with"]
ASSOC_COLS = ["association_id", "record_id", "association_type", "other_record_id", "location_id",
              "location_kind", "location_name", "location_address", "location_postcode", "group_name",
              "valid_from", "valid_to", "how_known", "reliability", "note"]
HOUSEHOLD_COLS = ["membership_id", "household_id", "record_id", "role", "start_date", "end_date", "address",
                  "postcode"]
_ENC = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
LIST_FIELDS = {"record_ids", "shared_with", "former_surnames"}

AGENCIES = [
    {"code": "police", "name": "Northshire Police", "kind": "police"},
    {"code": "health", "name": "Northshire Hospitals NHS Trust", "kind": "health"},
    {"code": "school-hilltop", "name": "Hill Top Academy", "kind": "school"},
    {"code": "school-riverside", "name": "Riverside Primary School", "kind": "school"},
    {"code": "csc", "name": "Northshire Children's Social Care", "kind": "social_care"},
    {"code": "youth", "name": "Northshire Youth Service", "kind": "youth"},
]
CSV_FILES = {
    "police": {"people": PEOPLE_COLS, "events": EVENT_COLS, "associations": ASSOC_COLS},
    "school-hilltop": {"people": PEOPLE_COLS, "events": EVENT_COLS},
    "school-riverside": {"people": PEOPLE_COLS, "events": EVENT_COLS},
    "csc": {"people": PEOPLE_COLS, "events": EVENT_COLS, "households": HOUSEHOLD_COLS,
            "associations": ASSOC_COLS,
            "ssda903_header": ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"],
            "ssda903_missing": ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"]},
}
TRUTH_FILES = {
    "records": ["agency", "record_id", "person_key"],
    "persons": ["person_key", "person_type", "forename", "surname", "date_of_birth", "sex"],
    "households": ["household_id", "person_key", "role", "start_date", "end_date", "address", "postcode"],
    "prompts": ["person_key", "scenario", "moment", "expected_prompt", "description", "citation"],
    "scenarios": ["scenario", "person_keys", "description"],
    "language": ["agency", "event_id", "phrase"],
    "events": ["event_id", "agency", "event_type", "occurred_at", "person_keys", "attributes"],
}


class Sink:
    """All output files of one run, open for streaming."""

    def __init__(self, out_dir: Path) -> None:
        self.out = out_dir
        self.files = []
        self.csv: dict[tuple[str, str], csv.writer] = {}
        self.counts: dict[str, dict[str, int]] = {}
        for agency, kinds in CSV_FILES.items():
            for kind, cols in kinds.items():
                self.csv[(agency, kind)] = self._csv(out_dir / agency / f"{kind}.csv", cols)
        for kind, cols in TRUTH_FILES.items():
            self.csv[("truth", kind)] = self._csv(out_dir / "truth" / f"{kind}.csv", cols)
        (out_dir / "youth").mkdir(parents=True, exist_ok=True)
        self.jsonl = {kind: self._open(out_dir / "youth" / f"{kind}.jsonl") for kind in ("people", "events")}
        self.bundle = self._open(out_dir / "health" / "bundle.json")
        self.bundle.write('{"resourceType":"Bundle","type":"collection","entry":[\n')
        self._first_entry = True
        with open(out_dir / "agencies.yaml", "w", encoding="utf-8") as fh:
            yaml.safe_dump(AGENCIES, fh, sort_keys=False, allow_unicode=True)

    def _open(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(path, "w", encoding="utf-8", newline="")
        self.files.append(fh)
        return fh

    def _csv(self, path: Path, cols: list[str]):
        writer = csv.writer(self._open(path), lineterminator="\n")
        writer.writerow(cols)
        return writer

    def count(self, agency: str, kind: str, n: int = 1) -> None:
        per = self.counts.setdefault(agency, {})
        per[kind] = per.get(kind, 0) + n

    def row(self, agency: str, kind: str, values: list) -> None:
        self.csv[(agency, kind)].writerow(values)
        self.count(agency, kind)

    def rows(self, agency: str, kind: str, values: list[list]) -> None:
        if values:
            self.csv[(agency, kind)].writerows(values)
            self.count(agency, kind, len(values))

    def youth(self, kind: str, cols: list[str], values: list) -> None:
        obj = {}
        for col, value in zip(cols, values, strict=True):
            if value in ("", None):
                continue
            if col in LIST_FIELDS:
                value = value.split(";") if isinstance(value, str) else value
            elif col == "attributes":
                value = json.loads(value)
            elif col == "child_seen":
                value = value == "Y"
            obj[col] = value
        self.jsonl[kind].write(_ENC.encode(obj) + "\n")
        self.count("youth", kind)

    def fhir(self, entry: str | dict, kind: str) -> None:
        """Append a bundle entry (JSON text, or a resource dict to wrap)."""
        if not self._first_entry:
            self.bundle.write(",\n")
        self._first_entry = False
        self.bundle.write(entry if isinstance(entry, str) else fhir.entry(entry))
        self.count("health", kind)

    def close(self) -> None:
        self.bundle.write("\n]}\n")
        for fh in self.files:
            fh.close()
