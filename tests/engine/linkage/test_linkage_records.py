"""People rows become a flat linkage table; blanks and sentinel values become NULL."""

from datetime import date

import pytest

from engine.linkage.records import linkage_record

ROW = {
    "record_id": "NP1", "person_type": "child", "forename": "Lizzie", "middle_names": "Ann",
    "surname": "Smith-Jones", "former_surnames": ["O'Brien"], "date_of_birth": date(2012, 3, 7), "sex": "F",
    "address": "12 Rowan Street, Northbridge", "postcode": "ns1 7sf", "nhs_number": "492 307 8243",
    "upn": "a123456789012", "police_id": "NS000001B", "la_child_id": "",
}


def test_a_full_row():
    record = linkage_record("police", ROW)
    assert record["unique_id"] == "police:NP1"
    assert record["forename"] == "lizzie" and record["forename_canonical"] == "elizabeth"
    assert record["surname"] == "smith jones" and record["surname_std"] == "smithjones"
    assert set(record["surname_all"]) == {"smithjones", "smith", "jones", "obrien"}
    assert record["former_surnames"] == ["obrien"]
    assert (record["dob_year"], record["dob_month"], record["dob_day"]) == (2012, 3, 7)
    assert (record["postcode"], record["postcode_sector"], record["postcode_district"]) == ("NS1 7SF", "NS1 7", "NS1")
    assert record["address"] == "12 rowan street northbridge"
    assert record["nhs_number"] == "4923078243" and record["upn"] == "A123456789012"
    assert record["sex"] == "F"


@pytest.mark.parametrize("field,value,column", [
    ("date_of_birth", date(1900, 1, 1), "dob"),
    ("date_of_birth", None, "dob"),
    ("address", "NFA", "address"),
    ("address", "  ", "address"),
    ("postcode", "UNKNOWN", "postcode"),
    ("postcode", "N/A", "postcode_sector"),
    ("postcode", "not a postcode", "postcode"),
    ("surname", "Unknown", "surname"),
    ("surname", "", "surname_std"),
    ("forename", "N/A", "forename_canonical"),
    ("nhs_number", "0000000000", "nhs_number"),
    ("nhs_number", "", "nhs_number"),
    ("upn", "n/a", "upn"),
    ("sex", "U", "sex"),
])
def test_sentinels_become_null(field, value, column):
    assert linkage_record("csc", {**ROW, field: value})[column] is None


def test_sentinel_dob_nulls_its_parts():
    record = linkage_record("csc", {**ROW, "date_of_birth": date(1900, 1, 1)})
    assert record["dob_year"] is None and record["dob_month"] is None and record["dob_day"] is None


@pytest.mark.parametrize("kind,expected", [
    ("health", "4923078243"),      # a hospital tells its patients apart by NHS number
    ("school", "A123456789012"),   # a school by unique pupil number
    ("police", "NS000001B"),       # the police by their own person identifier
    ("social_care", "LA77"),       # children's social care by its local authority child id
    ("youth", None),               # a youth service has no identifier of its own
    (None, None),                  # an agency of unknown kind: none (its records never merge with each other)
])
def test_agency_key_is_the_identifier_the_agency_tells_people_apart_by(kind, expected):
    assert linkage_record("a", {**ROW, "la_child_id": "la 77"}, kind)["agency_key"] == expected


def test_agency_keys_column_wise_match_record_by_record(tmp_path):
    import pyarrow as pa

    from engine.linkage.records import linkage_table

    rows = [{**ROW, "record_id": "1"}, {**ROW, "record_id": "2", "nhs_number": "", "la_child_id": "LA 9"}]
    text = pa.Table.from_pylist([{k: (None if v in ("", None) else str(v) if not isinstance(v, list) else ";".join(v))
                                  for k, v in row.items()} for row in rows])
    for kind in ("health", "social_care", "police", "youth", None):
        table = linkage_table("a", text, kind)
        assert table.column("agency_key").to_pylist() == [linkage_record("a", r, kind)["agency_key"] for r in rows]


def test_a_postcode_that_is_not_uk_is_kept_raw_and_a_district_alone_is_a_district():
    """Issue 17, item 1: an Eircode or a foreign postal code is compared as written (spaces aside); a
    youth service's 'LS12' is a postcode district; words are no postcode."""
    eircode = linkage_record("csc", {**ROW, "postcode": "D02 X285"})
    assert (eircode["postcode"], eircode["postcode_sector"], eircode["postcode_district"]) == ("D02X285", None, None)
    assert linkage_record("csc", {**ROW, "postcode": "d02x285"})["postcode"] == "D02X285"
    assert linkage_record("csc", {**ROW, "postcode": "90-006"})["postcode"] == "90-006"
    district = linkage_record("youth", {**ROW, "postcode": "LS12"})
    assert (district["postcode"], district["postcode_district"]) == (None, "LS12")
    assert linkage_record("csc", {**ROW, "postcode": "see address"})["postcode"] is None
