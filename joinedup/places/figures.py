"""The partnership map's figures: children counted by area in SQL, and the rule that withholds small ones.

Counting happens in the database, one grouped query per figure (never a loop over events in Python):
each event's postcode -- the place's for concerns, the child's address for referrals and help -- is
cut to its sector and district by SQL string functions that SQLite and PostgreSQL share, matched to
the configured areas, and the distinct children in each area counted. A child is their linked person,
or their identity record before linkage.

Suppression (docs/map.md):
* a figure of 1 to 4 children is withheld and shown as "fewer than 5" (its number never reaches the page);
* 0 is shown as 0: none recorded is worth seeing, and says nothing about any one child;
* a column's total is shown only when no figure in that column is withheld, so a withheld figure can
  never be worked out by taking the others from the total.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import BigIntegerField, Case, CharField, Count, F, Value, When
from django.db.models.functions import Coalesce, Concat, Length, Replace, Substr, Upper
from django.utils import timezone

from joinedup.events.models import EventSubject
from joinedup.places.areas import AreaMap
from joinedup.places.measures import MEASURES, Measure, measures

__all__ = ["NOT_RECORDED", "ONLINE", "OUTSIDE", "SUPPRESS_BELOW", "Figure", "MapFigures", "children_by_area",
           "children_in_partnership", "figure", "partnership_figures"]

SUPPRESS_BELOW = 5
# Rows beside the areas (codes no postcode area can have).
ONLINE = "~online"  # concerns recorded in an online space: not limited by local boundaries (004 §6 L3583-3584)
OUTSIDE = "~outside"  # a postcode in none of the mapped areas, or one that is not recognised
NOT_RECORDED = "~none"  # no place, or no postcode, recorded
EXTRA_ROWS = {
    ONLINE: "Online spaces",
    OUTSIDE: "Postcode outside the mapped areas or not recognised",
    NOT_RECORDED: "No place or postcode recorded",
}


def _period(start: date, end: date) -> tuple[datetime, datetime]:
    """From the start of `start` to the end of `end`, local time."""
    zone = timezone.get_current_timezone()
    return (timezone.make_aware(datetime.combine(start, time.min), zone),
            timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), zone))


def _subjects(m: Measure, start: date, end: date):
    """The children the measure's events in the period are about (one row per event and child record)."""
    since, before = _period(start, end)
    return EventSubject.objects.filter(
        event__event_type__in=m.event_types, event__occurred_at__gte=since, event__occurred_at__lt=before,
        record__person_type="child",
    )


def _child():
    """The child a row is about: their linked person, or (before linkage) their own record, negated."""
    return Coalesce(F("record__person_id"), Value(0) - F("record_id"), output_field=BigIntegerField())


def _with_area(qs, m: Measure, area_map: AreaMap):
    """Annotate `area`: the mapped area code, or one of ONLINE, OUTSIDE and NOT_RECORDED."""
    postcode = "event__location__postcode" if m.where == "place" else "record__postcode"
    qs = qs.annotate(map_pc=Upper(Replace(F(postcode), Value(" "), Value(""))))
    qs = qs.annotate(map_pc_len=Length("map_pc"))
    outward = Substr("map_pc", 1, F("map_pc_len") - 3)
    qs = qs.annotate(
        map_district=Case(When(map_pc_len__gte=5, then=outward), When(map_pc_len__gte=2, then=F("map_pc")),
                          default=Value(""), output_field=CharField()),
        map_sector=Case(When(map_pc_len__gte=5, then=Concat(outward, Value(" "), Substr("map_pc", F("map_pc_len") - 2, 1),
                                                          output_field=CharField())),
                        default=Value(""), output_field=CharField()),
    )
    whens = []
    if m.where == "place":
        whens.append(When(event__location__kind="online", then=Value(ONLINE)))
    if area_map.sectors:
        whens.append(When(map_sector__in=area_map.sectors, then=F("map_sector")))
    if area_map.districts:
        whens.append(When(map_district__in=area_map.districts, then=F("map_district")))
    whens.append(When(map_pc_len__gte=2, then=Value(OUTSIDE)))
    return qs.annotate(area=Case(*whens, default=Value(NOT_RECORDED), output_field=CharField()))


def children_by_area(m: Measure, area_map: AreaMap, start: date, end: date) -> dict[str, int]:
    """Distinct children per area code (and per extra row) for one measure over the period, counted in SQL."""
    rows = (_with_area(_subjects(m, start, end), m, area_map)
            .values("area").annotate(children=Count(_child(), distinct=True)).order_by())
    return {row["area"]: row["children"] for row in rows}


def children_in_partnership(m: Measure, start: date, end: date) -> int:
    """Distinct children for one measure over the period, wherever they are (each child once)."""
    return _subjects(m, start, end).aggregate(children=Count(_child(), distinct=True))["children"]


@dataclass(frozen=True)
class Figure:
    """One cell: the number of children, unless withheld."""

    value: int | None  # None when withheld or not applicable: the number never reaches the page
    state: str  # shown | zero | suppressed | withheld | not_applicable

    @property
    def text(self) -> str:
        return {
            "suppressed": f"fewer than {SUPPRESS_BELOW}",
            "withheld": "not shown",
            "not_applicable": "not applicable",
        }.get(self.state, str(self.value))

    def as_json(self) -> dict:
        return {"value": self.value, "state": self.state, "text": self.text}


def figure(n: int) -> Figure:
    """0 is shown as 0; 1 to 4 is withheld; 5 or more is shown."""
    if n == 0:
        return Figure(0, "zero")
    if n < SUPPRESS_BELOW:
        return Figure(None, "suppressed")
    return Figure(n, "shown")


@dataclass
class Row:
    code: str
    label: str
    figures: dict[str, Figure] = field(default_factory=dict)

    @property
    def cells(self) -> list[Figure]:
        return [self.figures[key] for key in MEASURES]


@dataclass
class MapFigures:
    start: date
    end: date
    areas: list[Row]
    extra_rows: list[Row]
    totals: dict[str, Figure]
    largest: dict[str, int]  # the largest figure shown for an area, per measure (for shading the map)

    @property
    def total_cells(self) -> list[Figure]:
        return [self.totals[key] for key in MEASURES]

    @property
    def withheld_totals(self) -> bool:
        return any(f.state == "withheld" for f in self.totals.values())

    @property
    def any_suppressed(self) -> bool:
        return any(f.state == "suppressed" for row in self.areas + self.extra_rows for f in row.figures.values())


def partnership_figures(area_map: AreaMap, start: date, end: date) -> MapFigures:
    """Every area's three figures for the period, with the extra rows and totals, suppression applied."""
    areas = [Row(a.code, a.name) for a in area_map.areas]
    extra = [Row(code, label) for code, label in EXTRA_ROWS.items()]
    totals: dict[str, Figure] = {}
    largest: dict[str, int] = {}
    for m in measures():
        counts = children_by_area(m, area_map, start, end)
        for row in areas + extra:
            if row.code == ONLINE and m.where != "place":
                row.figures[m.key] = Figure(None, "not_applicable")
            else:
                row.figures[m.key] = figure(counts.get(row.code, 0))
        column = [row.figures[m.key] for row in areas + extra]
        if any(f.state == "suppressed" for f in column):
            totals[m.key] = Figure(None, "withheld")
        else:
            totals[m.key] = figure(children_in_partnership(m, start, end))
        largest[m.key] = max((row.figures[m.key].value or 0 for row in areas), default=0)
    return MapFigures(start, end, areas, extra, totals, largest)
