"""Read a synthetic partnership (engine.synth output) into the rows build_graph takes.

People come from truth/persons.csv, who an event is about from truth/events.csv (a perfectly linked
partnership), where it happened from the agencies' own event files, and associations from each
agency's associations.csv (record ids resolved to people through truth/records.csv).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from engine.context.build import BuildOptions, build_graph
from engine.context.graph import ContextGraph
from engine.context.model import Event


def place_key(location_id: str, address: str, postcode: str) -> str | None:
    if location_id:
        return location_id
    if address:
        return "addr:" + " ".join(address.lower().replace(",", " ").split()) + "|" + postcode.replace(" ", "").upper()
    return None


def _csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def read_partnership(out_dir: Path) -> dict[str, list[dict]]:
    out = Path(out_dir)
    persons = [{"key": r["person_key"], "person_type": r["person_type"], "date_of_birth": r["date_of_birth"],
                "label": f"{r['forename']} {r['surname']}"} for r in _csv(out / "truth" / "persons.csv")]
    record_person = {r["record_id"]: r["person_key"] for r in _csv(out / "truth" / "records.csv")}
    places: dict[str, dict] = {}
    where: dict[str, str] = {}
    for agency_dir in sorted(p for p in out.iterdir() if p.is_dir() and p.name != "truth"):
        f = agency_dir / "events.csv"
        if not f.exists():
            continue
        for r in _csv(f):
            key = place_key(r.get("location_id", ""), r.get("location_address", ""), r.get("location_postcode", ""))
            if key:
                where[r["event_id"]] = key
                places.setdefault(key, {"key": key, "kind": r.get("location_kind") or "address",
                                        "label": r.get("location_name") or r.get("location_address") or key})
    events = []
    for r in _csv(out / "truth" / "events.csv"):
        attrs = json.loads(r["attributes"]) if r["attributes"] else {}
        events.append({"event_id": r["event_id"], "event_type": r["event_type"], "day": r["occurred_at"][:10],
                       "agency": r["agency"], "person_keys": r["person_keys"], "place": where.get(r["event_id"]),
                       "attributes": attrs})
    associations = []
    for f in sorted(out.glob("*/associations.csv")):
        agency = f.parent.name
        for r in _csv(f):
            person = record_person.get(r["record_id"])
            if person is None:
                continue
            row = {"association_id": r["association_id"], "agency": agency, "person_key": person,
                   "association_type": r["association_type"], "valid_from": r["valid_from"] or None,
                   "valid_to": r["valid_to"] or None, "how_known": r["how_known"], "reliability": r["reliability"],
                   "note": r["note"]}
            loc = place_key(r["location_id"], r["location_address"], r["location_postcode"])
            if r["other_record_id"]:
                row["other_person_key"] = record_person.get(r["other_record_id"])
            elif loc:
                row["place"] = loc
                places.setdefault(loc, {"key": loc, "kind": r["location_kind"] or "address",
                                        "label": r["location_name"] or r["location_address"] or loc})
            elif r["group_name"]:
                row["group"] = "group:" + r["group_name"]
            associations.append(row)
    households = []
    for r in _csv(out / "truth" / "households.csv"):
        key = place_key("", r["address"], r["postcode"])
        households.append({"household_id": r["household_id"], "person_key": r["person_key"],
                           "start": r["start_date"] or None, "end": r["end_date"] or None, "place": key,
                           "label": r["address"]})
        if key:
            places.setdefault(key, {"key": key, "kind": "address", "label": r["address"]})
    rolls = []
    for f in sorted(out.glob("school-*/people.csv")):
        school = f.parent.name
        for r in _csv(f):
            if r.get("person_type", "child") == "child" and r["record_id"] in record_person:
                rolls.append({"place": school, "person_key": record_person[r["record_id"]], "agency": school,
                              "label": school.replace("-", " ").title()})
    return {"persons": persons, "places": list(places.values()), "events": events, "associations": associations,
            "households": households, "rolls": rolls}


def partnership_graph(out_dir: Path, options: BuildOptions | None = None
                      ) -> tuple[ContextGraph, dict[str, Event], dict[str, list[dict]]]:
    """(graph, events by id, the rows) for a generated partnership."""
    rows = read_partnership(out_dir)
    graph, events = build_graph(rows["persons"], rows["places"], (), rows["events"], rows["associations"],
                                rows["households"], rows["rolls"], options)
    return graph, events, rows
