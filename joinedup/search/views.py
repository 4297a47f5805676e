"""The search page: type a name, date of birth or identifier; results update as you type (HTMX)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from joinedup.audit.services import log_accesses
from joinedup.search.services import search_people


@login_required
def home(request):
    """Search for a person; the results list is also served on its own to HTMX requests."""
    query = request.GET.get("q", "").strip()
    results = search_people(request.user, query) if query else []
    log_accesses(request, [result.person.pk for result in results], "appeared in search results")
    context = {"query": query, "results": results, "may_search": request.user.reads_case_data}
    template = "search/partials/results.html" if request.headers.get("HX-Request") else "search/home.html"
    return render(request, template, context)
