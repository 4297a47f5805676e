"""A takeaway two agencies know about: the police link one child and an adult to it, the school another child."""

from datetime import date

import pytest


@pytest.fixture
def takeaway(db, users):
    from joinedup.contexts.services import refer

    referral = refer(user=users["police"], place={"kind": "takeaway", "name": "Chicken Express",
                                                  "address": "4 Station Road", "postcode": "NR1 4AB"},
                     concern="Men aged 20-45 give girls free food and lifts from here late at night.",
                     how_known="observed", observed_on=date(2026, 10, 1), reliability="probable")
    return referral.context


@pytest.fixture
def link(agencies):
    from joinedup.associations.models import Association

    def make(agency: str, record, context, source_id: str, association_type="frequents", **fields):
        return Association.objects.create(
            agency=agencies[agency], source_id=source_id, association_type=association_type, record=record,
            location=context.location, group=context.group, how_known=fields.pop("how_known", "observed"),
            reliability=fields.pop("reliability", "unverified"), content_hash="x",
            valid_from=fields.pop("valid_from", date(2026, 9, 12)), **fields)

    return make


@pytest.fixture
def linked(takeaway, make_record, link):
    """Children and an adult linked to the takeaway; returns their source records by name."""
    police_child = make_record("police", "P1", "Jade", "Morgan", born=date(2011, 2, 3))
    school_child = make_record("school", "S1", "Ellie", "Turner", born=date(2011, 8, 9))
    adult = make_record("police", "P2", "Darren", "Cole", born=date(1990, 1, 1), person_type="adult")
    link("police", police_child, takeaway, "A1", note="Seen inside after 11pm with two adult men.")
    link("police", adult, takeaway, "A2", association_type="frequents", how_known="intelligence")
    link("school", school_child, takeaway, "A3", how_known="reported_by_child", reliability="unverified",
         note="Told her tutor she goes there after school.")
    return {"jade": police_child, "ellie": school_child, "darren": adult}
