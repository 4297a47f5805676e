"""A child, her mother and her mother's partner, as children's social care, police, health and the school know them."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

LONDON = ZoneInfo("Europe/London")


def at(y, m, d, hh=10, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=LONDON)


@pytest.fixture
def family(agencies, make_record, make_event):
    from joinedup.associations.models import Association
    from joinedup.people.models import Household, HouseholdMembership

    mia_csc = make_record("csc", "C1", "Mia", "Hart", upn="A123456789012", sex="F", born=date(2011, 5, 2))
    mia_school = make_record("school", "S1", "Mia", "Hart", upn="A123456789012", sex="F", born=date(2011, 5, 2))
    mia_police = make_record("police", "P1", "Mia", "Hart", upn="A123456789012", sex="F", born=date(2011, 5, 2))
    jo_csc = make_record("csc", "C2", "Jo", "Hart", person_type="adult", sex="F", nhs_number="9434765919",
                         born=date(1988, 1, 1))
    jo_health = make_record("health", "H2", "Jo", "Hart", person_type="adult", sex="F", nhs_number="9434765919",
                            born=date(1988, 1, 1))
    jo_police = make_record("police", "P2", "Jo", "Hart", person_type="adult", sex="F", nhs_number="9434765919",
                            born=date(1988, 1, 1))
    lee_csc = make_record("csc", "C3", "Lee", "Cole", person_type="adult", sex="M", nhs_number="9434765870",
                          born=date(1985, 7, 7))
    lee_police = make_record("police", "P3", "Lee", "Cole", person_type="adult", sex="M", nhs_number="9434765870",
                             born=date(1985, 7, 7))
    stranger = make_record("police", "P9", "Sam", "Ray", person_type="adult", sex="M", born=date(1980, 2, 2))
    from joinedup.places.models import Location

    flat = Location.objects.create(key="flat 3 156 bridge way ns7 1jq", address="Flat 3, 156 Bridge Way, Hallow Vale",
                                   postcode="NS7 1JQ")
    home = Household.objects.create(agency=agencies["csc"], source_id="H1", location=flat)
    for source_id, record, role, start in [("M1", mia_csc, "child", date(2011, 5, 2)),
                                           ("M2", jo_csc, "parent", None),
                                           ("M3", lee_csc, "parent_partner", date(2023, 3, 1))]:
        HouseholdMembership.objects.create(agency=agencies["csc"], source_id=source_id, household=home,
                                           record=record, role=role, start_date=start, content_hash="x")
    Association.objects.create(agency=agencies["police"], source_id="L1", association_type="partner_of",
                               record=jo_police, other_record=lee_police, valid_from=date(2023, 3, 1),
                               how_known="record", reliability="probable", content_hash="x")
    events = {
        "SE1": make_event("school", "SE1", mia_school, event_type="school.safeguarding_concern",
                          occurred_at=at(2024, 1, 10), attributes={"concern": "domestic_abuse", "referred": True},
                          child_seen=True, information_source="first_hand", author="R. Patel",
                          author_role="Designated safeguarding lead", recorded_at=at(2024, 1, 11),
                          note="Mia said there was shouting at home and she was frightened."),
        "PE1": make_event("police", "PE1", jo_csc, event_type="police.domestic_abuse_incident",
                          occurred_at=at(2024, 2, 1, 23, 15), attributes={"children_present": False},
                          author_role="Police constable", information_source="first_hand",
                          note="Officers attended a report of domestic abuse at the address."),
        "CE1": make_event("csc", "CE1", mia_csc, event_type="csc.no_further_action", occurred_at=at(2024, 2, 10),
                          attributes={"reason": "Mother says the partner has left", "stage": "contact"},
                          author_role="Team manager", information_source="record"),
        "HE1": make_event("health", "HE1", jo_health, event_type="health.substance_misuse_treatment",
                          occurred_at=at(2024, 3, 5), attributes={"substance": "alcohol"},
                          author_role="Named nurse for safeguarding", note="Started with the alcohol service."),
        "HE2": make_event("health", "HE2", jo_health, event_type="health.ae_attendance", occurred_at=at(2024, 4, 1),
                          note="Sprained wrist."),
        "PE2": make_event("police", "PE2", lee_police, event_type="police.arrest", occurred_at=at(2022, 6, 1),
                          attributes={"offence": "common assault"}, author_role="Police constable",
                          note="Arrested after an assault on a former partner."),
        "HE3": make_event("health", "HE3", jo_health, event_type="health.substance_misuse_treatment",
                          occurred_at=at(2010, 1, 1), note="Alcohol service, long before."),
        "PE3": make_event("police", "PE3", mia_police, event_type="police.missing_report", occurred_at=at(2024, 5, 1),
                          shared_with=["school"], child_seen=True, attributes={"found_at": "a flat in town"},
                          note="Mia was reported missing overnight and found the next day."),
        "PE4": make_event("police", "PE4", stranger, event_type="police.arrest", occurred_at=at(2024, 5, 2),
                          note="An unrelated arrest."),
        "PE5": make_event("police", "PE5", mia_police, event_type="police.found_with_adult",
                          occurred_at=at(2024, 6, 1), note="Found in a car with an adult man."),
    }
    from joinedup.events.models import EventSubject

    EventSubject.objects.create(event=events["PE1"], record=lee_police, position=1)
    from joinedup.people.households import refresh_households

    refresh_households([mia_csc.person_id, jo_csc.person_id, lee_csc.person_id])  # as linking does
    return {"child": mia_csc.person, "mother": jo_csc.person, "partner": lee_csc.person, "events": events,
            "records": {"mia_school": mia_school, "lee_police": lee_police}}
