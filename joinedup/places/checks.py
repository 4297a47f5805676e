"""Configuration checks for the partnership map, run by `manage.py check` and at start-up (docs/map.md)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Warning, register

from joinedup.places.areas import AreasProblem, load_areas


@register()
def map_configuration(app_configs=None, **kwargs) -> list:
    problems = []
    try:
        load_areas()
    except AreasProblem as exc:
        problems.append(Error(f"JOINEDUP_MAP_AREAS cannot be used: {exc}", id="places.E001",
                              hint="A GeoJSON FeatureCollection whose features have a `code` property "
                                   "(a postcode sector such as 'NS7 1' or a district such as 'NS7'); see docs/map.md."))
    url = getattr(settings, "JOINEDUP_MAP_TILE_URL", "") or ""
    if url:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc or not all(
                part in url for part in ("{z}", "{x}", "{y}")):
            problems.append(Error("JOINEDUP_MAP_TILE_URL must be an http(s) URL with {z}, {x} and {y} in it",
                                  id="places.E002", hint="For example https://tiles.example.org/{z}/{x}/{y}.png"))
        elif not getattr(settings, "JOINEDUP_MAP_TILE_ATTRIBUTION", ""):
            problems.append(Warning("JOINEDUP_MAP_TILE_URL is set without JOINEDUP_MAP_TILE_ATTRIBUTION",
                                    id="places.W001", hint="Most tile providers' terms require their attribution "
                                                           "on the map (for example '© OpenStreetMap contributors')."))
    return problems
