"""The period a partnership report covers, from `?from=YYYY-MM-DD&to=YYYY-MM-DD` (default: the last year)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

__all__ = ["report_period"]


def report_period(request, default_days: int = 365) -> tuple[date, date]:
    """(start, end) from the query string; a missing or unreadable date falls back, and a reversed pair is turned
    round."""
    today = timezone.localdate()
    try:
        start = date.fromisoformat(request.GET.get("from", ""))
    except ValueError:
        start = today - timedelta(days=default_days)
    try:
        end = date.fromisoformat(request.GET.get("to", ""))
    except ValueError:
        end = today
    return (start, end) if start <= end else (end, start)
