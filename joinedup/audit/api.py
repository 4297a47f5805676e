"""List APIs log what they show: one access-log entry per child on the page served (issue 16)."""

from rest_framework.response import Response

from joinedup.audit.services import log_accesses

__all__ = ["LoggedListMixin"]


class LoggedListMixin:
    """For a `ListModelMixin` view set: the page is read, its children logged, then serialised as usual.

    `list_logged_as` names the list in the log; `people_shown(rows)` gives the children a page shows (by default
    each row's `person_id`)."""

    list_logged_as = "list"

    def people_shown(self, rows) -> list[int]:
        return [row.person_id for row in rows if getattr(row, "person_id", None)]

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = list(page if page is not None else queryset)
        log_accesses(request, self.people_shown(rows), f"{self.list_logged_as} (API)")
        data = self.get_serializer(rows, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)
