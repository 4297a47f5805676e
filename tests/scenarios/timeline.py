"""A scenario case as it would arrive: each agency's files split into what lands on which day.

Nothing here changes a case file. Standard files (people, events, associations, households, FHIR bundles,
SSDA903) are cut into one file per day holding that day's rows exactly as written, for `joinedup import`.
The non-standard files no import kind carries become the documented adaptations in ADAPTATIONS.md
(`Adapted` items, replayed through JoinedUp's own services). A file the runner does not know is an error.
"""

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

__all__ = ["Arrival", "CaseFiles", "arrival_day", "load_case"]

CASES = Path(__file__).parent / "cases"

# What kind of organisation each agency folder is (the Agency.kind JoinedUp stores).
AGENCY_KINDS = {
    "police": "police", "school": "school", "ap": "school", "education": "education", "csc": "social_care",
    "youth": "youth", "housing": "other", "probation": "other",
}
HEALTH = {"hospital", "gp", "camhs", "health_visiting", "sexual_health", "school_nursing", "dental",
          "perinatal_mh", "substance_service"}
NON_STANDARD = {"intelligence.csv", "outcomes.csv", "case_notes.csv", "asb_log.csv"}


def agency_kind(code: str) -> str:
    return "health" if code in HEALTH else AGENCY_KINDS[code]


def parse_day(text: str | None) -> date | None:
    """The day of an ISO date or datetime, or of a DD/MM/YYYY date (as some agencies send)."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return datetime.strptime(text[:10], "%d/%m/%Y").date()


def arrival_day(row: dict) -> date:
    """An event arrives when it is recorded (`recorded_at`), else on the day it happened."""
    return parse_day(row.get("recorded_at")) or parse_day(row.get("occurred_at"))


@dataclass
class Arrival:
    """Rows of one file that land on one day: a slice of a standard file, or an adapted non-standard row."""

    day: date
    agency: str
    file: str                 # the case file they come from, e.g. "police/events.csv"
    kind: str                 # events | associations | households | case_note | outcome | intelligence | asb_log
    ids: list[str]            # the rows' own ids (event_id, association_id, ...)
    text: str = ""            # standard file: the slice to import, header and rows as written
    rows: list[dict] = field(default_factory=list)   # adapted rows, as read

    @property
    def suffix(self) -> str:
        return Path(self.file).suffix


@dataclass
class CaseFiles:
    name: str
    folder: Path
    agencies: list[str]
    setup: list[tuple[str, Path]]          # (agency, file) imported before the first day: people, early links
    setup_text: list[tuple[str, str, str]]  # (agency, file name, text): slices imported before the first day
    arrivals: list[Arrival]
    expected: dict

    def arrival_of(self, agency: str, event_id: str) -> Arrival | None:
        return next((a for a in self.arrivals if a.agency == agency and event_id in a.ids), None)


def _csv_rows(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _csv_text(header: list[str], rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _by_day(rows, day_of):
    groups: dict[date, list] = {}
    for row in rows:
        groups.setdefault(day_of(row), []).append(row)
    return groups


def load_case(name: str) -> CaseFiles:
    import yaml

    folder = CASES / name
    expected = yaml.safe_load((folder / "expected.yaml").read_text())
    agencies = sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith("_"))
    setup: list[tuple[str, Path]] = []
    early: list[tuple[str, str, list[str], dict, str, date | None]] = []   # link rows, placed below
    arrivals: list[Arrival] = []
    patients_text: list[tuple[str, str, str]] = []
    for agency in agencies:
        files = {p.name: p for p in (folder / agency).iterdir()}
        unknown = set(files) - NON_STANDARD - {
            "people.csv", "people.jsonl", "events.csv", "events.jsonl", "associations.csv", "households.csv",
            "bundle.json", "ssda903_header.csv", "ssda903_missing.csv"}
        if unknown:
            raise ValueError(f"{name}/{agency}: no import path or adaptation for {', '.join(sorted(unknown))}")
        # People first: the SSDA903 header before people.csv (cases/README.md), then the FHIR Patients.
        for people in ("ssda903_header.csv", "people.csv", "people.jsonl"):
            if people in files:
                setup.append((agency, files[people]))
        if "bundle.json" in files:
            bundle = json.loads(files["bundle.json"].read_text())
            patients = [e for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"]
            others = [e for e in bundle["entry"] if e["resource"]["resourceType"] != "Patient"]
            patients_text.append((agency, "patients.json", json.dumps({**bundle, "entry": patients})))
            for day, entries in _by_day(others, lambda e: parse_day(e["resource"]["period"]["start"])).items():
                arrivals.append(Arrival(day, agency, f"{agency}/bundle.json", "events",
                                        [e["resource"]["id"] for e in entries],
                                        text=json.dumps({**bundle, "entry": entries})))
        for events in ("events.csv", "ssda903_missing.csv"):
            if events in files:
                header, rows = _csv_rows(files[events])
                if events == "ssda903_missing.csv":
                    groups = _by_day(rows, lambda r: parse_day(r["MIS_START"]))
                    ids_of = lambda r: f"903M-{r['CHILD']}-{r['MIS_START']}"  # noqa: E731 (the importer's event id)
                else:
                    groups = _by_day(rows, arrival_day)
                    ids_of = lambda r: r["event_id"]  # noqa: E731
                for day, day_rows in groups.items():
                    arrivals.append(Arrival(day, agency, f"{agency}/{events}", "events", [ids_of(r) for r in day_rows],
                                            text=_csv_text(header, day_rows)))
        if "events.jsonl" in files:
            lines = [line for line in files["events.jsonl"].read_text().splitlines() if line.strip()]
            for day, day_lines in _by_day(lines, lambda line: arrival_day(json.loads(line))).items():
                arrivals.append(Arrival(day, agency, f"{agency}/events.jsonl", "events",
                                        [json.loads(line)["event_id"] for line in day_lines],
                                        text="\n".join(day_lines) + "\n"))
        for links, id_column, dated in (("associations.csv", "association_id", ("observed_on", "valid_from")),
                                        ("households.csv", "membership_id", ("start_date",))):
            if links in files:
                header, rows = _csv_rows(files[links])
                for row in rows:
                    day = next((parse_day(row[c]) for c in dated if row.get(c)), None)
                    early.append((agency, links, header, row, row[id_column], day))
        for extra, kind, day_column, id_column in (
                ("case_notes.csv", "case_note", "recorded_at", "note_id"),
                ("outcomes.csv", "outcome", "outcome_date", "outcome_id"),
                ("intelligence.csv", "intelligence", "recorded_at", "intel_id"),
                ("asb_log.csv", "asb_log", "logged_at", "log_id")):
            if extra in files:
                for row in _csv_rows(files[extra])[1]:
                    day = parse_day(row[day_column]) or parse_day(row.get("note_date"))
                    arrivals.append(Arrival(day, agency, f"{agency}/{extra}", kind, [row[id_column]], rows=[row]))
    first = min(a.day for a in arrivals)
    before: dict[tuple[str, str], tuple[list[str], list[dict]]] = {}
    for agency, file, header, row, row_id, day in early:
        if day is None or day < first:
            before.setdefault((agency, file), (header, []))[1].append(row)
        else:
            arrivals.append(Arrival(day, agency, f"{agency}/{file}", file.removesuffix(".csv"), [row_id],
                                    text=_csv_text(header, [row])))
    setup_text = patients_text + [(agency, file, _csv_text(header, rows))
                                  for (agency, file), (header, rows) in sorted(before.items(),
                                                                               key=lambda kv: kv[0][1] != "households.csv")]
    arrivals.sort(key=lambda a: (a.day, a.kind != "events", a.agency, a.file))
    return CaseFiles(name, folder, agencies, setup, setup_text, arrivals, expected)
