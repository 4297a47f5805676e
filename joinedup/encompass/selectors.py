"""Who reads which Operation Encompass notification, and the partnership's timeliness by school.

* The force that attended reads its notifications (its officers and the Operation Encompass team).
* The recipient's designated safeguarding leads (DSL, deputy or the head as team manager) read what was sent to
  their school; for a child educated at home, the education service's officers.
* The child's allocated worker and the MASH read every notification about the children they may see whole.
The timeliness report counts notifications by school, naming no child, with small numbers suppressed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from statistics import median

from django.db.models import Q, QuerySet
from django.utils import timezone

from joinedup.accounts.models import Role
from joinedup.agencies.models import AgencyKind
from joinedup.encompass.models import Notification, RecipientKind, Status
from joinedup.people.selectors import _current_allocations
from joinedup.places.figures import Figure, figure

__all__ = ["may_answer", "may_report", "may_send", "notifications_for", "timeliness"]

LEADS = {Role.DSL, Role.TEAM_MANAGER}
REPORT_ROLES = {Role.ANALYST, Role.TEAM_MANAGER, Role.MASH_OFFICER, Role.DSL}


def _is(user, kind: str) -> bool:
    return bool(user.agency_id) and user.agency.kind == kind


def notifications_for(user) -> QuerySet[Notification]:
    found = Notification.objects.select_related("person", "police", "recipient", "sent_by", "acknowledged_by")
    if not user.is_authenticated or not user.reads_case_data:
        return found.none()
    if user.sees_whole_picture:
        return found
    allowed = Q(person_id__in=_current_allocations(user).values("person_id"))
    if user.agency_id:
        allowed |= Q(police_id=user.agency_id)
        if user.role in LEADS or _is(user, AgencyKind.EDUCATION):
            allowed |= Q(recipient_id=user.agency_id)
    return found.filter(allowed)


def may_send(user, notification: Notification) -> bool:
    return (user.is_authenticated and user.reads_case_data and user.agency_id == notification.police_id
            and notification.status == Status.WAITING)


def may_answer(user, notification: Notification) -> bool:
    """The recipient's lead (or, for the local authority, its education officers) answers a sent notification."""
    if not (user.is_authenticated and user.reads_case_data and notification.recipient_id
            and user.agency_id == notification.recipient_id):
        return False
    return user.role in LEADS or notification.recipient_kind == RecipientKind.HOME_EDUCATION


def may_report(user) -> bool:
    return user.is_authenticated and user.is_active and user.role in REPORT_ROLES


def waiting_for(user) -> int:
    """How many notifications wait for this user's agency: to acknowledge, or (police) to send."""
    if not user.is_authenticated or not user.reads_case_data or not user.agency_id:
        return 0
    if _is(user, AgencyKind.POLICE):
        return Notification.objects.filter(police_id=user.agency_id, status=Status.WAITING).count()
    if user.role in LEADS or _is(user, AgencyKind.EDUCATION):
        return Notification.objects.filter(recipient_id=user.agency_id, status=Status.SENT).count()
    return 0


@dataclass
class SchoolRow:
    setting: str
    notifications: Figure
    on_time: Figure
    late: Figure
    not_sent: Figure
    acknowledged: Figure
    median_hours_to_acknowledge: float | None
    split_withheld: bool


def timeliness(start: date, end: date) -> dict:
    """Per setting (as the notification was last addressed), for incidents in [start, end]: how many, sent before
    the school day, sent late, still not sent past the deadline, acknowledged. Counts of 1-4 are suppressed; a row
    with any suppressed count shows its total only (so the suppressed one cannot be worked out)."""
    now = timezone.now()
    rows: dict[str, list[Notification]] = {}
    found = Notification.objects.filter(incident_at__date__gte=start, incident_at__date__lte=end).select_related(
        "recipient")
    for n in found:
        name = n.recipient.name if n.recipient_id else "Setting not yet known"
        if n.recipient_kind == RecipientKind.HOME_EDUCATION:
            name = f"{n.recipient.name} (educated at home or missing education)"
        rows.setdefault(name, []).append(n)
    out, totals = [], {"notifications": 0, "on_time": 0, "late": 0, "not_sent": 0, "acknowledged": 0}
    for name in sorted(rows):
        items = rows[name]
        counts = {"notifications": len(items),
                  "on_time": sum(1 for n in items if n.on_time is True),
                  "late": sum(1 for n in items if n.on_time is False),
                  "not_sent": sum(1 for n in items if n.sent_at is None and now >= n.due_at),
                  "acknowledged": sum(1 for n in items if n.acknowledged_at)}
        for key, value in counts.items():
            totals[key] += value
        figures = {key: figure(value) for key, value in counts.items()}
        withheld = any(f.state == "suppressed" for key, f in figures.items() if key != "notifications")
        if withheld:
            figures = {key: (f if key == "notifications" else Figure(None, "withheld")) for key, f in figures.items()}
        hours = [(n.acknowledged_at - n.sent_at).total_seconds() / 3600 for n in items if n.acknowledged_at and n.sent_at]
        out.append(SchoolRow(name, *(figures[k] for k in ("notifications", "on_time", "late", "not_sent",
                                                          "acknowledged")),
                             round(median(hours), 1) if len(hours) >= 5 and not withheld else None, withheld))
    hidden = {key for row in out for key in totals
              if getattr(row, key).state in ("suppressed", "withheld")}   # a total would give a hidden count away
    return {"start": start, "end": end, "rows": out,
            "totals": {k: Figure(None, "withheld") if k in hidden else figure(v) for k, v in totals.items()},
            "any_withheld": any(r.split_withheld or r.notifications.state == "suppressed" for r in out)}
