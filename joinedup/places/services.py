"""Writes about places: find or create the one Location each place mention refers to."""

from engine.names import location_key
from joinedup.places.models import Location

__all__ = ["location_from_values", "resolve_locations"]


def location_from_values(values: dict, agency_code: str, default_kind: str = "address") -> dict | None:
    """The place a row mentions (its location_* fields), or None if it mentions none."""
    if not any(values.get(f) for f in ("location_id", "location_name", "location_address", "location_postcode")):
        return None
    kind = values.get("location_kind") or default_kind
    place = {
        "kind": kind,
        "name": values.get("location_name", ""),
        "address": values.get("location_address", ""),
        "postcode": values.get("location_postcode", ""),
    }
    place["key"] = location_key(agency=agency_code, location_id=values.get("location_id", ""), **place)
    return place


def resolve_locations(places: list[dict]) -> dict[str, int]:
    """Return key -> Location id for every place, creating those not yet known."""
    by_key = {place["key"]: place for place in places}
    if not by_key:
        return {}
    known = dict(Location.objects.filter(key__in=by_key).values_list("key", "id"))
    missing = [Location(**place) for key, place in by_key.items() if key not in known]
    if missing:
        Location.objects.bulk_create(missing, ignore_conflicts=True)
        known = dict(Location.objects.filter(key__in=by_key).values_list("key", "id"))
    return known
