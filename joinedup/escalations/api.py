"""Escalations API: the same rules and refusals as the web pages; every read is access-logged.

    GET  /api/escalations/                    escalations the caller may read (?person=<id>, ?status=open|resolved|closed)
    POST /api/escalations/                    raise one against a named decision; stage 1 starts
    GET  /api/escalations/{id}/               with its stages and whole timeline
    POST /api/escalations/{id}/respond/       the response at the current stage
    POST /api/escalations/{id}/next-stage/    not resolved here: reasons and who the next stage is with
    POST /api/escalations/{id}/resolve/       an agreed outcome
    POST /api/escalations/{id}/close/         end without agreement (reasons; outcome if known)
    POST /api/escalations/{id}/outcome/       the outcome of one that ended without it
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from joinedup.agencies.models import Agency
from joinedup.audit.api import LoggedListMixin
from joinedup.audit.services import log_access
from joinedup.core.api import ReadsCaseData, RefusalMessages
from joinedup.escalations import services
from joinedup.escalations.against import describe
from joinedup.escalations.chronology import timeline
from joinedup.escalations.models import Escalation, Stage, Status
from joinedup.escalations.selectors import escalations_for
from joinedup.people.selectors import visible_people


class StageSerializer(serializers.ModelSerializer):
    with_agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    with_user = serializers.SlugRelatedField(slug_field="username", read_only=True)
    responded_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)

    class Meta:
        model = Stage
        fields = ["number", "code", "name", "working_days", "with_name", "with_role", "with_agency", "with_email",
                  "with_user", "started_at", "due_on", "overdue", "response", "responded_at", "responded_by",
                  "ended_at", "moved_on_reasons"]


class StepSerializer(serializers.Serializer):
    kind = serializers.CharField()
    when = serializers.DateTimeField()
    title = serializers.CharField()
    who = serializers.CharField()
    text = serializers.CharField()
    details = serializers.ListField(child=serializers.CharField())


class WithWhomInput(serializers.Serializer):
    with_name = serializers.CharField(allow_blank=True, max_length=200, write_only=True,
                                      help_text="the person the stage is with")
    with_role = serializers.CharField(allow_blank=True, max_length=200, write_only=True)
    with_agency = serializers.SlugRelatedField(slug_field="code", queryset=Agency.objects.all(), required=False,
                                               allow_null=True, default=None, write_only=True, help_text="agency code")
    with_email = serializers.EmailField(allow_blank=True, required=False, default="", write_only=True)


class EscalationSerializer(WithWhomInput, serializers.ModelSerializer):
    """An escalation with its stages and whole timeline. To raise one, send person, against, category, concern,
    outcome_sought and who the first stage is with (with_name, with_role, with_agency, with_email)."""

    person = serializers.IntegerField(source="person_id", help_text="the child's id")
    reference = serializers.CharField(read_only=True)
    raised_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    raised_by_agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    against = serializers.CharField(
        write_only=True, help_text='the named decision: "case:<id>", "referral:<id>", "prompt:<id>" or "external" '
                                   '(then external_decision, external_decided_by and external_decided_on)')
    against_words = serializers.SerializerMethodField()
    concern = serializers.CharField(allow_blank=True, max_length=20_000)
    outcome_sought = serializers.CharField(allow_blank=True, max_length=20_000)
    start_stage = serializers.CharField(required=False, allow_blank=True, default="", write_only=True,
                                        help_text="a stage code from the partnership's configuration (default: the first)")
    stages = StageSerializer(many=True, read_only=True)
    timeline = serializers.SerializerMethodField()

    class Meta:
        model = Escalation
        fields = ["id", "reference", "person", "raised_by", "raised_by_agency", "raised_by_role", "raised_at",
                  "category", "concern", "outcome_sought", "urgent", "against", "against_words", "case_decision",
                  "referral", "prompt_decision", "external_decision", "external_decided_by", "external_decided_on",
                  "start_stage", "with_name", "with_role", "with_agency", "with_email", "status", "outcome",
                  "outcome_recorded_at", "closed_at", "closing_reasons", "stages", "timeline"]
        read_only_fields = ["raised_by_role", "raised_at", "case_decision", "referral", "prompt_decision", "status",
                            "outcome", "outcome_recorded_at", "closed_at", "closing_reasons"]

    def get_against_words(self, escalation) -> str:
        return describe(escalation)

    @extend_schema_field(StepSerializer(many=True))
    def get_timeline(self, escalation):
        return [{"kind": s.kind, "when": s.when, "title": s.title, "who": s.who, "text": s.text,
                 "details": list(s.details)} for s in timeline(escalation)]


class RespondInput(serializers.Serializer):
    response = serializers.CharField(allow_blank=True, max_length=20_000)


class NextStageInput(WithWhomInput):
    reasons = serializers.CharField(allow_blank=True, max_length=20_000)


class OutcomeInput(serializers.Serializer):
    outcome = serializers.CharField(allow_blank=True, max_length=20_000)


class CloseInput(serializers.Serializer):
    reasons = serializers.CharField(allow_blank=True, max_length=20_000)
    outcome = serializers.CharField(allow_blank=True, required=False, default="", max_length=20_000)


def _with(data) -> dict:
    return {k: data.get(k) for k in ("with_name", "with_role", "with_agency", "with_email")}


class EscalationViewSet(LoggedListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Escalations (resolving professional differences) about children the caller may see."""

    list_logged_as = "escalations"

    serializer_class = EscalationSerializer

    permission_classes = [ReadsCaseData]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI schema is built without a user
            return Escalation.objects.none()
        escalations = escalations_for(self.request.user).prefetch_related("stages").order_by("-raised_at", "-id")
        person, state = self.request.query_params.get("person"), self.request.query_params.get("status")
        if person and person.isdigit():
            escalations = escalations.filter(person_id=int(person))
        if state in Status.values:
            escalations = escalations.filter(status=state)
        return escalations

    @extend_schema(parameters=[
        OpenApiParameter("person", int, description="only escalations about this child"),
        OpenApiParameter("status", str, enum=Status.values, description="open, resolved or closed")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        escalation = self.get_object()
        log_access(request, escalation.person, f"escalation {escalation.reference} (API)")
        return Response(self.get_serializer(escalation).data)

    def _refusable(self, act, ok=status.HTTP_200_OK):
        try:
            escalation = act()
        except services.EscalationRefused as refusal:
            return Response({"detail": str(refusal)}, status=status.HTTP_400_BAD_REQUEST)
        escalation = Escalation.objects.get(pk=escalation.pk)
        return Response(EscalationSerializer(escalation).data, status=ok)

    def _body(self, serializer_class):
        body = serializer_class(data=self.request.data)
        body.is_valid(raise_exception=True)
        return body.validated_data

    @extend_schema(responses={201: EscalationSerializer, 400: RefusalMessages})
    def create(self, request):
        data = dict(self._body(EscalationSerializer))
        person = visible_people(request.user).filter(pk=data["person_id"]).first()
        if person is None:
            raise NotFound("No such person.")
        external = {k: data.get(k) for k in ("external_decision", "external_decided_by", "external_decided_on")}
        return self._refusable(lambda: services.raise_escalation(
            person, request.user, against=data["against"], category=data["category"], concern=data["concern"],
            outcome_sought=data["outcome_sought"], urgent=data.get("urgent", False), start_stage=data["start_stage"],
            external=external, **_with(data)), ok=status.HTTP_201_CREATED)

    @extend_schema(request=RespondInput, responses={200: EscalationSerializer, 400: RefusalMessages})
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        escalation, data = self.get_object(), self._body(RespondInput)
        return self._refusable(lambda: services.respond(escalation, request.user, **data).escalation)

    @extend_schema(request=NextStageInput, responses={200: EscalationSerializer, 400: RefusalMessages})
    @action(detail=True, methods=["post"], url_path="next-stage")
    def next_stage(self, request, pk=None):
        escalation, data = self.get_object(), self._body(NextStageInput)
        return self._refusable(lambda: services.next_stage(escalation, request.user, reasons=data["reasons"],
                                                           **_with(data)).escalation)

    @extend_schema(request=OutcomeInput, responses={200: EscalationSerializer, 400: RefusalMessages})
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        escalation, data = self.get_object(), self._body(OutcomeInput)
        return self._refusable(lambda: services.resolve(escalation, request.user, **data))

    @extend_schema(request=CloseInput, responses={200: EscalationSerializer, 400: RefusalMessages})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        escalation, data = self.get_object(), self._body(CloseInput)
        return self._refusable(lambda: services.close(escalation, request.user, **data))

    @extend_schema(request=OutcomeInput, responses={200: EscalationSerializer, 400: RefusalMessages})
    @action(detail=True, methods=["post"])
    def outcome(self, request, pk=None):
        escalation, data = self.get_object(), self._body(OutcomeInput)
        return self._refusable(lambda: services.record_outcome(escalation, request.user, **data))
