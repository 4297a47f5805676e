"""Case decisions API: the same rules and refusals as the web pages; every read of a decision is access-logged.

    GET  /api/decisions/                 decisions the caller may read (?person=<id> for one child)
    POST /api/decisions/                 record a decision (with its risk review when one is needed)
    GET  /api/decisions/{id}/
    POST /api/decisions/{id}/sign-off/   a team manager of the same agency, not the decider, agrees or not
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from joinedup.agencies.models import Agency
from joinedup.audit.api import LoggedListMixin
from joinedup.audit.services import log_access
from joinedup.core.api import ReadsCaseData, RefusalMessages
from joinedup.decisions.models import CaseDecision, RiskReview
from joinedup.decisions.selectors import decisions_for
from joinedup.decisions.services import DecisionRefused, record_decision, sign_off
from joinedup.people.selectors import visible_people


class RiskReviewSerializer(serializers.ModelSerializer):
    shared_with = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Agency.objects.all(), required=False,
        help_text="codes of the agencies the decision and the risk review were shared with")
    prompts = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = RiskReview
        fields = ["non_attendance_meaning", "risks_considered", "consulted", "shared_with", "shared_with_people",
                  "prompts", "recorded_at"]
        extra_kwargs = {name: {"required": False, "allow_blank": True} for name in
                        ("non_attendance_meaning", "risks_considered", "consulted", "shared_with_people")}


class CaseDecisionSerializer(serializers.ModelSerializer):
    """A case decision. To record one, send person, kind, reasons and what the kind needs; the rest is read-only."""

    person = serializers.IntegerField(source="person_id", help_text="the child's id")
    reference = serializers.CharField(read_only=True)
    agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    decided_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    signed_off_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    reasons = serializers.CharField(allow_blank=True, max_length=20_000)
    risk_review = RiskReviewSerializer(required=False, allow_null=True,
                                       help_text="needed after was-not-brought or non-engagement prompts (R35)")

    class Meta:
        model = CaseDecision
        fields = ["id", "reference", "person", "kind", "agency", "decided_by", "role", "job_title", "decided_at",
                  "reasons", "from_level", "to_level", "help_in_place", "help_confirmed_with", "deferred_until",
                  "awaiting", "sign_off", "signed_off_by", "signed_off_role", "signed_off_at", "sign_off_reasons",
                  "risk_review"]
        read_only_fields = ["role", "job_title", "decided_at", "sign_off", "signed_off_role", "signed_off_at",
                            "sign_off_reasons"]


class SignOffInput(serializers.Serializer):
    agreed = serializers.BooleanField(help_text="true: the decision stands; false: it does not")
    reasons = serializers.CharField(allow_blank=True, max_length=20_000)


class CaseDecisionViewSet(LoggedListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Case decisions about children the caller may see: no further action, closure, step-down, deferral, step-up."""

    list_logged_as = "decisions"

    serializer_class = CaseDecisionSerializer

    permission_classes = [ReadsCaseData]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI schema is built without a user
            return CaseDecision.objects.none()
        decisions = decisions_for(self.request.user).order_by("-decided_at", "-id")
        person = self.request.query_params.get("person")
        return decisions.filter(person_id=int(person)) if person and person.isdigit() else decisions

    @extend_schema(parameters=[OpenApiParameter("person", int, description="only decisions about this child")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        decision = self.get_object()
        log_access(request, decision.person, f"case decision {decision.reference} (API)")
        return Response(self.get_serializer(decision).data)

    @extend_schema(responses={201: CaseDecisionSerializer, 400: RefusalMessages})
    def create(self, request):
        body = CaseDecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        person = visible_people(request.user).filter(pk=data.pop("person_id")).first()
        if person is None:
            raise NotFound("No such person.")
        review = data.pop("risk_review", None)
        try:
            decision = record_decision(person, request.user, risk_review=review, **data)
        except DecisionRefused as refusal:
            return Response({"detail": str(refusal)}, status=status.HTTP_400_BAD_REQUEST)
        return Response(CaseDecisionSerializer(decision).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=SignOffInput, responses={200: CaseDecisionSerializer, 400: RefusalMessages})
    @action(detail=True, methods=["post"], url_path="sign-off")
    def sign_off(self, request, pk=None):
        decision = get_object_or_404(self.get_queryset(), pk=pk)
        body = SignOffInput(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            decision = sign_off(decision, request.user, **body.validated_data)
        except DecisionRefused as refusal:
            return Response({"detail": str(refusal)}, status=status.HTTP_400_BAD_REQUEST)
        return Response(CaseDecisionSerializer(decision).data)
