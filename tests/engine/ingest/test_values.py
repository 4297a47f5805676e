from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.ingest.values import (
    nhs_number_is_valid,
    normalise_postcode,
    parse_date,
    parse_datetime,
    parse_list,
)


def _with_check_digit(nine: str) -> str | None:
    total = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return None if check == 10 else nine + str(check)


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_an_nhs_number_with_its_check_digit_is_valid_and_any_other_last_digit_is_not(nine):
    number = _with_check_digit(nine)
    if number is None:
        assert not any(nhs_number_is_valid(nine + str(d)) for d in range(10))
        return
    assert nhs_number_is_valid(number)
    assert not any(nhs_number_is_valid(nine + str(d)) for d in range(10) if str(d) != number[-1])


def test_a_published_example_nhs_number_is_valid():
    assert nhs_number_is_valid("9434765919")
    assert not nhs_number_is_valid("9434765918")


@pytest.mark.parametrize("raw, clean", [("nr12ab", "NR1 2AB"), ("SW1A 1AA", "SW1A 1AA"), (" m1  1ae ", "M1 1AE")])
def test_postcodes_are_normalised(raw, clean):
    assert normalise_postcode(raw) == clean


@pytest.mark.parametrize("raw", ["NR1", "12345", "ABC 123", ""])
def test_non_postcodes_are_refused(raw):
    with pytest.raises(ValueError):
        normalise_postcode(raw)


def test_dates_in_iso_and_british_order_are_read():
    assert parse_date("2012-04-03") == date(2012, 4, 3)
    assert parse_date("03/04/2012") == date(2012, 4, 3)
    with pytest.raises(ValueError, match="not a date"):
        parse_date("31/02/2012")


def test_a_bare_date_is_a_datetime_whose_time_is_not_known():
    assert parse_datetime("2025-03-01") == (datetime(2025, 3, 1), False)
    assert parse_datetime("2025-03-01T22:10") == (datetime(2025, 3, 1, 22, 10), True)


@given(st.lists(st.text(alphabet="abcXYZ019-", min_size=1), max_size=6))
def test_lists_round_trip_through_semicolons(items):
    assert parse_list(";".join(items)) == [item.strip() for item in items if item.strip()]
