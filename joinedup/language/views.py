"""The inline language check (HTMX) and the partnership's aggregate view of flagged wording."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_POST

from joinedup.language.reports import flagged_terms_by_month
from joinedup.language.services import check_note
from joinedup.people.selectors import visible_people


def highlight(text: str, findings: list[dict]) -> list[tuple[str, dict | None]]:
    """Split text into plain and flagged pieces for display."""
    pieces, at = [], 0
    for finding in findings:
        if finding["start"] < at:
            continue
        pieces.append((text[at:finding["start"]], None))
        pieces.append((text[finding["start"]:finding["end"]], finding))
        at = finding["end"]
    pieces.append((text[at:], None))
    return [(piece, finding) for piece, finding in pieces if piece]


@login_required
@require_POST
def check(request):
    """Check the text of a note as it is typed; the child's age comes from the person it is about."""
    text = request.POST.get("text", "")
    person = None
    if request.POST.get("person"):
        person = visible_people(request.user).filter(pk=request.POST["person"]).first()
    findings = check_note(text, person=person)
    return render(request, "language/partials/feedback.html",
                  {"findings": findings, "pieces": highlight(text, findings), "text": text})


@login_required
def partnership(request):
    """Flagged terms by agency and team over time: counts only, never authors or children."""
    if not (request.user.role in {"analyst", "team_manager", "mash_officer"} and request.user.is_active):
        raise PermissionDenied("Partnership analysts, team managers and MASH officers see this report.")
    return render(request, "language/partnership.html", {"rows": flagged_terms_by_month()})
