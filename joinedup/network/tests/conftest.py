"""A West Sussex-like partnership (003 L28-33), imported file by file as agencies would send it.

Four girls aged 13-14 are seen by their school getting into cars with adult men and are said to go to one
flat on Mill Lane, where they are given cannabis; the school raises a concern (shared with children's social
care) each week; police find each girl at the flat with one of three men aged 23 to 42.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pytest

GIRLS = [  # (police record, school record, forename, surname, born, NHS number)
    ("G1", "S1", "Ava", "Hughes", "2012-05-14", "9434765005"),
    ("G2", "S2", "Bella", "Price", "2011-11-02", "9434765013"),
    ("G3", "S3", "Chloe", "Ward", "2013-01-20", "9434765021"),
    ("G4", "S4", "Daisy", "Lowe", "2012-08-09", "9434765048"),
]
MEN = [("M1", "Dean", "Foster", "1984-03-02"), ("M2", "Kyle", "Mason", "2003-06-30"), ("M3", "Gary", "Tate", "1991-10-11")]
FLAT = "location_kind,location_name,location_address,location_postcode"
FLAT_VALUES = 'address,,"Flat 2, 14 Mill Lane, Northbridge",NS1 4AB'
FIRST_WEEK = date(2026, 9, 7)  # a Monday
EVENTS = f"event_id,record_ids,occurred_at,event_type,note,information_source,{FLAT},shared_with\n"


@pytest.fixture(autouse=True)
def fresh_graph():
    """Rolled-back rows may reuse ids, so no test sees another test's kept graph."""
    from joinedup.network.partnership import forget

    forget()
    yield
    forget()


def week(i: int, day: int = 0) -> date:
    return FIRST_WEEK + timedelta(days=7 * i + day)


@dataclass
class WestSussex:
    folder: Path
    agencies: dict
    imported: list = field(default_factory=list)

    def send(self, agency: str, kind: str, text: str) -> None:
        from joinedup.imports.services import import_file

        folder = self.folder / f"{agency}-{len(self.imported)}"
        folder.mkdir()
        path = folder / f"{kind}.csv"
        path.write_text(text)
        reports = import_file(path, agency=self.agencies[agency])
        assert all(not r.rejected for r in reports), [r.summary() for r in reports]
        self.imported.append(path)

    def school_concern(self, i: int) -> None:
        """The school's concern (shared with social care): seen getting into a car, a flat, cannabis."""
        school = GIRLS[i][1]
        self.send("school", "events", EVENTS + (
            f"SC{i},{school},{week(i)}T15:40,school.safeguarding_concern,"
            '"Pupil seen getting into a car driven by an adult man after school. Friends say she goes to a flat '
            'on Mill Lane most evenings and is given cannabis there.",third_party,,,,,csc\n'))

    def found_at_flat(self, i: int) -> None:
        """Police find the girl at the flat with a man (the event that links her to the place)."""
        police, man = GIRLS[i][0], MEN[i % len(MEN)][0]
        self.send("police", "events", EVENTS + (
            f"PF{i},{police};{man},{week(i, 3)}T21:15,police.found_with_adult,"
            f'"Child found at the flat with an adult man; cannabis smell noted. Child returned home.",first_hand,'
            f"{FLAT_VALUES},csc\n"))

    def links(self, i: int) -> None:
        """What police recorded after finding her: she visits the flat; she was seen with the man; for the first
        girl, a friend named the man as her "boyfriend" (not verified)."""
        police, man = GIRLS[i][0], MEN[i % len(MEN)][0]
        rows = (f"V{i},{police},visits,,{FLAT_VALUES},,{week(i, 3)},,observed,verified,\n"
                f"W{i},{police},seen_with,{man},,,,,,{week(i, 3)},,observed,verified,\n")
        if i == 0:
            rows += (f"B{i},{police},reported_boyfriend,{man},,,,,,{week(i, 3)},,reported_by_third_party,unverified,"
                     "Named by a friend as her boyfriend; he is an adult.\n")
        self.send("police", "associations", "association_id,record_id,association_type,other_record_id,"
                  f"{FLAT},group_name,valid_from,valid_to,how_known,reliability,note\n" + rows)

    def event(self, i: int) -> str:
        """Id of the found-at-the-flat event for girl i, as stored."""
        from joinedup.events.models import Event

        return Event.objects.get(source_id=f"PF{i}").pk

    def girl(self, i: int):
        from joinedup.people.models import SourceRecord

        return SourceRecord.objects.get(record_id=GIRLS[i][0]).person

    def man(self, i: int):
        from joinedup.people.models import SourceRecord

        return SourceRecord.objects.get(record_id=MEN[i][0]).person


@pytest.fixture
def west_sussex(tmp_path, agencies) -> WestSussex:
    """The partnership once linked (a linkage model exists, so imports raise prompts), with everyone's records."""
    from joinedup.linkage.models import LinkageModel

    LinkageModel.objects.create(splink_version="5.0.0", duckdb_version="2.0.0", seed=1, model={"comparisons": []})
    scenario = WestSussex(tmp_path, agencies)
    people = "record_id,person_type,forename,surname,date_of_birth,sex,nhs_number\n"
    scenario.send("police", "people", people + "".join(
        f"{p},child,{f},{s},{born},F,{nhs}\n" for p, _sc, f, s, born, nhs in GIRLS) + "".join(
        f"{m},adult,{f},{s},{born},M,\n" for m, f, s, born in MEN))
    scenario.send("school", "people", people + "".join(
        f"{sc},child,{f},{s},{born},F,{nhs}\n" for _p, sc, f, s, born, nhs in GIRLS))
    return scenario


@pytest.fixture
def three_girls(west_sussex) -> WestSussex:
    """Three girls' concerns and their being found at the flat: the count of children reaches k = 3."""
    for i in range(3):
        west_sussex.school_concern(i)
        west_sussex.found_at_flat(i)
        west_sussex.links(i)
    return west_sussex
