"""The synthetic partnership's schematic map: every postcode it writes falls in one area, drawn the same each time."""

from __future__ import annotations

import json

import pytest

from engine.synth.areas import area_codes, area_layout, hex_spiral


def _postcodes(root, io) -> set[str]:
    found = set()
    for agency in ("police", "csc", "school-hilltop", "school-riverside"):
        found |= {r["postcode"] for r in io.csv(root / agency / "people.csv")}
        found |= {r["location_postcode"] for r in io.csv(root / agency / "events.csv")}
    found |= {r.get("postcode", "") for r in io.jsonl(root / "youth" / "people.jsonl")}
    return {"".join(p.upper().split()) for p in found if p}


@pytest.mark.parametrize("level", ["district", "sector"])
def test_every_postcode_the_synthesiser_writes_falls_in_an_area(synth_out, io, level):
    codes = {code for code, _ in area_codes(level)}
    postcodes = _postcodes(synth_out, io)
    assert postcodes
    for pc in postcodes:
        area = pc[:-3] if level == "district" else f"{pc[:-3]} {pc[-3]}"
        assert area in codes, pc


def test_the_layout_is_the_same_every_time_and_one_closed_hexagon_per_area():
    assert json.dumps(area_layout("sector")) == json.dumps(area_layout("sector"))
    layout = area_layout("district")
    assert layout["schematic"] is True
    assert [f["properties"]["code"] for f in layout["features"]] == [f"NS{n}" for n in range(1, 13)]
    assert layout["features"][6]["properties"] == {"code": "NS7", "name": "NS7, Hallow Vale", "town": "Hallow Vale"}
    for f in layout["features"]:
        [ring] = f["geometry"]["coordinates"]
        assert len(ring) == 7 and ring[0] == ring[-1]
        area = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False)) / 2
        assert area > 0  # anticlockwise, as RFC 7946 asks


def test_the_spiral_gives_distinct_cells_each_next_to_the_one_before_within_a_ring():
    cells = hex_spiral(19)
    assert len(set(cells)) == 19 and cells[0] == (0, 0)
    neighbours = {(1, 0), (1, -1), (0, -1), (-1, 0), (-1, 1), (0, 1)}
    for ring_start, ring_end in ((1, 7), (7, 19)):
        for (q0, r0), (q1, r1) in zip(cells[ring_start:ring_end], cells[ring_start + 1:ring_end], strict=False):
            assert (q1 - q0, r1 - r0) in neighbours


def test_an_unknown_level_is_refused():
    with pytest.raises(ValueError, match="level must be one of"):
        area_codes("ward")
