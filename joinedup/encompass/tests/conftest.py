"""A child known to the police, Hill Top Academy and children's social care; her mother; the school's DSL and a
teacher; the local authority's education service; a police officer in the Operation Encompass team."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

LONDON = ZoneInfo("Europe/London")


def at(*parts) -> datetime:
    return datetime(*parts, tzinfo=LONDON)


FRIDAY_NIGHT = at(2026, 11, 20, 22, 40)


@pytest.fixture
def education(agencies):
    from joinedup.agencies.models import Agency

    return Agency.objects.create(code="education", name="Northshire Education Service", kind="education")


@pytest.fixture
def family(users, make_record, make_user, education):
    from engine.casework import load_partnership

    police_child = make_record("police", "P1", "Maya", "Lewis", born=date(2012, 5, 9), nhs_number="9434765919")
    make_record("school", "S1", "Maya", "Lewis", born=date(2012, 5, 9), nhs_number="9434765919")
    make_record("csc", "C1", "Maya", "Lewis", born=date(2012, 5, 9), nhs_number="9434765919")
    mother = make_record("police", "P2", "Dawn", "Lewis", born=date(1988, 2, 1), person_type="adult")
    team = load_partnership().extra["operation_encompass"]["police_team"]
    users["police"].team = team
    users["police"].email = "police@example.org"
    users["police"].save(update_fields=["team", "email"])
    users["dsl"].email = "dsl@example.org"
    users["dsl"].save(update_fields=["email"])
    ehe = make_user("ehe-officer", "practitioner", None)
    ehe.agency = education
    ehe.save(update_fields=["agency"])
    return {"child": police_child.person, "police_record": police_child, "mother": mother, "ehe": ehe}


@pytest.fixture
def incident(family, make_event):
    """A Friday-night incident at the family's home: Maya present, spoken to."""

    def make(source_id="INC-1", when=FRIDAY_NIGHT, subjects=("police_record",), **attributes):
        event = make_event("police", source_id, family[subjects[0]], event_type="police.domestic_abuse_incident",
                           occurred_at=when, note="Officers attended a report of an argument; the mother's partner "
                                                  "had damaged the kitchen door.",
                           attributes={"children_present": True, "police_reference": "NP-26-1188",
                                       "where_children_were": "Upstairs in her bedroom", "child_spoken_to": True,
                                       "child_said": "I heard shouting and hid under the duvet.",
                                       "spoken_in_presence_of": "Her mother", **attributes})
        from joinedup.events.models import EventSubject

        for position, name in enumerate(subjects[1:], start=1):
            EventSubject.objects.create(event=event, record=family[name], position=position)
        return event

    return make
