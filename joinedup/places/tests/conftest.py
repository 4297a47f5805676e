"""Children at addresses and events at places, for the map's figures."""

from datetime import UTC, datetime
from itertools import count

import pytest

_ids = count(1)


@pytest.fixture
def place(db):
    from joinedup.places.models import Location

    def make(postcode: str = "", kind: str = "park", name: str = "") -> Location:
        n = next(_ids)
        return Location.objects.create(key=f"test:{n}", kind=kind, name=name or f"Place {n}", postcode=postcode)

    return make


@pytest.fixture
def children(make_record):
    """`n` children (each their own person) whose records give `postcode` as their address."""

    def make(n: int, postcode: str, agency: str = "csc", person_type: str = "child") -> list:
        made = []
        for _ in range(n):
            k = next(_ids)
            made.append(make_record(agency, f"R{k}", "Child", f"Number{k}", postcode=postcode, person_type=person_type))
        return made

    return make


@pytest.fixture
def events(make_event):
    """One event of `event_type` about each record, on `day` (noon UTC), at `location` if given."""

    def make(records, event_type: str, day: str = "2026-06-01", location=None, agency: str = "csc") -> list:
        when = datetime.fromisoformat(day).replace(hour=12, tzinfo=UTC)
        return [make_event(agency, f"E{next(_ids)}", record, event_type, occurred_at=when, location=location)
                for record in records]

    return make
