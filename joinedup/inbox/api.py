"""Inbox API: the caller's items and their agency's team queue; acknowledge one with an action (R02).

    GET  /api/inbox/                     open items (?state=open|acknowledged|all)
    GET  /api/inbox/{id}/                one item (access-logged)
    POST /api/inbox/{id}/acknowledge/    what was done about it, with a note
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from joinedup.audit.api import LoggedListMixin
from joinedup.audit.services import log_access
from joinedup.core.api import ERRORS, ReadsCaseData, refusal_error
from joinedup.inbox import services
from joinedup.inbox.models import Action, InboxItem
from joinedup.people.selectors import visible_events


class InboxItemSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.display_name", read_only=True)
    worker = serializers.SlugRelatedField(slug_field="username", read_only=True)
    agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    from_agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    acknowledged_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    event = serializers.SerializerMethodField()

    class Meta:
        model = InboxItem
        fields = ["id", "person", "person_name", "summary", "why", "from_agency", "worker", "agency", "arrived_at",
                  "arrived_on", "event", "referral", "request", "acknowledged_at", "acknowledged_by", "action", "note"]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_event(self, item):
        """The event's id, when the caller may read it (GET /api/people/{person}/events/)."""
        if not item.event_id:
            return None
        user = self.context["request"].user
        return item.event_id if visible_events(user, item.person).filter(pk=item.event_id).exists() else None


class AcknowledgeInput(serializers.Serializer):
    action = serializers.ChoiceField(choices=Action.choices)
    note = serializers.CharField(allow_blank=True, max_length=20_000)


class InboxViewSet(LoggedListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Information from other agencies about children the caller or their agency works with."""

    list_logged_as = "inbox"

    serializer_class = InboxItemSerializer
    permission_classes = [ReadsCaseData]
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        items = services.inbox_for(self.request.user).order_by("arrived_at", "id")
        state = self.request.query_params.get("state", "open")
        if state == "open":
            items = items.filter(acknowledged_at__isnull=True)
        elif state == "acknowledged":
            items = items.filter(acknowledged_at__isnull=False)
        return items

    @extend_schema(parameters=[OpenApiParameter("state", str, enum=["open", "acknowledged", "all"],
                                                description="open (default), acknowledged or all")],
                   responses={200: InboxItemSerializer(many=True), 403: ERRORS[403]})
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(responses={200: InboxItemSerializer, 403: ERRORS[403], 404: ERRORS[404]})
    def retrieve(self, request, *args, **kwargs):
        item = self.get_object()
        log_access(request, item.person, f"inbox item {item.pk} (API)")
        return Response(self.get_serializer(item).data)

    @extend_schema(request=AcknowledgeInput, responses={200: InboxItemSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        item = self.get_object()
        body = AcknowledgeInput(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            item = services.acknowledge(item, actor=request.user, **body.validated_data)
        except services.Refused as refusal:
            raise refusal_error(refusal) from None
        return Response(self.get_serializer(services.inbox_for(request.user).get(pk=item.pk)).data)
