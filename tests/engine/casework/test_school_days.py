"""Operation Encompass's next-school-day rule (issue 20): weekends, bank holidays, holidays between terms, half
terms and inset days roll forward; an incident before the school day starts is due that morning."""

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.casework.school_days import (
    SchoolCalendarError,
    build_school_calendar,
    load_school_calendar,
    of_school_age,
    school_year,
)

CALENDAR = {
    "day_starts": "08:30",
    "terms": [{"name": "Autumn term 2026", "starts": "2026-09-02", "ends": "2026-12-18"},
              {"name": "Spring term 2027", "starts": "2027-01-04", "ends": "2027-03-25"},
              {"name": "Summer term 2027", "starts": "2027-04-12", "ends": "2027-07-21"}],
    "breaks": [{"name": "October half term", "starts": "2026-10-26", "ends": "2026-10-30"}],
    "inset_days": ["2026-11-02"],
    "schools": {"hilltop": {"day_starts": "08:40", "inset_days": ["2027-01-04"]},
                "academy": {"terms": [{"name": "Academy autumn", "starts": "2026-09-07", "ends": "2026-12-16"},
                                      {"name": "Academy spring", "starts": "2027-01-06", "ends": "2027-03-25"}],
                            "breaks": []}},
}


@pytest.fixture(scope="module")
def calendar():
    return build_school_calendar(CALENDAR)


def due(calendar, when: str, school=None):
    return calendar.next_school_day(datetime.fromisoformat(when), school)


def test_a_friday_night_incident_is_due_before_monday_morning(calendar):
    found = due(calendar, "2026-12-04T22:40")
    assert found.starts == datetime(2026, 12, 7, 8, 30)
    assert "Saturday 5 December 2026 to Sunday 6 December 2026: the weekend" in found.basis
    assert not found.assumed


def test_an_incident_before_the_school_day_starts_is_due_that_morning(calendar):
    assert due(calendar, "2026-12-08T02:15").starts == datetime(2026, 12, 8, 8, 30)
    assert due(calendar, "2026-12-08T08:29").starts == datetime(2026, 12, 8, 8, 30)


def test_an_incident_once_school_has_started_is_due_the_next_school_day(calendar):
    assert due(calendar, "2026-12-08T08:30").starts == datetime(2026, 12, 9, 8, 30)
    assert due(calendar, "2026-12-08T15:00").starts == datetime(2026, 12, 9, 8, 30)


def test_a_school_starting_later_has_its_own_deadline(calendar):
    assert due(calendar, "2026-12-08T08:35", "hilltop").starts == datetime(2026, 12, 8, 8, 40)
    assert due(calendar, "2026-12-08T08:35").starts == datetime(2026, 12, 9, 8, 30)


def test_the_holiday_between_terms_rolls_to_the_first_day_of_term(calendar):
    found = due(calendar, "2026-12-18T20:00")
    assert found.day == date(2027, 1, 4)
    assert "the holiday between the Autumn term 2026 and the Spring term 2027" in found.basis


def test_a_school_inset_day_at_the_start_of_term_rolls_on_for_that_school_only(calendar):
    assert due(calendar, "2026-12-18T20:00", "hilltop").starts == datetime(2027, 1, 5, 8, 40)
    assert "Monday 4 January 2027: an inset day" in due(calendar, "2026-12-18T20:00", "hilltop").basis


def test_a_partnership_inset_day_after_half_term(calendar):
    found = due(calendar, "2026-10-23T18:00")
    assert found.day == date(2026, 11, 3)
    assert "October half term" in found.basis and "Monday 2 November 2026: an inset day" in found.basis


def test_a_bank_holiday_in_term_rolls_forward(calendar):
    # Easter Monday 29 March 2027 is outside term here; May Day, 3 May 2027, is inside the summer term
    found = due(calendar, "2027-04-30T19:00")
    assert found.day == date(2027, 5, 4)
    assert "a bank holiday (May Day)" in found.basis


def test_an_academy_with_its_own_terms(calendar):
    assert due(calendar, "2026-12-16T18:00", "academy").day == date(2027, 1, 6)
    assert due(calendar, "2026-12-16T18:00").day == date(2026, 12, 17)


def test_a_date_the_calendar_does_not_cover_is_taken_at_its_earliest_and_says_so(calendar):
    found = due(calendar, "2029-01-05T12:00")
    assert found.day == date(2029, 1, 8) and found.assumed
    assert "does not cover" in found.basis


def test_the_shipped_calendar_covers_the_demo_year_and_names_its_schools():
    shipped = load_school_calendar()
    assert shipped.covers(date(2026, 12, 7)) and shipped.covers(date(2027, 6, 1))
    assert shipped.day_starts("school-hilltop") == time(8, 40)
    assert not shipped.school_day(date(2026, 12, 7), "school-riverside").school_day


WHEN = st.datetimes(datetime(2026, 8, 1), datetime(2027, 9, 30))


@settings(max_examples=300, deadline=None)
@given(WHEN, st.sampled_from([None, "hilltop", "academy"]))
def test_the_deadline_is_the_first_school_day_start_after_the_incident(calendar, when, school):
    found = calendar.next_school_day(when, school)
    assert found.starts > when
    assert calendar.school_day(found.day, school).school_day
    day = when.date()
    while day < found.day:                  # no school day starts between the incident and the deadline
        start = datetime.combine(day, calendar.day_starts(school))
        assert not (start > when and calendar.school_day(day, school).school_day), day
        day += timedelta(days=1)


@pytest.mark.parametrize("dob, day, year, eligible", [
    (date(2021, 8, 31), date(2025, 9, 1), 0, True),       # youngest in reception
    (date(2021, 9, 1), date(2025, 9, 1), -1, False),      # nursery: not yet of school age
    (date(2020, 9, 1), date(2025, 12, 1), 0, True),       # oldest in reception
    (date(2008, 12, 6), date(2026, 12, 5), 13, True),     # 17, the day before turning 18
    (date(2008, 12, 6), date(2026, 12, 6), 13, False),    # 18 today
    (date(2012, 5, 9), date(2026, 12, 7), 10, True),  # 14, Year 10
])
def test_school_age_is_reception_to_seventeen(dob, day, year, eligible):
    assert school_year(dob, day) == year
    assert of_school_age(dob, day) is eligible


def test_no_date_of_birth_is_not_taken_as_school_age():
    assert of_school_age(None, date(2026, 12, 7)) is False


@pytest.mark.parametrize("change, message", [
    (lambda d: d.__setitem__("day_starts", "8.30am"), "HH:MM"),
    (lambda d: d["terms"].append({"name": "Overlap", "starts": "2026-12-01", "ends": "2026-12-20"}), "overlap"),
    (lambda d: d["breaks"].append({"name": "Christmas", "starts": "2026-12-20", "ends": "2027-01-02"}),
     "not inside one term"),
    (lambda d: d["inset_days"].append("2026-12-25"), "not inside a term"),
    (lambda d: d["terms"][0].__setitem__("ends", "2026-08-01"), "ends before it starts"),
    (lambda d: d.__setitem__("term_dates", []), "unknown key"),
    (lambda d: d["schools"].__setitem__("x", {"opening_hours": "9"}), "may give only"),
])
def test_the_loader_refuses_a_wrong_calendar_and_names_the_problem(change, message):
    import copy

    doc = copy.deepcopy(CALENDAR)
    change(doc)
    with pytest.raises(SchoolCalendarError, match=message):
        build_school_calendar(doc)


def test_a_deployment_supplies_its_own_calendar(tmp_path, monkeypatch):
    own = tmp_path / "calendar.yaml"
    own.write_text("day_starts: '09:00'\nterms: [{name: T, starts: 2026-09-01, ends: 2026-12-31}]\nbreaks: []\n")
    monkeypatch.setenv("JOINEDUP_SCHOOL_CALENDAR_FILE", str(own))
    load_school_calendar.cache_clear()
    try:
        assert load_school_calendar().day_starts() == time(9, 0)
    finally:
        load_school_calendar.cache_clear()
