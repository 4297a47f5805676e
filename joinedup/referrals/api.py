"""Referrals API: the same rules and refusals as the web pages; every read of a referral is access-logged.

    GET  /api/referrals/                   referrals the caller may read (?state=waiting|decided|told, ?mine=true)
    POST /api/referrals/                   make a referral (the MASH's one working day starts today)
    GET  /api/referrals/{id}/
    POST /api/referrals/{id}/pick-up/      a MASH officer takes it
    POST /api/referrals/{id}/decision/     the MASH's decision, its view of the need level and reasons
    POST /api/referrals/{id}/feedback/     what was decided and what will happen next, for the referrer
    GET  /api/referrals/need-levels/       the partnership's continuum of need
"""

from dataclasses import asdict

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from joinedup.audit.api import LoggedListMixin
from joinedup.audit.services import log_access
from joinedup.core.api import ERRORS, ReadsCaseData, refusal_error
from joinedup.people.selectors import sees_whole_picture_of, visible_people
from joinedup.referrals import selectors, services
from joinedup.referrals.continuum import need_level_choices, need_levels
from joinedup.referrals.models import Consent, Outcome, Referral

_TEXT = {"allow_blank": True, "max_length": 20_000}


class NeedLevelSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()


class MashReferralSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.display_name", read_only=True)
    referrer = serializers.SlugRelatedField(slug_field="username", read_only=True)
    referrer_agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    mash_worker = serializers.SlugRelatedField(slug_field="username", read_only=True)
    decided_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    feedback_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    status = serializers.CharField(read_only=True)
    decision_due_on = serializers.SerializerMethodField()
    decision_reasons = serializers.SerializerMethodField()
    mash_need_level = serializers.SerializerMethodField()
    outcome = serializers.SerializerMethodField()

    class Meta:
        model = Referral
        fields = ["id", "person", "person_name", "referrer", "referrer_agency", "referrer_role", "need_level",
                  "concern", "wanted_outcome", "consent", "consent_reason", "received_on", "decision_due_on",
                  "status", "mash_worker", "outcome", "mash_need_level", "decision_reasons", "decided_by",
                  "decided_at", "feedback", "next_steps", "feedback_by", "feedback_at"]

    def _whole(self, referral) -> bool:
        return sees_whole_picture_of(self.context["request"].user, referral.person)

    @extend_schema_field(serializers.DateField())
    def get_decision_due_on(self, referral):
        return selectors.decision_due_on(referral).isoformat()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_decision_reasons(self, referral):
        """The MASH's reasons: for the MASH and the allocated worker; the referrer reads the feedback."""
        return referral.decision_reasons if self._whole(referral) and referral.decided_at else None

    @extend_schema_field(serializers.ChoiceField(choices=Outcome.choices, allow_null=True))
    def get_outcome(self, referral):
        """The type of response: for the referrer once the MASH has told them (with its feedback)."""
        if referral.decided_at and (referral.feedback_at or self._whole(referral)):
            return referral.outcome
        return None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_mash_need_level(self, referral):
        return referral.mash_need_level if self._whole(referral) and referral.decided_at else None


class ReferralInput(serializers.Serializer):
    person = serializers.IntegerField(help_text="the child's id")
    need_level = serializers.ChoiceField(choices=[], help_text="a code from the partnership's continuum of need")
    concern = serializers.CharField(**_TEXT)
    wanted_outcome = serializers.CharField(**_TEXT)
    consent = serializers.ChoiceField(choices=Consent.choices)
    consent_reason = serializers.CharField(required=False, default="", **_TEXT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need_level"].choices = need_level_choices()


class DecisionInput(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    mash_need_level = serializers.CharField(max_length=40, help_text="a code from the partnership's continuum of need "
                                                                      "(GET /api/referrals/need-levels/)")
    reasons = serializers.CharField(**_TEXT)


class FeedbackInput(serializers.Serializer):
    feedback = serializers.CharField(**_TEXT)
    next_steps = serializers.CharField(**_TEXT)


class ReferralViewSet(LoggedListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Referrals to children's social care / the MASH about children the caller may see."""

    list_logged_as = "referrals"

    serializer_class = MashReferralSerializer
    permission_classes = [ReadsCaseData]
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        referrals = selectors.referrals_for(self.request.user).order_by("-received_on", "-id")
        state = self.request.query_params.get("state")
        if state == "waiting":
            referrals = referrals.filter(decided_at__isnull=True)
        elif state == "decided":
            referrals = referrals.filter(decided_at__isnull=False, feedback_at__isnull=True)
        elif state == "told":
            referrals = referrals.filter(feedback_at__isnull=False)
        if self.request.query_params.get("mine") == "true":
            referrals = referrals.filter(referrer=self.request.user)
        return referrals

    @extend_schema(parameters=[
        OpenApiParameter("state", str, enum=["waiting", "decided", "told"],
                         description="waiting for a decision; decided, referrer not yet told; referrer told"),
        OpenApiParameter("mine", str, enum=["true"], description="only referrals the caller made")],
        responses={200: MashReferralSerializer(many=True), 403: ERRORS[403]})
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(responses={200: MashReferralSerializer, 403: ERRORS[403], 404: ERRORS[404]})
    def retrieve(self, request, *args, **kwargs):
        referral = self.get_object()
        log_access(request, referral.person, f"referral R{referral.pk} (API)")
        services.mark_feedback_read(referral, request.user)
        return Response(self.get_serializer(referral).data)

    def _body(self, serializer_class) -> dict:
        body = serializer_class(data=self.request.data)
        body.is_valid(raise_exception=True)
        return dict(body.validated_data)

    def _done(self, act, ok=status.HTTP_200_OK):
        try:
            referral = act()
        except services.Refused as refusal:
            raise refusal_error(refusal) from None
        referral = selectors.referrals_for(self.request.user).get(pk=referral.pk)
        return Response(self.get_serializer(referral).data, status=ok)

    @extend_schema(request=ReferralInput, responses={201: MashReferralSerializer, **ERRORS})
    def create(self, request):
        data = self._body(ReferralInput)
        person = visible_people(request.user).filter(pk=data.pop("person")).first()
        if person is None:
            raise NotFound("No such child that you may see.")
        return self._done(lambda: services.make_referral(referrer=request.user, person=person, **data),
                          ok=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: MashReferralSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path="pick-up")
    def pick_up(self, request, pk=None):
        referral = self.get_object()
        return self._done(lambda: services.pick_up(referral, actor=request.user))

    @extend_schema(request=DecisionInput, responses={200: MashReferralSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def decision(self, request, pk=None):
        referral, data = self.get_object(), self._body(DecisionInput)
        return self._done(lambda: services.decide(referral, actor=request.user, **data))

    @extend_schema(request=FeedbackInput, responses={200: MashReferralSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def feedback(self, request, pk=None):
        referral, data = self.get_object(), self._body(FeedbackInput)
        return self._done(lambda: services.give_feedback(referral, actor=request.user, **data))

    @extend_schema(responses={200: NeedLevelSerializer(many=True), 403: ERRORS[403]})
    @action(detail=False, url_path="need-levels", pagination_class=None)
    def need_levels(self, request):
        return Response(NeedLevelSerializer([asdict(level) for level in need_levels()], many=True).data)
