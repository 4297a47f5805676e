"""Who may read which information request and which decision to withhold, and the partnership's counts.

* A request is read by the agency that asked (about a child its users may open), by the agency asked (the
  request names the child to it: that is what a request is), and by the MASH.
* A decision to withhold is read by the person who made it, by the leads of the agency that made it (DSLs,
  team managers) and by the MASH; the partnership report counts them by agency and reason, naming no child.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q, QuerySet

from joinedup.accounts.models import Role
from joinedup.people.selectors import visible_people
from joinedup.sharing.models import AgencyRequest, ReasonCategory, RequestResponse, WithholdDecision

__all__ = ["may_list_withholds", "may_report", "partnership_report", "requests_for", "withholds_for"]

REPORT_ROLES = {Role.ANALYST, Role.TEAM_MANAGER, Role.MASH_OFFICER, Role.DSL}
MANAGER_ROLES = {Role.TEAM_MANAGER, Role.MASH_OFFICER, Role.DSL}


def may_report(user) -> bool:
    return user.is_authenticated and user.is_active and user.role in REPORT_ROLES


def may_list_withholds(user) -> bool:
    return user.is_authenticated and user.reads_case_data and user.role in MANAGER_ROLES


def requests_for(user) -> QuerySet[AgencyRequest]:
    requests = AgencyRequest.objects.select_related("person", "requested_by", "from_agency", "to_agency",
                                                    "responded_by")
    if not user.is_authenticated or not user.reads_case_data:
        return requests.none()
    if user.sees_whole_picture:
        return requests
    if not user.agency_id:
        return requests.none()
    return requests.filter(Q(from_agency_id=user.agency_id, person__in=visible_people(user))
                           | Q(to_agency_id=user.agency_id))


def withholds_for(user) -> QuerySet[WithholdDecision]:
    decisions = WithholdDecision.objects.select_related("person", "agency", "decided_by", "withheld_from", "event",
                                                        "request")
    if not user.is_authenticated or not user.reads_case_data:
        return decisions.none()
    if user.sees_whole_picture:
        return decisions
    mine = Q(decided_by=user)
    if user.role in MANAGER_ROLES and user.agency_id:
        mine |= Q(agency_id=user.agency_id)
    return decisions.filter(mine)


def partnership_report(start: date, end: date) -> dict:
    """Counts only, naming no child: withholding by agency and reason; requests by agency and answer."""
    decisions = WithholdDecision.objects.filter(decided_at__date__gte=start, decided_at__date__lte=end)
    categories = list(ReasonCategory.choices)
    by_agency: dict[str, dict] = {}
    for row in decisions.values("agency__name", "reason_category").annotate(n=Count("id")).order_by():
        counts = by_agency.setdefault(row["agency__name"], {code: 0 for code, _ in categories})
        counts[row["reason_category"]] = row["n"]
    withholding = [{"agency": name, "counts": [counts[code] for code, _ in categories],
                    "total": sum(counts.values())} for name, counts in sorted(by_agency.items())]
    requests = AgencyRequest.objects.filter(created_at__date__gte=start, created_at__date__lte=end)
    asked = {row["to_agency__name"]: row for row in requests.values("to_agency__name").annotate(
        received=Count("id"), shared=Count("id", filter=Q(response=RequestResponse.SHARED)),
        withheld=Count("id", filter=Q(response=RequestResponse.WITHHELD)),
        waiting=Count("id", filter=Q(response=""))).order_by()}
    made = dict(requests.values_list("from_agency__name").annotate(n=Count("id")).order_by())
    agencies = sorted(set(asked) | set(made))
    request_rows = [{"agency": name, "made": made.get(name, 0), "received": asked.get(name, {}).get("received", 0),
                     "shared": asked.get(name, {}).get("shared", 0), "withheld": asked.get(name, {}).get("withheld", 0),
                     "waiting": asked.get(name, {}).get("waiting", 0)} for name in agencies]
    duty = [{"agency": row["agency__name"], "decisions": row["n"], "identifier": row["identifier"]}
            for row in decisions.filter(under_duty=True).values("agency__name").annotate(
                n=Count("id"), identifier=Count("id", filter=Q(what_kind=WithholdDecision.What.IDENTIFIER)))
            .order_by("agency__name")]
    return {
        "start": start, "end": end, "categories": categories, "withholding": withholding,
        "under_duty": duty, "under_duty_total": sum(row["decisions"] for row in duty),
        "withholding_total": sum(row["total"] for row in withholding),
        "category_totals": [sum(row["counts"][i] for row in withholding) for i in range(len(categories))],
        "requests": request_rows,
    }
