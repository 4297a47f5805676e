"""The areas the partnership map counts by, and their shapes: a configured GeoJSON file, or the synthetic layout.

An area is a postcode sector ("NS7 1") or a postcode district ("NS7"): every place and every child's
address with a postcode falls in one, and neither names an address. A deployment sets JOINEDUP_MAP_AREAS
to a GeoJSON FeatureCollection of its boundaries (for example postcode sectors cut to the local
authority), each feature with a `code` property (the sector or district) and an optional `name`. Unset,
the map uses the synthetic partnership's schematic hex layout (engine/synth/areas.py), made offline.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from engine.synth.areas import area_layout

__all__ = ["Area", "AreaMap", "AreasProblem", "load_areas", "normalise_area_code", "parse_areas",
           "postcode_district", "postcode_sector"]

_DISTRICT = r"[A-Z]{1,2}[0-9][0-9A-Z]?"
DISTRICT_RE = re.compile(rf"^{_DISTRICT}$")
SECTOR_RE = re.compile(rf"^{_DISTRICT} [0-9]$")


class AreasProblem(ValueError):
    """The configured areas file cannot be used; the message names the file and each problem."""


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    geometry: dict

    @property
    def is_sector(self) -> bool:
        return " " in self.code


@dataclass(frozen=True)
class AreaMap:
    areas: tuple[Area, ...]
    source: str  # the configured file, or "synthetic"
    schematic: bool  # a diagram (the synthetic layout), not real boundaries

    @property
    def sectors(self) -> list[str]:
        return [a.code for a in self.areas if a.is_sector]

    @property
    def districts(self) -> list[str]:
        return [a.code for a in self.areas if not a.is_sector]


def normalise_area_code(code: object) -> str:
    """'ns7  1' -> 'NS7 1'; '' if it is neither a postcode sector nor a district."""
    text = " ".join(str(code or "").upper().split())
    return text if SECTOR_RE.match(text) or DISTRICT_RE.match(text) else ""


def _compact(postcode: str) -> str:
    return "".join((postcode or "").upper().split())


def postcode_district(postcode: str) -> str:
    """The outward code of a postcode ('NS7 1JQ' -> 'NS7'); an outward code alone is its own district."""
    pc = _compact(postcode)
    if len(pc) >= 5:
        return pc[:-3]
    return pc if len(pc) >= 2 else ""


def postcode_sector(postcode: str) -> str:
    """The sector of a full postcode ('NS7 1JQ' -> 'NS7 1'); '' for a partial one."""
    pc = _compact(postcode)
    return f"{pc[:-3]} {pc[-3]}" if len(pc) >= 5 else ""


def _geometry_problem(geometry: object) -> str:
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        return "geometry must be a Polygon or MultiPolygon"
    coordinates = geometry.get("coordinates")
    if not isinstance(coordinates, list) or not coordinates:
        return "geometry has no coordinates"
    return ""


def parse_areas(doc: object, source: str = "synthetic") -> AreaMap:
    """The areas of a GeoJSON FeatureCollection; raises AreasProblem listing every problem."""
    problems: list[str] = []
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        raise AreasProblem(f"{source}: must be a GeoJSON FeatureCollection")
    areas: list[Area] = []
    seen: set[str] = set()
    for n, feature in enumerate(doc["features"], start=1):
        if not isinstance(feature, dict):
            problems.append(f"feature {n}: is not a GeoJSON Feature")
            continue
        properties = feature.get("properties") or {}
        raw = properties.get("code")
        code = normalise_area_code(raw)
        where = f"feature {n}" + (f" ({raw})" if raw else "")
        if not code:
            problems.append(f"{where}: `code` must be a postcode sector (e.g. 'NS7 1') or district (e.g. 'NS7')")
            continue
        if code in seen:
            problems.append(f"{where}: the code {code} is used by more than one feature")
            continue
        problem = _geometry_problem(feature.get("geometry"))
        if problem:
            problems.append(f"{where}: {problem}")
            continue
        seen.add(code)
        areas.append(Area(code, str(properties.get("name") or code), feature["geometry"]))
    if not areas and not problems:
        problems.append("it has no features")
    if problems:
        raise AreasProblem(f"{source}: " + "; ".join(problems))
    return AreaMap(tuple(areas), source, bool(doc.get("schematic")))


_CACHE: dict[tuple, AreaMap] = {}


def load_areas() -> AreaMap:
    """The configured areas (read again when the file changes), or the synthetic partnership's layout."""
    configured = getattr(settings, "JOINEDUP_MAP_AREAS", "") or ""
    if not configured:
        key: tuple = ("synthetic",)
        if key not in _CACHE:
            _CACHE[key] = parse_areas(area_layout("district"), "synthetic")
        return _CACHE[key]
    path = Path(configured)
    try:
        key = (str(path), path.stat().st_mtime_ns)
    except OSError as exc:
        raise AreasProblem(f"{path}: cannot be read ({exc.strerror})") from exc
    if key not in _CACHE:
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise AreasProblem(f"{path}: is not readable GeoJSON ({exc})") from exc
        _CACHE.clear()
        _CACHE[key] = parse_areas(doc, str(path))
    return _CACHE[key]
