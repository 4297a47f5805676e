"""Areas: codes are postcode sectors or districts; a configured GeoJSON file, or the synthetic layout."""

import json

import pytest

from joinedup.places.areas import (
    AreasProblem,
    load_areas,
    normalise_area_code,
    parse_areas,
    postcode_district,
    postcode_sector,
)


def feature(code, geometry=None, **properties):
    geometry = geometry or {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}
    return {"type": "Feature", "properties": {"code": code, **properties}, "geometry": geometry}


def collection(*features):
    return {"type": "FeatureCollection", "features": list(features)}


@pytest.mark.parametrize(("raw", "code"), [
    ("NS7 1", "NS7 1"), (" ns7   1 ", "NS7 1"), ("NS7", "NS7"), ("ec1a 1", "EC1A 1"), ("B1", "B1"),
    ("NS7 1AB", ""), ("NS71", "NS71"), ("", ""), (None, ""), ("Millbeck", ""), ("7NS", ""),
])
def test_area_codes_are_postcode_sectors_or_districts(raw, code):
    assert normalise_area_code(raw) == code


@pytest.mark.parametrize(("postcode", "district", "sector"), [
    ("NS7 1JQ", "NS7", "NS7 1"), ("ns71jq", "NS7", "NS7 1"), ("EC1A 1BB", "EC1A", "EC1A 1"),
    ("NS12 9AB", "NS12", "NS12 9"), ("NS7", "NS7", ""), ("", "", ""), ("N", "", ""),
])
def test_a_postcode_gives_its_district_and_sector(postcode, district, sector):
    assert (postcode_district(postcode), postcode_sector(postcode)) == (district, sector)


def test_parsing_reports_every_problem_with_the_feature_it_is_in():
    doc = collection(feature("NS7 1"), feature("NS7 1"), feature("NS7 1AB"), feature("NS8", {"type": "Point"}),
                     "not a feature")
    with pytest.raises(AreasProblem) as problem:
        parse_areas(doc, "areas.geojson")
    text = str(problem.value)
    assert text.startswith("areas.geojson: ")
    assert "feature 2 (NS7 1): the code NS7 1 is used by more than one feature" in text
    assert "feature 3 (NS7 1AB): `code` must be a postcode sector" in text
    assert "feature 4 (NS8): geometry must be a Polygon or MultiPolygon" in text
    assert "feature 5: is not a GeoJSON Feature" in text
    with pytest.raises(AreasProblem, match="must be a GeoJSON FeatureCollection"):
        parse_areas({"type": "Feature"})
    with pytest.raises(AreasProblem, match="no features"):
        parse_areas(collection())


def test_names_default_to_the_code_and_sectors_are_told_from_districts():
    area_map = parse_areas(collection(feature("ns7 1", name="Millbeck north"), feature("NS8")), "f")
    assert [(a.code, a.name, a.is_sector) for a in area_map.areas] == [("NS7 1", "Millbeck north", True),
                                                                      ("NS8", "NS8", False)]
    assert (area_map.sectors, area_map.districts, area_map.schematic) == (["NS7 1"], ["NS8"], False)


def test_without_a_configured_file_the_map_uses_the_synthetic_districts(settings):
    settings.JOINEDUP_MAP_AREAS = ""
    area_map = load_areas()
    assert area_map.source == "synthetic" and area_map.schematic
    assert [a.code for a in area_map.areas] == [f"NS{n}" for n in range(1, 13)]


def test_a_configured_file_is_read_and_read_again_when_it_changes(settings, tmp_path):
    path = tmp_path / "areas.geojson"
    path.write_text(json.dumps(collection(feature("NS7 1"))))
    settings.JOINEDUP_MAP_AREAS = str(path)
    assert [a.code for a in load_areas().areas] == ["NS7 1"]
    path.write_text(json.dumps(collection(feature("NS7 1"), feature("NS7 2"))))
    import os

    os.utime(path, ns=(1, 10**18))  # a different modification time, however fast the test runs
    assert [a.code for a in load_areas().areas] == ["NS7 1", "NS7 2"]
    path.write_text("{not json")
    os.utime(path, ns=(1, 2 * 10**18))
    with pytest.raises(AreasProblem, match="is not readable GeoJSON"):
        load_areas()
    settings.JOINEDUP_MAP_AREAS = str(tmp_path / "missing.geojson")
    with pytest.raises(AreasProblem, match="cannot be read"):
        load_areas()


def test_the_map_areas_command_writes_the_synthetic_layout_and_checks_a_file(tmp_path):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = tmp_path / "sectors.geojson"
    call_command("map_areas", "--synthetic", "sector", "--out", str(out), stdout=StringIO())
    said = StringIO()
    call_command("map_areas", "--check", str(out), stdout=said)
    assert said.getvalue().strip() == f"{out}: 108 postcode sectors and 0 postcode districts"
    out.write_text(json.dumps(collection(feature("NS7 1AB"))))
    with pytest.raises(CommandError, match="must be a postcode sector"):
        call_command("map_areas", "--check", str(out))
    with pytest.raises(CommandError, match="No such file"):
        call_command("map_areas", "--check", str(tmp_path / "missing.geojson"))
