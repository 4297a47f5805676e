"""Operation Encompass API: the same selectors, services, checks and audit as the pages. Every read is
access-logged. A force's records system sends incidents through the import API (events of type
police.domestic_abuse_incident); notifications are composed from them."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from joinedup.agencies.models import Agency, AgencyKind
from joinedup.audit.services import log_access
from joinedup.encompass import selectors, services
from joinedup.encompass.models import Notification, RecipientKind, Support
from joinedup.identifiers.fields import NhsNumberField

__all__ = ["NotificationViewSet"]


class NotificationSerializer(serializers.ModelSerializer):
    police = serializers.SlugRelatedField(slug_field="code", read_only=True)
    recipient = serializers.SlugRelatedField(slug_field="code", read_only=True)
    sent_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    acknowledged_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    on_time = serializers.BooleanField(read_only=True, allow_null=True)
    nhs_number = NhsNumberField(source="person")

    class Meta:
        model = Notification
        fields = ["id", "person", "nhs_number", "police", "how_found", "child_name", "child_date_of_birth", "police_reference",
                  "incident_at", "incident_time_known", "place", "child_present", "where_child_was",
                  "child_spoken_to", "child_said", "spoken_in_presence_of", "circumstances", "other_information",
                  "recipient_kind", "recipient", "recipient_basis", "due_at", "due_basis", "calendar_assumed",
                  "status", "sent_at", "sent_by", "on_time", "earlier_recipients", "acknowledged_at",
                  "acknowledged_by", "support", "support_note"]
        read_only_fields = fields


class AcknowledgeSerializer(serializers.Serializer):
    support = serializers.ListField(child=serializers.ChoiceField(choices=Support.choices), allow_empty=True)
    support_note = serializers.CharField(allow_blank=True)


class NotOursSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class SendSerializer(serializers.Serializer):
    recipient_kind = serializers.ChoiceField(choices=[RecipientKind.SCHOOL, RecipientKind.HOME_EDUCATION])
    school = serializers.SlugRelatedField(slug_field="code", required=False, allow_null=True,
                                          queryset=Agency.objects.filter(kind=AgencyKind.SCHOOL))


def _run(call):
    try:
        return call()
    except services.Refused as refusal:
        raise ValidationError(refusal.errors) from refusal


class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Operation Encompass notifications the caller may read: their force's, their school's, or about children
    they see whole. Filter with `?status=waiting|sent|acknowledged`."""

    serializer_class = NotificationSerializer
    queryset = Notification.objects.none()

    def get_queryset(self):
        found = selectors.notifications_for(self.request.user).order_by("-incident_at", "-id")
        status = self.request.query_params.get("status")
        return found.filter(status=status) if status else found

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        for person in {n.person for n in page}:
            log_access(request, person, "Operation Encompass notifications (API list)")
        return self.get_paginated_response(NotificationSerializer(page, many=True).data)

    def _one(self) -> Notification:
        notification = self.get_object()
        log_access(self.request, notification.person, f"Operation Encompass notification {notification.pk} (API)")
        return notification

    def retrieve(self, request, *args, **kwargs):
        return Response(NotificationSerializer(self._one()).data)

    def _change(self, body_class, call):
        notification = self._one()
        body = body_class(data=self.request.data)
        body.is_valid(raise_exception=True)
        done = _run(lambda: call(notification, body.validated_data))
        return Response(NotificationSerializer(done).data)

    @extend_schema(request=AcknowledgeSerializer, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        return self._change(AcknowledgeSerializer,
                            lambda n, data: services.acknowledge(n, actor=request.user, **data))

    @extend_schema(request=NotOursSerializer, responses=NotificationSerializer)
    @action(detail=True, methods=["post"], url_path="not-ours")
    def not_ours(self, request, pk=None):
        return self._change(NotOursSerializer, lambda n, data: services.not_ours(n, actor=request.user, **data))

    @extend_schema(request=SendSerializer, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def send(self, request, pk=None):
        return self._change(SendSerializer, lambda n, data: services.send(n, actor=request.user, **data))
