"""The partnership map of places: concerns beside referrals and help, by area, counts of children only."""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from engine.vocabulary import load_vocabulary
from joinedup.accounts.models import Role
from joinedup.places.areas import AreasProblem, load_areas
from joinedup.places.figures import SUPPRESS_BELOW, partnership_figures
from joinedup.places.measures import measures

logger = logging.getLogger(__name__)

MAP_ROLES = {Role.ANALYST, Role.TEAM_MANAGER, Role.MASH_OFFICER}
MEASURE_CHOICES = [("concerns", "Children with concerns recorded at places"),
                   ("referrals", "Children referred, by where they live"),
                   ("services", "Children who received help, by where they live")]
# The learning the page quotes (a test checks each phrase is on these lines of the seed text).
CITATIONS = {
    "hotspots": {"file": "004", "section": "§6", "lines": "3581-3592",
                 "phrase": "local statistics seemingly confirming the"},
    "everywhere": {"file": "004", "section": "§6", "lines": "3586",
                   "phrase": "always assume that CSE is occurring in every area"},
    "boundaries": {"file": "004", "section": "§6", "lines": "3583-3584",
                   "phrase": "exploitation on the internet and in wider trafficking cases is not limited by"},
}


def may_see_map(user) -> bool:
    """Partnership analysts, team managers and MASH officers: counts only, never a child."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.role in MAP_ROLES)


class MapFilters(forms.Form):
    measure = forms.ChoiceField(label="Shown on the map", choices=MEASURE_CHOICES, widget=forms.RadioSelect,
                                required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # `from` is a Python keyword, so the dates are added here; the query string reads ?from=…&to=….
        for name, label in (("from", "From"), ("to", "To")):
            self.fields[name] = forms.DateField(label=label, required=False,
                                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        self.order_fields(["from", "to", "measure"])

    def clean(self):
        data = super().clean()
        end = data.get("to") or timezone.localdate()
        start = data.get("from") or _year_to(end)
        if start > end:
            raise forms.ValidationError("The ‘from’ date must be on or before the ‘to’ date.")
        data["from"], data["to"] = start, end
        data["measure"] = data.get("measure") or "concerns"
        return data


def _year_to(end: date) -> date:
    """The first day of the twelve months that end on `end` (22 November 2025 for 21 November 2026)."""
    try:
        return end.replace(year=end.year - 1) + timedelta(days=1)
    except ValueError:  # 29 February
        return end.replace(year=end.year - 1, day=28) + timedelta(days=1)


def _default_period() -> tuple[date, date]:
    end = timezone.localdate()
    return _year_to(end), end


def _map_data(area_map, figures, measure: str) -> dict:
    """What the map script draws: each area's shape and its three figures (withheld ones carry no number)."""
    by_code = {row.code: row for row in figures.areas}
    features = [{
        "type": "Feature",
        "geometry": area.geometry,
        "properties": {"code": area.code, "name": area.name,
                       "figures": {key: f.as_json() for key, f in by_code[area.code].figures.items()}},
    } for area in area_map.areas]
    tiles = None
    if getattr(settings, "JOINEDUP_MAP_TILE_URL", ""):
        tiles = {"url": settings.JOINEDUP_MAP_TILE_URL,
                 "attribution": getattr(settings, "JOINEDUP_MAP_TILE_ATTRIBUTION", "") or ""}
    return {
        "measure": measure,
        "labels": dict(MEASURE_CHOICES),
        "largest": figures.largest,
        "tiles": tiles,
        "areas": {"type": "FeatureCollection", "features": features},
    }


def _record_kinds() -> list[tuple[str, str, list[str]]]:
    """Each figure's heading, what it counts, and the labels of the event types behind it."""
    vocabulary = load_vocabulary()
    return [(m.label, m.description, sorted(vocabulary.event_types[code].label for code in m.event_types))
            for m in measures()]


@login_required
def partnership_map(request):
    if not may_see_map(request.user):
        raise PermissionDenied("Partnership analysts, team managers and MASH officers see the map of places.")
    (start, end), measure = _default_period(), "concerns"
    data = request.GET.copy()
    for name, default in (("from", start.isoformat()), ("to", end.isoformat()), ("measure", measure)):
        if not data.get(name):
            data[name] = default
    form = MapFilters(data)
    if form.is_valid():
        start, end, measure = form.cleaned_data["from"], form.cleaned_data["to"], form.cleaned_data["measure"]
    context = {"form": form, "start": start, "end": end, "measure": measure, "threshold": SUPPRESS_BELOW,
               "measure_label": dict(MEASURE_CHOICES)[measure], "columns": [(m.key, m.label) for m in measures()],
               "record_kinds": _record_kinds(), "citations": CITATIONS}
    try:
        area_map = load_areas()
    except AreasProblem as problem:
        logger.error("The map of places cannot draw its areas: %s", problem)
        return render(request, "places/map.html", {**context, "areas_problem": str(problem)}, status=500)
    figures = partnership_figures(area_map, start, end)
    return render(request, "places/map.html", {
        **context, "area_map": area_map, "figures": figures, "largest": figures.largest[measure],
        "map_data": _map_data(area_map, figures, measure),
    })
