"""Reads about a context, filtered by need-to-know.

Context records themselves (referrals, assessments, plans, conferences) are multi-agency: every user who
reads case data reads them. What agencies hold about the people connected to a context is not: a link or an
event is shown to a user only as the person's own record would be (their agency's, shared with their agency,
or every agency's for whole-picture users and the child's allocated worker). The rest is counted, by agency,
never shown, so a practitioner knows there is more and can ask the MASH (R05).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone

from joinedup.associations.models import Association
from joinedup.contexts.models import Context, ContextPlan
from joinedup.events.models import Event, EventShare
from joinedup.people.models import Allocation

__all__ = ["ContextLinks", "LinkRow", "context_links", "contexts_for", "event_summary", "open_actions"]

YEARS_SHOWN = 5


def contexts_for(user, *, kind: str = "", q: str = "") -> QuerySet[Context]:
    contexts = Context.objects.select_related("location", "group", "agency")
    if kind:
        contexts = contexts.filter(kind=kind)
    if q.strip():
        text = q.strip()
        contexts = contexts.filter(Q(name__icontains=text) | Q(location__address__icontains=text)
                                   | Q(location__postcode__icontains=text.replace(" ", "")))
    return contexts.annotate(referral_count=Count("referrals", distinct=True),
                             latest_referral=Max("referrals__referred_at"),
                             last_conference=Max("conferences__held_on")).order_by("name", "id")


def _allocated_to(user) -> set[int]:
    today = timezone.localdate()
    return set(Allocation.objects.filter(worker=user, start_date__lte=today)
               .filter(Q(end_date__isnull=True) | Q(end_date__gte=today)).values_list("person_id", flat=True))


@dataclass
class LinkRow:
    link: Association
    person: object | None          # the linked Person (None if the record is not yet linked to a person)
    name: str


@dataclass
class ContextLinks:
    rows: list[LinkRow] = field(default_factory=list)
    hidden_children: int = 0
    hidden_adults: int = 0
    hidden_by_agency: list[tuple[str, int]] = field(default_factory=list)

    @property
    def hidden(self) -> bool:
        return bool(self.hidden_by_agency)

    def hidden_sentence(self, any_shown: bool) -> str:
        """E.g. "3 further children known to other agencies are linked to this context (Northshire Police: 4
        links). Ask the MASH if you need to know more." Counts only: never a name or what the link says."""
        if not self.hidden:
            return ""
        further = "further " if any_shown else ""
        parts = []
        if self.hidden_children:
            n = self.hidden_children
            parts.append(f"{n} {further}{'child' if n == 1 else 'children'}")
        if self.hidden_adults:
            n = self.hidden_adults
            parts.append(f"{n} {'' if parts else further}{'adult' if n == 1 else 'adults'}")
        total = self.hidden_children + self.hidden_adults
        agencies = "; ".join(f"{name}: {n} link{'' if n == 1 else 's'}" for name, n in self.hidden_by_agency)
        return (f"{' and '.join(parts)} known to other agencies {'is' if total == 1 else 'are'} linked to this "
                f"context ({agencies}). Ask the MASH if you need to know more.")


def _links(context: Context) -> QuerySet[Association]:
    if context.location_id:
        links = Association.objects.filter(location_id=context.location_id)
    elif context.group_id:
        links = Association.objects.filter(group_id=context.group_id)
    else:
        return Association.objects.none()
    return links.select_related("agency", "record__person", "record__agency").order_by("-valid_from", "-id")


def context_links(user, context: Context) -> ContextLinks:
    """Person–place and person–group links to the context that the user may read, and counts of the rest.

    Each link is one agency's information (source agency, date observed, how known, verified or not), never a
    fact about the person (guidance §3.4: names must not be used as fact by other services)."""
    result = ContextLinks()
    whole = user.sees_whole_picture
    allocated = set() if whole else _allocated_to(user)
    hidden_people: dict[int | str, str] = {}
    hidden_agencies: Counter = Counter()
    for link in _links(context):
        person = link.record.person
        if whole or link.agency_id == user.agency_id or (person is not None and person.pk in allocated):
            name = person.display_name if person else link.record.full_name
            result.rows.append(LinkRow(link, person, name))
        else:
            hidden_agencies[link.agency.name] += 1
            key = person.pk if person else f"record-{link.record_id}"
            hidden_people[key] = person.person_type if person else link.record.person_type
    kinds = Counter(hidden_people.values())
    result.hidden_children, result.hidden_adults = kinds.get("child", 0), kinds.get("adult", 0)
    result.hidden_by_agency = sorted(hidden_agencies.items())
    return result


def event_summary(user, context: Context) -> dict:
    """Events recorded at the context's place, by agency and type over the years; for users who do not see the
    whole picture, other agencies' unshared events are counted by agency only."""
    empty = {"rows": [], "years": [], "earlier": False, "withheld": [], "total": 0}
    if not context.location_id:
        return empty
    events = Event.objects.filter(location_id=context.location_id)
    withheld: list[tuple[str, int]] = []
    if not user.sees_whole_picture:
        shared = Exists(EventShare.objects.filter(event=OuterRef("pk"), agency_id=user.agency_id))
        readable = Q(agency_id=user.agency_id) | shared
        withheld = [(row["agency__name"], row["n"]) for row in
                    events.exclude(readable).values("agency__name").annotate(n=Count("id")).order_by("agency__name")]
        events = events.filter(readable)
    grouped = (events.annotate(year=ExtractYear("occurred_at"))
               .values("agency__name", "event_type", "year")
               .annotate(n=Count("id"), first=Min("occurred_at"), latest=Max("occurred_at")).order_by())
    table: dict[tuple[str, str], dict] = defaultdict(lambda: {"by_year": Counter(), "first": None, "latest": None})
    years: set[int] = set()
    for row in grouped:
        entry = table[(row["agency__name"], row["event_type"])]
        entry["by_year"][row["year"]] += row["n"]
        entry["first"] = min(filter(None, (entry["first"], row["first"])))
        entry["latest"] = max(filter(None, (entry["latest"], row["latest"])))
        years.add(row["year"])
    shown_years = sorted(years)[-YEARS_SHOWN:]
    earlier = len(years) > YEARS_SHOWN
    rows = []
    for (agency, event_type), entry in sorted(table.items()):
        counts = [entry["by_year"].get(year, 0) for year in shown_years]
        before = sum(n for year, n in entry["by_year"].items() if year not in shown_years)
        rows.append({"agency": agency, "event_type": event_type, "counts": counts, "earlier": before,
                     "total": sum(entry["by_year"].values()), "first": entry["first"], "latest": entry["latest"]})
    return {"rows": rows, "years": shown_years, "earlier": earlier, "withheld": withheld,
            "total": sum(r["total"] for r in rows)}


def current_plan(context: Context) -> ContextPlan | None:
    return context.plans.filter(ended_on__isnull=True).first()


def open_actions(context: Context):
    from joinedup.contexts.choices import OPEN_STATUSES
    from joinedup.contexts.models import PlanAction

    return PlanAction.objects.filter(plan__context=context, status__in=OPEN_STATUSES).select_related("plan")
