"""The network view around a child, adult or context (being built)."""

from django.http import Http404


def person_network(request, person_id: int):
    raise Http404("The network view is being built.")


def context_network(request, context_id: int):
    raise Http404("The network view is being built.")
