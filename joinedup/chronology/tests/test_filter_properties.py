"""Property tests: filters narrow and combine as a reader expects; periods of relationships overlap honestly."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.http import QueryDict
from hypothesis import given, settings
from hypothesis import strategies as st

from joinedup.chronology.entries import ChronologyEntry
from joinedup.chronology.filters import ChronologyFilters
from joinedup.chronology.relationships import Relationship, _overlap

LONDON = ZoneInfo("Europe/London")
AGENCIES = {"police": "Police", "school": "School", "csc": "Social care"}
KINDS = {"police.arrest": "Arrested", "school.suspension": "Suspended", "csc.referral": "Referral"}
SIGNIFICANCE = ["harm", "concern", "decision", "routine"]
days = st.dates(min_value=date(2015, 1, 1), max_value=date(2026, 12, 31))

entries = st.builds(
    lambda i, agency, kind, day, hour, sig, about: ChronologyEntry(
        key=f"event:{i}", when=datetime(day.year, day.month, day.day, hour, tzinfo=LONDON), agency=AGENCIES[agency],
        agency_code=agency, kind=kind, group=kind.split(".")[0].replace("csc", "social_care"), title=KINDS[kind],
        significance=sig, significance_label=sig, about="Lee Cole, mother's partner" if about else ""),
    st.integers(0, 10_000), st.sampled_from(list(AGENCIES)), st.sampled_from(list(KINDS)), days,
    st.integers(0, 23), st.sampled_from(SIGNIFICANCE), st.booleans())

queries = st.fixed_dictionaries({}, optional={
    "agency": st.sampled_from(list(AGENCIES)), "type": st.sampled_from([*KINDS, "police", "education", "social_care"]),
    "from": days.map(date.isoformat), "to": days.map(date.isoformat),
    "significance": st.sampled_from(SIGNIFICANCE), "about": st.sampled_from(["", "child", "others"])})


def _read(query: dict) -> ChronologyFilters:
    q = QueryDict(mutable=True)
    q.update(query)
    return ChronologyFilters.from_query(q, AGENCIES, KINDS, significances={s: s for s in SIGNIFICANCE})


@settings(max_examples=200, deadline=None)
@given(st.lists(entries, max_size=40), queries)
def test_a_filter_keeps_exactly_the_entries_that_meet_every_condition(rows, query):
    filters = _read(query)
    kept = filters.apply(rows)
    for row in rows:
        expected = all([
            not query.get("agency") or row.agency_code == query["agency"],
            not query.get("type") or (row.kind == query["type"] if "." in query["type"] else row.group == query["type"]),
            not query.get("from") or row.day >= date.fromisoformat(query["from"]),
            not query.get("to") or row.day <= date.fromisoformat(query["to"]),
            not query.get("significance") or row.significance == query["significance"],
            query.get("about", "") != "child" or not row.about,
            query.get("about", "") != "others" or bool(row.about),
        ])
        assert (row in kept) == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(entries, max_size=40), queries)
def test_a_filtered_view_round_trips_through_its_query_string(rows, query):
    filters = _read(query)
    again = _read(QueryDict(filters.query_string()).dict())
    assert again.apply(rows) == filters.apply(rows)
    assert filters.apply(filters.apply(rows)) == filters.apply(rows)


@given(days, days, days, days, days)
def test_a_relationship_holds_on_a_day_only_if_both_memberships_did(a0, a1, b0, b1, day):
    a, b = (min(a0, a1), max(a0, a1)), (min(b0, b1), max(b0, b1))
    period = _overlap(a, b)
    in_both = a[0] <= day <= a[1] and b[0] <= day <= b[1]
    if period is None:
        assert not in_both
    else:
        rel = Relationship(1, "x", "mother", "parent", *period, "test")
        assert rel.holds_on(day) == in_both


@given(days, st.integers(0, 4000))
def test_an_open_ended_membership_holds_from_its_start(start, later):
    period = _overlap((start, None), (None, None))
    rel = Relationship(1, "x", "mother", "parent", *period, "test")
    assert rel.holds_on(start + timedelta(days=later)) and not rel.holds_on(start - timedelta(days=1))
