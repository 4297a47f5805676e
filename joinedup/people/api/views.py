"""People API. Same need-to-know rules as the web pages; every read of a person is access-logged."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from joinedup.audit.services import log_access
from joinedup.people import selectors
from joinedup.people.api.serializers import EventSerializer, PersonDetailSerializer, PersonSummarySerializer
from joinedup.search.services import search_people


class PersonViewSet(viewsets.ReadOnlyModelViewSet):
    """People the caller may see. `?q=` searches by name, date of birth or identifier."""

    serializer_class = PersonDetailSerializer

    def get_queryset(self):
        return selectors.visible_people(self.request.user).order_by("id")

    @extend_schema(
        parameters=[OpenApiParameter("q", str, description="name, date of birth or identifier; spelling-tolerant")],
        responses=PersonSummarySerializer(many=True),
    )
    def list(self, request, *args, **kwargs):
        query = request.query_params.get("q", "").strip()
        if not query:
            return Response({"detail": "Give a search query in ?q= (listing everyone is not offered)."}, status=400)
        people = [result.person for result in search_people(request.user, query)]
        for person in people:
            log_access(request, person, "appeared in search results (API)")
        return Response(PersonSummarySerializer(people, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        person = self.get_object()
        log_access(request, person, "person record (API)")
        records = selectors.visible_records(request.user, person)
        return Response(PersonDetailSerializer(person, context={"records": records}).data)

    @extend_schema(responses=EventSerializer(many=True))
    @action(detail=True)
    def events(self, request, pk=None):
        person = self.get_object()
        log_access(request, person, "events (API)")
        page = self.paginate_queryset(selectors.visible_events(request.user, person))
        return self.get_paginated_response(EventSerializer(page, many=True).data)
