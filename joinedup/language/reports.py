"""Aggregate reports of flagged wording (no author names, no children)."""

from collections import Counter

from django.db.models.functions import TruncMonth

from joinedup.casenotes.models import CaseNote

__all__ = ["flagged_terms_by_month"]


def flagged_terms_by_month() -> list[dict]:
    """Rows of month, agency, team, term and how many notes used it, newest month first."""
    counts: Counter = Counter()
    notes = (CaseNote.objects.exclude(language_findings=[]).annotate(month=TruncMonth("written_at"))
             .values_list("month", "agency__name", "team", "language_findings"))
    for month, agency, team, findings in notes:
        for term in {finding["term"] for finding in findings}:
            counts[(month, agency, team or "(no team)", term)] += 1
    rows = [{"month": month, "agency": agency, "team": team, "term": term, "notes": n}
            for (month, agency, team, term), n in counts.items()]
    return sorted(rows, key=lambda r: (-r["month"].timestamp(), r["agency"], r["team"], -r["notes"], r["term"]))
