"""A schematic map of the synthetic partnership's areas, made offline: one hexagon per postcode area.

Northshire is invented (engine/synth/data/places.yaml), so it has no boundaries to draw. The partnership
map (docs/map.md) still needs a shape for each area, so this lays the synthetic postcode districts, or
their sectors, out as a hex map: each town's areas next to each other, in the order places.yaml lists
them, spiralling out from the middle. Nothing is random and nothing is downloaded: the same reference
data always gives the same map, byte for byte. It is a diagram, not geography, and the map page says so.

    from engine.synth.areas import area_layout
    geojson = area_layout("district")   # 12 areas: NS1 .. NS12
    geojson = area_layout("sector")     # 108 areas: NS1 1 .. NS12 9

A real partnership configures a GeoJSON file of real boundaries instead (JOINEDUP_MAP_AREAS).
"""

from __future__ import annotations

import math

from engine.synth import refdata

__all__ = ["LEVELS", "ORIGIN", "area_codes", "area_layout", "hex_spiral"]

LEVELS = ("district", "sector")
# An invented county needs somewhere to sit when a deployment adds map tiles; the middle of the north of
# England is as good as anywhere. The page says the shapes are a diagram whatever lies beneath them.
ORIGIN = (54.2, -1.6)  # latitude, longitude of the middle hexagon
_SIZE = {"district": 0.06, "sector": 0.02}  # hexagon radius in degrees of longitude
SECTORS = range(1, 10)  # the synthesiser gives every street a sector digit 1..9 (engine/synth/places.py)

# Axial directions round a hexagon, in the order a ring is walked.
_DIRECTIONS = ((1, 0), (1, -1), (0, -1), (-1, 0), (-1, 1), (0, 1))


def hex_spiral(n: int) -> list[tuple[int, int]]:
    """The first n cells of a hexagonal spiral (axial q, r): the middle, then ring 1, ring 2, ..."""
    cells = [(0, 0)]
    ring = 1
    while len(cells) < n:
        q, r = -ring, ring  # start each ring at the cell `ring` steps in direction 4 (south-west)
        for dq, dr in _DIRECTIONS:
            for _ in range(ring):
                cells.append((q, r))
                q, r = q + dq, r + dr
        ring += 1
    return cells[:n]


def area_codes(level: str = "district") -> list[tuple[str, str]]:
    """(code, name) of every synthetic area at this level, towns in places.yaml order."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    out = []
    for town in refdata.places()["towns"]:
        for district in town["districts"]:
            if level == "district":
                out.append((district, f"{district}, {town['name']}"))
            else:
                out.extend((f"{district} {s}", f"{district} {s}, {town['name']}") for s in SECTORS)
    return out


def _hexagon(q: int, r: int, size: float) -> list[list[float]]:
    """A pointy-topped hexagon's closed ring of [longitude, latitude] corners, anticlockwise.

    Latitude steps are scaled by cos(latitude) so the hexagons look regular on a Web Mercator map.
    """
    lat0, lng0 = ORIGIN
    squash = math.cos(math.radians(lat0))
    x = size * math.sqrt(3) * (q + r / 2)
    y = size * 1.5 * r
    ring = []
    for i in range(7):
        angle = math.radians(60 * (i % 6) - 30)
        lng = lng0 + x + size * math.cos(angle)
        lat = lat0 - (y + size * math.sin(angle)) * squash
        ring.append([round(lng, 6), round(lat, 6)])
    return ring[::-1]  # anticlockwise, as RFC 7946 asks of an outer ring


def area_layout(level: str = "district") -> dict:
    """A GeoJSON FeatureCollection: one hexagon per synthetic area, with properties code, name and town."""
    codes = area_codes(level)
    size = _SIZE[level]
    towns = {district: town["name"] for town in refdata.places()["towns"] for district in town["districts"]}
    features = []
    for (code, name), (q, r) in zip(codes, hex_spiral(len(codes)), strict=True):
        features.append({
            "type": "Feature",
            "properties": {"code": code, "name": name, "town": towns[code.split(" ")[0]]},
            "geometry": {"type": "Polygon", "coordinates": [_hexagon(q, r, size)]},
        })
    return {"type": "FeatureCollection", "name": f"Northshire postcode {level}s (schematic)",
            "schematic": True, "features": features}
