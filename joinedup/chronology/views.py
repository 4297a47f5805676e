"""The child's multi-agency chronology: page (with HTMX filters), CSV and PDF exports, and asking the MASH.

Every page and export is access-logged; exports also record why, with which filters, how many rows
and the SHA-256 of the file sent (ChronologyExport).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from engine.chronology import load_chronology_rules
from joinedup.audit.services import log_access
from joinedup.chronology.entries import ChronologyEntry
from joinedup.chronology.exports import to_csv, to_pdf
from joinedup.chronology.filters import ABOUT_CHOICES, GROUP_LABELS, ChronologyFilters
from joinedup.chronology.forms import ExportForm, InformationRequestForm
from joinedup.chronology.models import ChronologyExport, InformationRequest
from joinedup.chronology.sources import ChronologyContext, all_kinds, collect
from joinedup.identifiers.selectors import identifier_line
from joinedup.people import selectors
from joinedup.people.models import Person

PAGE_LIMIT = 1000  # rows on the page; a child's chronology is usually a few hundred. Exports hold every row.


@dataclass
class Chronology:
    person: Person
    whole_picture: bool
    entries: list[ChronologyEntry]
    shown: list[ChronologyEntry]
    filters: ChronologyFilters
    agencies: dict[str, str]
    kinds: dict[str, str]
    significances: dict[str, str]
    held_elsewhere: list[dict]

    @property
    def windowed(self) -> list[ChronologyEntry]:
        return self.shown[-PAGE_LIMIT:]

    @property
    def described_filters(self) -> list[str]:
        return self.filters.describe(self.agencies, self.kinds, self.significances)


def _person_for(request, person_id: int) -> Person:
    return get_object_or_404(selectors.visible_people(request.user), pk=person_id)


def build(request, person: Person) -> Chronology:
    """The reader's chronology of the child, with the filters from the query string applied."""
    whole = selectors.sees_whole_picture_of(request.user, person)
    entries = collect(ChronologyContext(request.user, person, whole))
    agencies = dict(sorted({e.agency_code: e.agency for e in entries}.items(), key=lambda item: item[1]))
    known = all_kinds()
    kinds = {code: label for code, label, _ in known}
    groups = {group for _, _, group in known} | {e.group for e in entries}
    significances = {code: s.label for code, s in load_chronology_rules().significance.items()}
    significances.update({e.significance: e.significance_label for e in entries if e.significance not in significances})
    filters = ChronologyFilters.from_query(request.GET, agencies, kinds, groups, significances)
    held = [] if whole else selectors.other_agencies_holding(request.user, person)
    return Chronology(person, whole, entries, filters.apply(entries), filters, agencies, kinds, significances, held)


def _type_options(chronology: Chronology) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(group, group label, [(code, label)]) for the types on this chronology, for the type filter."""
    groups: dict[str, dict[str, str]] = {}
    for entry in chronology.entries:
        groups.setdefault(entry.group, {})[entry.kind] = entry.title
    if chronology.filters.type and "." in chronology.filters.type:
        kind = chronology.filters.type
        groups.setdefault(kind.split(".")[0] if kind.split(".")[0] in GROUP_LABELS else "any", {})
    return [(group, GROUP_LABELS.get(group, group.replace("_", " ").capitalize()), sorted(types.items(), key=lambda t: t[1]))
            for group, types in sorted(groups.items(), key=lambda item: GROUP_LABELS.get(item[0], item[0]))]


def _page_context(chronology: Chronology, request) -> dict:
    return {
        "chronology": chronology,
        "person": chronology.person,
        "rows": chronology.windowed,
        "hidden_by_window": len(chronology.shown) - len(chronology.windowed),
        "filters": chronology.filters,
        "query": chronology.filters.query_string(),
        "type_options": _type_options(chronology),
        "significance_options": list(chronology.significances.items()),
        "about_options": list(ABOUT_CHOICES.items()),
        "open_requests": InformationRequest.objects.filter(status="open").count()
        if request.user.sees_whole_picture else None,
    }


@login_required
def chronology(request, person_id: int):
    from joinedup.people.views import _merged_target  # a person linkage merged lives on under another id

    target = _merged_target(request, person_id)
    if target:
        query = request.GET.urlencode()
        return redirect(reverse("chronology:person", args=[target]) + (f"?{query}" if query else ""))
    person = _person_for(request, person_id)
    log_access(request, person, "chronology")
    found = build(request, person)
    partial = request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request")
    template = "chronology/_results.html" if partial else "chronology/chronology.html"
    response = render(request, template, _page_context(found, request))
    patch_vary_headers(response, ["HX-Request"])  # the same URL answers a whole page or only the results
    return response


def _heading(found: Chronology, request, purpose: str) -> list[str]:
    user = request.user
    lines = [
        "OFFICIAL-SENSITIVE: multi-agency chronology. Synthetic demonstration data.",
        f"Child: {found.person.display_name}"
        + (f", born {found.person.date_of_birth:%-d %B %Y}" if found.person.date_of_birth else ""),
        identifier_line(found.person),
        f"Produced {timezone.localtime():%-d %B %Y %H:%M} by {user.get_full_name() or user.username}"
        + (f", {user.agency.name}" if user.agency_id else ""),
        f"Purpose: {purpose}",
        "Filters: " + ("; ".join(found.described_filters) if found.described_filters else "none (every entry)"),
    ]
    if not found.whole_picture:
        held = "; ".join(f"{h['agency']} ({h['events']} events, {h['records']} records)" for h in found.held_elsewhere)
        lines.append("Only the entries the reader's agency may see." + (f" Other agencies hold further records: {held}."
                                                                        if held else ""))
    return lines


@login_required
def export(request, person_id: int, fmt: str):
    """Ask why (GET), then send the file and record the export (POST). The file honours the page's filters."""
    person = _person_for(request, person_id)
    form = ExportForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        log_access(request, person, f"chronology {fmt.upper()} export form")
        found = build(request, person)
        return render(request, "chronology/export.html", {"person": person, "form": form, "fmt": fmt,
                                                          "chronology": found, "query": found.filters.query_string()})
    found = build(request, person)
    purpose = form.cleaned_data["purpose"]
    purpose_words = dict(form.fields["purpose"].choices)[purpose]
    if form.cleaned_data["purpose_detail"].strip():
        purpose_words += f": {form.cleaned_data['purpose_detail'].strip()}"
    heading = _heading(found, request, purpose_words)
    if fmt == "csv":
        body, content_type = to_csv(found.shown, heading), "text/csv; charset=utf-8"
    else:
        body = to_pdf({"chronology": found, "person": person, "rows": found.shown, "heading": heading})
        content_type = "application/pdf"
    with transaction.atomic():
        entry = log_access(request, person, f"chronology {fmt.upper()} export")
        ChronologyExport.objects.create(
            person=person, user=request.user, access_log=entry, format=fmt, purpose=purpose,
            purpose_detail=form.cleaned_data["purpose_detail"].strip(), filters=found.filters.as_record(),
            whole_picture=found.whole_picture, rows=len(found.shown), sha256=hashlib.sha256(body).hexdigest())
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="chronology-{person.pk}-{timezone.localdate():%Y%m%d}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def ask_mash(request, person_id: int):
    """A reader without the whole picture asks the MASH, saying why."""
    person = _person_for(request, person_id)
    if selectors.sees_whole_picture_of(request.user, person):
        return redirect("chronology:person", person_id=person.pk)
    held = selectors.other_agencies_holding(request.user, person)
    form = InformationRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        InformationRequest.objects.create(person=person, requested_by=request.user, agency=request.user.agency,
                                          purpose=form.cleaned_data["purpose"], detail=form.cleaned_data["detail"],
                                          agencies_asked_about=[h["agency"] for h in held])
        log_access(request, person, "request to the MASH")
        messages.success(request, "Your request has gone to the MASH. They will decide what can be shared with you.")
        return redirect(reverse("chronology:person", args=[person.pk]))
    log_access(request, person, "request to the MASH form")
    return render(request, "chronology/ask_mash.html", {"person": person, "form": form, "held_elsewhere": held})


@login_required
def information_requests(request):
    """Requests to the MASH for the whole picture, for MASH officers."""
    if not request.user.sees_whole_picture:
        raise PermissionDenied("Only MASH officers see requests to the MASH.")
    requests = InformationRequest.objects.select_related("person", "requested_by", "agency")
    return render(request, "chronology/information_requests.html",
                  {"open": requests.filter(status="open")[:200]})
