"""The vectorised events reader gives exactly what the per-row reader gives: values, hashes and errors."""

import csv
import json
from datetime import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.ingest import load_formats, open_source
from engine.ingest.columnar import EventBatch, batch_from_rows, read_events_csv
from engine.ingest.rows import RowValidator

HEADER = ["event_id", "record_ids", "occurred_at", "recorded_at", "event_type", "note", "author", "child_seen",
          "information_source", "location_kind", "location_address", "location_postcode", "attributes", "shared_with"]

TRICKY = [
    ["E1", "R1", "2025-03-01T22:10", "", "police.domestic_abuse_incident", "Officers attended.", "PC 1", "Y",
     "first_hand", "", "1 Mill Lane", "nr1 2ab", '{"children_present": true}', "csc"],
    ["E2", "R1;R2", "01/02/2025", "2025-02-02 09:15:07", "appointment.was_not_brought", "Zoë's mum said \"no\"", "", "n",
     "Third_Party", "park", "", "NR12AB", '{"service": "CAMHS"}', ""],
    ["E3", "R1", "2025-02-30", "", "youth.concern", "impossible date", "", "", "", "", "", "", "", ""],
    ["E4", "R1", "2025-01-01T10:00:60", "", "youth.concern", "second 60", "", "", "", "", "", "", "", ""],
    ["E5", " R1 ; R2 ", " 2025-01-01 ", "", " Youth.Concern ", "  padded  ", "", "yes", "", "", "", "", "", "csc;"],
    ["E6", "R1", "2025-01-01T10:00+01:00", "", "youth.concern", "with an offset", "", "", "", "", "", "", "", ""],
    ["E7", "R1", "2025-01-01", "", "made.up", "unknown type", "", "", "", "", "", "", "", ""],
    ["E8", "R1", "2025-01-01", "", "youth.concern", "tab\there and a \\ backslash", "", "", "", "", "", "", "", ""],
    ["E9", "R1", "2025-01-01", "", "csc.missing_episode", "", "", "", "", "", "", "", '{"missing_type": "Q"}', ""],
    ["E10", "R1", "1879-12-31", "", "youth.concern", "", "", "", "", "", "", "", "", ""],
    ["E11", "R1", "2025-01-01", "", "youth.concern", "", "", "maybe", "", "", "", "", "", ""],
    ["E12", "R1", "2025-01-01", "", "youth.concern", "", "", "", "", "", "", "XX1", "", ""],
    ["E13", "R1", "2025-01-01", "", "youth.concern", "it's both ' and \"", "", "", "", "", "", "", "", ""],
    ["E14", "R1", "2025-01-01", "", "youth.concern", "x" * 20_001, "", "", "", "", "", "", "", ""],
    ["", "", "", "", "", "", "", "", "", "", "", "", "", ""],
    ["  ", "R1", "2025-01-01", "", "youth.concern", "", "", "", "", "", "", "", "", ""],
    ["E15", "R1", "2025-01-01", "", "youth.concern", "line one\nline two", "", "", "", "", "", "", "", ""],
    ["E16", "R1", "2025-01-01T07:05:00", "", "youth.concern", "\u00a0nbsp", "", "", "", "", "", "", "", ""],
    ["E17", "R1", "2025-01-01", "", "youth.concern", "", "", "", "", "", "", "", "not json", ""],
    ["E18", "R1", "2025-13-01", "", "youth.concern", "", "", "", "", "", "", "", "", ""],
]


def _both(path):
    source = open_source(path)
    direct = {row.line: row for row in source.rows()}
    validate = RowValidator(load_formats()["events"], source.file, known_columns=True)
    fast = {}
    for item in read_events_csv(path, source.file, validate):
        if isinstance(item, EventBatch):
            for index, record in enumerate(item.table.to_pylist()):
                fast[record["line"]] = (record, item.parsed_row(index))
        else:
            fast[item.line] = (None, item)
    return direct, fast


def _expected(row):
    """What the clean table should hold for a row the per-row reader accepted."""
    [record] = batch_from_rows([row]).table.to_pylist()
    return record


def _write(path, rows, ragged=()):
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(HEADER)
        out.writerows(rows)
        for row in ragged:
            handle.write(row + "\n")


def _check(tmp_path, rows, ragged=()):
    path = tmp_path / "events.csv"
    _write(path, rows, ragged)
    direct, fast = _both(path)
    assert sorted(direct) == sorted(fast)
    for line, row in direct.items():
        record, parsed = fast[line]
        if row.ok:
            assert record == _expected(row), line
            assert parsed.raw == row.raw
        else:
            assert record is None and parsed.errors == row.errors, line


def test_tricky_rows_get_the_per_row_verdict_values_and_hash(tmp_path):
    _check(tmp_path, TRICKY, ragged=["E99,R1,2025-01-01"])


def test_line_numbers_follow_multi_line_notes_and_blank_rows(tmp_path):
    path = tmp_path / "events.csv"
    _write(path, TRICKY[:2] + [TRICKY[16], [""] * len(HEADER), TRICKY[2]])
    direct, fast = _both(path)
    assert sorted(fast) == sorted(direct) == [2, 3, 4, 7]


cell = st.one_of(st.sampled_from(["", " ", "R1", "R1;R2", "2025-01-01", "2025-01-01T10:00", "31/12/2024",
                                  "youth.concern", "Y", "csc", "NR1 2AB", "it's", '{"service": "CAMHS"}']),
                 st.text(max_size=12))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(cell, min_size=len(HEADER), max_size=len(HEADER)), min_size=1, max_size=20))
def test_any_cells_get_the_same_verdict_both_ways(tmp_path, rows):
    rows = [[c.replace("\r", "").replace("\x00", "") for c in row] for row in rows]
    _check(tmp_path, rows)


def test_the_content_hash_matches_for_a_time_with_seconds(tmp_path):
    _check(tmp_path, [["E1", "R1", "2025-01-01T07:05:09", "", "youth.concern", "", "", "", "", "", "", "", "", ""]])
    assert datetime(2025, 1, 1, 7, 5, 9).second == 9 and json.dumps({}) == "{}"
