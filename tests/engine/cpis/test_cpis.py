"""CP-IS in the engine: who is flagged (a plan or care, now or in the last 12 months) and the CSV files."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.cpis.docs import render_cpis_markdown
from engine.cpis.files import FileError, read_rows, write_rows
from engine.cpis.status import Span, flags_on, spans_from_records

DOCS = Path(__file__).resolve().parents[3] / "docs" / "cpis-format.md"


def test_a_plan_is_flagged_while_current_and_for_twelve_months_after():
    [span] = spans_from_records([("start", "CPP", date(2025, 3, 1), "csc"), ("end", "CPP", date(2025, 12, 10), "csc")])
    assert span == Span("CPP", date(2025, 3, 1), date(2025, 12, 10), "csc")
    assert span.current(date(2025, 12, 10)) and not span.current(date(2025, 12, 11))
    assert flags_on([span], date(2026, 12, 10)) == [span]              # twelve months to the day
    assert flags_on([span], date(2026, 12, 11)) == []
    assert flags_on([span], date(2025, 2, 28)) == []                    # not before it started


def test_an_unborn_plan_ends_with_a_plan_end_and_care_is_a_flag_of_its_own():
    spans = spans_from_records([("start", "UCPP", date(2026, 1, 5), "csc"), ("end", "CPP", date(2026, 6, 1), "csc"),
                                ("start", "CLA", date(2026, 3, 1), "csc")])
    assert [(s.plan_type, s.end) for s in spans] == [("UCPP", date(2026, 6, 1)), ("CLA", None)]
    on = date(2026, 7, 1)
    assert [(s.plan_type, s.current(on)) for s in flags_on(spans, on)] == [("CLA", True), ("UCPP", False)]


def test_a_second_start_while_one_is_open_does_not_start_another_plan():
    spans = spans_from_records([("start", "CPP", date(2026, 1, 5), "a"), ("start", "CPP", date(2026, 2, 5), "b"),
                                ("end", "CPP", date(2026, 5, 1), "a")])
    assert spans == [Span("CPP", date(2026, 1, 5), date(2026, 5, 1), "a")]


DAYS = st.dates(date(2020, 1, 1), date(2027, 12, 31))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["start", "end"]), st.sampled_from(["CPP", "CLA"]), DAYS), max_size=8), DAYS)
def test_flags_are_exactly_the_spans_current_or_ended_within_a_year(rows, on):
    spans = spans_from_records([(w, t, d, "x") for w, t, d in rows])
    assert all(s.end is None or s.end >= s.start for s in spans)
    shown = flags_on(spans, on)
    assert len({s.plan_type for s in shown}) == len(shown)
    for span in shown:
        assert span.start <= on and (span.end is None or span.end >= on - timedelta(days=366))


PLANS = ("nhs_number,date_of_birth,plan_type,start_date,end_date,la_code,la_name,la_office_phone,"
         "la_out_of_hours_phone\n")


def test_a_plans_file_is_read_and_every_problem_is_named():
    rows, errors = read_rows((PLANS + "9434765919,2012-05-09,CPP,2026-01-05,,X99NS,Northshire,01632 960100,"
                                      "01632 960999\n"
                                      "9434765918,2012-05-09,CPX,2026-13-05,,X99NS,Northshire,,\n"
                                      "9434765919,2012-05-09,CPP,2026-01-05,,X99NS,Northshire,,\n"
                                      "4010232137,,CLA,2026-03-01,2026-02-01,X99NS,,,\n").splitlines(), "plans", "p.csv")
    assert [r["line"] for r in rows] == [2]
    assert rows[0]["plan_type"] == "CPP" and rows[0]["end_date"] is None
    found = {(e.line, e.field) for e in errors}
    assert {(3, "nhs_number"), (3, "plan_type"), (3, "start_date"), (4, "la_code"), (5, "la_name")} <= found
    assert str(errors[0]).startswith("p.csv, line 3, field nhs_number:")


def test_text_longer_than_its_field_is_refused_not_cut():
    _, errors = read_rows([PLANS, f"9434765919,,CPP,2026-01-05,,{'X' * 21},Northshire,,\n"], "plans", "p.csv")
    assert [(e.field, e.reason) for e in errors] == [("la_code", "longer than 20 characters")]


def test_unknown_or_missing_columns_refuse_the_file():
    with pytest.raises(FileError, match="unknown columns"):
        read_rows(["nhs_number,colour\n"], "plans", "p.csv")
    with pytest.raises(FileError, match="required columns missing"):
        read_rows(["nhs_number,plan_type\n"], "plans", "p.csv")


def test_what_is_written_reads_back_and_no_cell_is_a_formula():
    row = {"nhs_number": "9434765919", "date_of_birth": date(2012, 5, 9), "plan_type": "CPP",
           "start_date": date(2026, 1, 5), "end_date": None, "la_code": "X99NS", "la_name": "=HYPERLINK(x)",
           "la_office_phone": "", "la_out_of_hours_phone": "", "la_child_id": ""}
    text = write_rows([row], "plans")
    assert "'=HYPERLINK(x)" in text
    [back], errors = read_rows(text.splitlines(), "plans", "x.csv")
    assert errors == [] and back["start_date"] == date(2026, 1, 5) and back["nhs_number"] == "9434765919"


def test_the_documentation_is_generated_from_the_formats():
    assert DOCS.read_text(encoding="utf-8") == render_cpis_markdown(), \
        "docs/cpis-format.md is stale: run .venv/bin/python -m engine.cpis.docs > docs/cpis-format.md"
