"""The map's figures: where each is counted, that it counts children, and the suppression rules."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from joinedup.places.areas import load_areas, parse_areas
from joinedup.places.figures import (
    NOT_RECORDED,
    ONLINE,
    OUTSIDE,
    children_by_area,
    figure,
    partnership_figures,
)
from joinedup.places.measures import measure

PERIOD = (date(2026, 1, 1), date(2026, 12, 31))


def _square(x: float) -> dict:
    return {"type": "Polygon", "coordinates": [[[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]]}


def areas(*codes: str):
    return parse_areas({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": c}, "geometry": _square(i)} for i, c in enumerate(codes)]}, "test")


def row(figures, code):
    return next(r for r in figures.areas + figures.extra_rows if r.code == code)


def test_concerns_count_where_they_happened_and_referrals_and_help_where_the_child_lives(children, events, place):
    kids = children(5, "NS1 1AB")                                 # they live in NS1
    events(kids, "safeguarding.concern", location=place("NS2 3CD"))  # ... and concerns were recorded in NS2
    events(kids, "csc.referral")
    events(kids, "youth.session_attended", agency="school")
    counts = {key: children_by_area(measure(key), load_areas(), *PERIOD) for key in ("concerns", "referrals", "services")}
    assert counts["concerns"] == {"NS2": 5}
    assert counts["referrals"] == {"NS1": 5}
    assert counts["services"] == {"NS1": 5}


def test_figures_count_children_not_records(children, events, place):
    park = place("NS3 1AA")
    one = children(1, "NS3 1AA")
    for _ in range(7):
        events(one, "police.missing_report", location=park, agency="police")
    assert children_by_area(measure("concerns"), load_areas(), *PERIOD) == {"NS3": 1}
    figures = partnership_figures(load_areas(), *PERIOD)
    assert row(figures, "NS3").figures["concerns"].text == "fewer than 5"   # seven records, one child


def test_a_linked_child_counts_once_however_many_agencies_hold_records(children, events):
    from joinedup.people.models import SourceRecord

    csc, school = children(1, "NS4 2AB")[0], children(1, "NS4 2AB", agency="school")[0]
    SourceRecord.objects.filter(pk=school.pk).update(person=csc.person)    # linkage joined them
    events([csc], "csc.assessment")
    events([school], "youth.session_attended", agency="school")
    assert children_by_area(measure("services"), load_areas(), *PERIOD) == {"NS4": 1}


def test_adults_named_on_events_are_not_counted(children, events, place):
    adults = children(6, "NS5 1AB", agency="police", person_type="adult")
    events(adults, "police.arrest", location=place("NS5 1AB"), agency="police")
    assert children_by_area(measure("concerns"), load_areas(), *PERIOD) == {}


def test_only_the_measures_event_types_count(children, events, place):
    kids = children(5, "NS6 1AB")
    events(kids, "csc.referral", location=place("NS6 1AB"))      # a referral is not a concern at a place
    events(kids, "police.domestic_abuse_incident", location=place("NS6 1AB"), agency="police")
    events(kids, "health.camhs_referral", agency="health")        # a referral to CAMHS is not help received
    assert children_by_area(measure("concerns"), load_areas(), *PERIOD) == {}
    assert children_by_area(measure("services"), load_areas(), *PERIOD) == {}
    assert children_by_area(measure("referrals"), load_areas(), *PERIOD) == {"NS6": 5}


def test_the_period_includes_both_days_it_names(children, events):
    kids = children(3, "NS7 1AB")
    events(kids[:1], "csc.referral", day="2025-12-31")
    events(kids[1:2], "csc.referral", day="2026-01-01")
    events(kids[2:], "csc.referral", day="2026-03-31")
    assert children_by_area(measure("referrals"), load_areas(), date(2026, 1, 1), date(2026, 3, 31)) == {"NS7": 2}
    assert children_by_area(measure("referrals"), load_areas(), date(2026, 1, 2), date(2026, 3, 30)) == {}


def test_places_online_without_a_postcode_or_outside_the_areas_have_their_own_rows(children, events, place):
    kids = children(4, "")
    events(kids[:1], "safeguarding.concern", location=place("", kind="online", name="A chat app"))
    events(kids[1:2], "safeguarding.concern", location=place("ZZ9 9ZZ"))
    events(kids[2:3], "safeguarding.concern")                                 # no place recorded
    events(kids[3:], "safeguarding.concern", location=place("", name="The bus station"))
    events(kids, "csc.referral")                                              # no address recorded
    assert children_by_area(measure("concerns"), load_areas(), *PERIOD) == {ONLINE: 1, OUTSIDE: 1, NOT_RECORDED: 2}
    assert children_by_area(measure("referrals"), load_areas(), *PERIOD) == {NOT_RECORDED: 4}


def test_postcodes_are_matched_to_sectors_or_districts_whatever_their_spacing_and_case(children, events):
    kids = children(1, "ns7 1ab") + children(1, "NS71AB") + children(1, "NS7  2XY") + children(1, "NS8 3AB")
    kids += children(1, "NS8")                                                # an outward code alone
    events(kids, "csc.referral")
    mixed = areas("NS7 1", "NS7 2", "NS8")
    assert children_by_area(measure("referrals"), mixed, *PERIOD) == {"NS7 1": 2, "NS7 2": 1, "NS8": 2}
    assert children_by_area(measure("referrals"), areas("NS7 2"), *PERIOD) == {"NS7 2": 1, OUTSIDE: 4}


def test_one_to_four_is_withheld_zero_is_shown_and_five_is_shown():
    assert (figure(0).state, figure(0).text, figure(0).value) == ("zero", "0", 0)
    for n in range(1, 5):
        assert (figure(n).state, figure(n).text, figure(n).value) == ("suppressed", "fewer than 5", None)
    assert (figure(5).state, figure(5).text, figure(5).value) == ("shown", "5", 5)


def test_a_withheld_figure_cannot_be_recovered_from_the_total(children, events):
    events(children(6, "NS1 1AB"), "csc.referral")
    events(children(2, "NS2 1AB"), "csc.referral")
    figures = partnership_figures(load_areas(), *PERIOD)
    assert row(figures, "NS1").figures["referrals"].text == "6"
    assert row(figures, "NS2").figures["referrals"].value is None
    assert figures.totals["referrals"].state == "withheld" and figures.totals["referrals"].value is None
    assert figures.withheld_totals


def test_the_total_counts_each_child_once_when_nothing_in_its_column_is_withheld(children, events, place):
    kids = children(5, "NS1 1AB") + children(5, "NS2 1AB")
    events(kids, "csc.referral")
    events(kids[:5], "safeguarding.concern", location=place("NS3 1AB"))
    events(kids[:5], "safeguarding.concern", location=place("NS4 1AB"))     # the same five children again
    figures = partnership_figures(load_areas(), *PERIOD)
    assert figures.totals["referrals"].text == "10"
    assert row(figures, "NS3").figures["concerns"].text == "5" and row(figures, "NS4").figures["concerns"].text == "5"
    assert figures.totals["concerns"].text == "5"
    assert figures.totals["services"].text == "0"
    assert row(figures, ONLINE).figures["referrals"].state == "not_applicable"
    assert figures.largest == {"concerns": 5, "referrals": 5, "services": 0}


def test_figures_are_counted_in_sql_with_a_fixed_number_of_queries(children, events, place):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            partnership_figures(load_areas(), *PERIOD)
        return len(captured.captured_queries)

    events(children(5, "NS1 1AB"), "csc.referral")
    few = queries()
    for n in range(2, 10):
        kids = children(6, f"NS{n} 1AB")
        events(kids, "csc.referral")
        events(kids, "youth.session_attended", agency="school")
        events(kids, "safeguarding.concern", location=place(f"NS{n} 2AB"))
    assert few <= 6 and queries() <= 6                  # one grouped query per figure, and totals


@pytest.mark.parametrize("code", ["NS7 1AB", "NS71AB", "12 Linnet Close"])
def test_an_area_is_never_an_address_or_a_full_postcode(code):
    from joinedup.places.areas import AreasProblem

    with pytest.raises(AreasProblem, match="must be a postcode sector"):
        areas(code)
