"""Build the evaluators' input from a synthetic partnership's truth files (engine.synth output).

The truth is what a perfectly linked partnership would know: truth/events.csv (every event with the
people it is about), truth/persons.csv and truth/households.csv. A child's rows are their own events
(about "child") and the events of the people they live with while they live with them, including a
mother's events in pregnancy (about "household"). Associations are not in the truth files.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

PREGNANCY_DAYS = 300


def _date(text: str) -> date | None:
    return date.fromisoformat(text[:10]) if text else None


def read_synth(out_dir: Path) -> tuple[list[dict], list[dict]]:
    """(children, events): children [{key, date_of_birth, person_type}] and event rows with child_key."""
    out_dir = Path(out_dir)
    summary = json.loads((out_dir / "summary.json").read_text(encoding="utf-8"))
    start = date(summary["config"]["start_year"], 1, 1)
    oldest = date(start.year - 18, start.month, start.day)
    with open(out_dir / "truth" / "persons.csv", encoding="utf-8") as fh:
        persons = {r["person_key"]: r for r in csv.DictReader(fh)}
    dob = {k: date.fromisoformat(r["date_of_birth"]) for k, r in persons.items()}
    children = {k for k, d in dob.items() if d > oldest}
    spells = defaultdict(list)  # person -> [(household, start, end, role)]
    members = defaultdict(set)  # household -> child keys
    with open(out_dir / "truth" / "households.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            spells[r["person_key"]].append((r["household_id"], _date(r["start_date"]), _date(r["end_date"]),
                                            r["role"]))
            if r["role"] == "child" and r["person_key"] in children:
                members[r["household_id"]].add(r["person_key"])

    def living_in(person: str, household: str | None, day: date) -> list[str]:
        return [hh for hh, s, e, _ in spells[person]
                if (household is None or hh == household) and (s is None or s <= day) and (e is None or day < e)]

    rows = []
    with open(out_dir / "truth" / "events.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            day = date.fromisoformat(r["occurred_at"][:10])
            who = r["person_keys"].split(";")
            base = {"event_id": r["event_id"], "event_type": r["event_type"], "day": day, "agency": r["agency"],
                    "attributes": r["attributes"] or None}
            seen = set()
            for p in who:
                if p in children and p not in seen:
                    seen.add(p)
                    rows.append({**base, "child_key": p, "about": "child"})
            for p in who:
                for hh in living_in(p, None, day):
                    for c in members[hh]:
                        if c in seen:
                            continue
                        unborn = dob[c] - timedelta(days=PREGNANCY_DAYS) <= day < dob[c]
                        if unborn or living_in(c, hh, day):
                            seen.add(c)
                            rows.append({**base, "child_key": c, "about": "household"})
    kids = [{"key": k, "date_of_birth": dob[k], "person_type": persons[k]["person_type"]} for k in sorted(children)]
    return kids, rows


def read_truth_prompts(out_dir: Path) -> list[dict]:
    with open(Path(out_dir) / "truth" / "prompts.csv", encoding="utf-8") as fh:
        return [{**r, "moment": date.fromisoformat(r["moment"])} for r in csv.DictReader(fh)]


def read_scenario_people(out_dir: Path) -> dict[str, str]:
    """person key -> the scenario instance it belongs to."""
    with open(Path(out_dir) / "truth" / "scenarios.csv", encoding="utf-8") as fh:
        return {k: r["scenario"] for r in csv.DictReader(fh) for k in r["person_keys"].split(";")}
