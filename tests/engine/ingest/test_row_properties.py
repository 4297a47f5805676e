"""Properties of row validation: any input gives clean values or located errors, never an exception."""

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.ingest import load_formats
from engine.ingest.rows import RowValidator

KINDS = load_formats()
text = st.text(max_size=30)
raw_rows = st.fixed_dictionaries({}, optional={name: st.one_of(text, st.none(), st.integers(), st.lists(text, max_size=3))
                                                for name in KINDS["events"].fields})


@settings(max_examples=300, deadline=None)
@given(raw_rows)
def test_any_events_row_is_either_clean_or_every_error_names_a_field(raw):
    row = RowValidator(KINDS["events"], "events.csv")(7, raw)
    assert row.ok == (row.values is not None)
    for error in row.errors:
        assert error.file == "events.csv" and error.line == 7 and error.field and error.reason


@settings(max_examples=200)
@given(st.dictionaries(st.text(min_size=1, max_size=12), text, max_size=6))
def test_unknown_fields_in_a_pushed_row_are_each_reported(raw):
    row = RowValidator(KINDS["people"], "api")(1, raw)
    unknown = set(raw) - set(KINDS["people"].fields)
    assert unknown <= {error.field for error in row.errors}


@given(st.sampled_from(["child", "adult"]), st.text(alphabet="abcdefghij", min_size=1, max_size=10),
       st.dates().map(lambda d: d.isoformat()))
def test_the_content_hash_ignores_surrounding_whitespace_and_column_order(person_type, name, born):
    spec = KINDS["people"]
    one = RowValidator(spec, "a")(1, {"record_id": "R1", "person_type": person_type, "forename": name,
                                      "surname": name, "date_of_birth": born})
    two = RowValidator(spec, "b")(1, {"date_of_birth": f" {born} ", "surname": name, "forename": f"{name} ",
                                      "person_type": person_type, "record_id": "R1"})
    if one.ok:
        assert one.content_hash == two.content_hash
