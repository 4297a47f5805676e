"""The network view around a child (or adult) and around a context: a graph, a table of the same, and details.

The page draws the network from data embedded in it (so it opens with one request) and the filter reloads
the same data as JSON from the API (`joinedup.network.api`) without reloading the page; without JavaScript
the filter form reloads the page and the tables show the same network.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from joinedup.contexts.models import Context
from joinedup.network.forms import NetworkFilter
from joinedup.network.picture import Period, context_centres, network_for
from joinedup.network.rows import person_key
from joinedup.people.selectors import visible_people

__all__ = ["context_network", "person_network"]

LEGEND = ["event", "record", "structure"]
CATEGORY_WORDS = {
    "event": "made from events (solid line)",
    "record": "recorded by an agency as information (dashed line)",
    "structure": "home, school and family (dotted line)",
}


def reader(request) -> None:
    if not request.user.reads_case_data:
        raise PermissionDenied("The network shows individual children; your role does not read case records.")


def filters(data) -> tuple[NetworkFilter, int, Period]:
    """The filter form bound to the query (defaults: two links out, every record)."""
    form = NetworkFilter(data or None)
    if data and form.is_valid():
        return form, form.cleaned_data["hops"], form.period
    return form, 2, Period()


def _render(request, *, title: str, centres: list[str], api_url: str, back: tuple[str, str], what: str, extra=None):
    form, hops, period = filters(request.GET)
    try:
        data = network_for(request, centres, hops=hops, period=period, what=what)
    except KeyError as missing:
        raise Http404("Not in the network.") from missing
    return render(request, "network/network.html", {
        "title": title, "form": form, "network": data, "api_url": api_url, "back": back,
        "categories": [(c, CATEGORY_WORDS[c]) for c in LEGEND], **(extra or {}),
    })


@login_required
def person_network(request, person_id: int):
    reader(request)
    person = get_object_or_404(visible_people(request.user), pk=person_id)
    noun = "child" if person.person_type == "child" else "adult"
    return _render(request, title=f"Network around {person.display_name}", centres=[person_key(person.pk)],
                   api_url=reverse("network:api-person", args=[person.pk]),
                   back=(reverse("people:detail", args=[person.pk]), person.display_name),
                   what=f"network around a {noun}", extra={"person": person})


@login_required
def context_network(request, context_id: int):
    reader(request)
    context = get_object_or_404(Context.objects.select_related("location", "group"), pk=context_id)
    return _render(request, title=f"Network around {context.name}", centres=context_centres(request.user, context),
                   api_url=reverse("network:api-context", args=[context.pk]),
                   back=(reverse("contexts:detail", args=[context.pk]), context.name),
                   what="network around a context", extra={"context": context})

