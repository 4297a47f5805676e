"""Check a GeoJSON areas file for the map of places, or write the synthetic partnership's schematic areas.

    joinedup map_areas --check /etc/joinedup/areas.geojson       # before setting JOINEDUP_MAP_AREAS
    joinedup map_areas --synthetic sector --out var/sectors.geojson
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from engine.synth.areas import LEVELS, area_layout
from joinedup.places.areas import AreasProblem, parse_areas


class Command(BaseCommand):
    help = "Check an areas file for the map of places, or write the synthetic partnership's schematic areas."

    def add_arguments(self, parser):
        what = parser.add_mutually_exclusive_group(required=True)
        what.add_argument("--check", metavar="FILE", help="a GeoJSON FeatureCollection of areas to check")
        what.add_argument("--synthetic", choices=LEVELS, help="write the synthetic layout at this level")
        parser.add_argument("--out", metavar="FILE", help="where to write the synthetic layout (default: stdout)")

    def handle(self, *args, check=None, synthetic=None, out=None, **options):
        if check:
            try:
                area_map = parse_areas(json.loads(Path(check).read_text(encoding="utf-8")), check)
            except (OSError, ValueError) as exc:  # AreasProblem is a ValueError
                raise CommandError(str(exc) if isinstance(exc, AreasProblem) else f"{check}: {exc}") from exc
            self.stdout.write(f"{check}: {len(area_map.sectors)} postcode sectors and "
                              f"{len(area_map.districts)} postcode districts")
            return
        text = json.dumps(area_layout(synthetic), ensure_ascii=False)
        if out:
            Path(out).write_text(text + "\n", encoding="utf-8")
            self.stdout.write(f"wrote {out}")
        else:
            self.stdout.write(text)
