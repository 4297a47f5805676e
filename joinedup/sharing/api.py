"""Information-sharing API: decisions to withhold (R01), requests between agencies with their purpose (R08)
and their answers, and the partnership's counts. Same rules and refusals as the web pages.

    GET  /api/sharing/withholds/             decisions the caller may read
    POST /api/sharing/withholds/             record a decision not to share (reasons, category, review date)
    GET  /api/sharing/withholds/{id}/
    GET  /api/sharing/requests/              requests from or to the caller's agency
    POST /api/sharing/requests/              ask another agency, saying why
    GET  /api/sharing/requests/{id}/
    POST /api/sharing/requests/{id}/answer/  shared (with the information) or withheld (with a recorded decision)
    GET  /api/sharing/report/                counts by agency and reason category (?from=&to=), no child named
"""


from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from joinedup.agencies.models import Agency
from joinedup.audit.api import LoggedListMixin
from joinedup.audit.services import log_access
from joinedup.chronology.models import RequestPurpose
from joinedup.core.api import ERRORS, ReadsCaseData, refusal_error
from joinedup.core.periods import report_period
from joinedup.events.models import Event
from joinedup.people.selectors import visible_people
from joinedup.sharing import selectors, services
from joinedup.sharing.models import AgencyRequest, ReasonCategory, RequestResponse, WithholdDecision

_TEXT = {"allow_blank": True, "max_length": 20_000}
_AGENCY = {"slug_field": "code", "queryset": Agency.objects.all(), "help_text": "agency code"}


class WithholdSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.display_name", read_only=True)
    agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    withheld_from = serializers.SlugRelatedField(slug_field="code", read_only=True)
    decided_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = WithholdDecision
        fields = ["id", "person", "person_name", "agency", "decided_by", "role", "decided_at", "what_kind", "event",
                  "request", "what", "withheld_from", "reason_category", "reasons", "review_on", "under_duty"]


class WithholdInput(serializers.Serializer):
    person = serializers.IntegerField(help_text="the child's id")
    event = serializers.IntegerField(required=False, allow_null=True, default=None,
                                     help_text="an event your agency recorded about the child; or describe `what`")
    what = serializers.CharField(required=False, default="", allow_blank=True, max_length=300)
    withheld_from = serializers.SlugRelatedField(**_AGENCY)
    reason_category = serializers.ChoiceField(choices=ReasonCategory.choices)
    reasons = serializers.CharField(**_TEXT)
    review_on = serializers.DateField()
    identifier = serializers.BooleanField(required=False, default=False,
                                          help_text="what is withheld is the child's NHS number")
    under_duty = serializers.BooleanField(required=False, default=True,
                                          help_text="made under the information-sharing duty (CWSA 2026 s.4)")


class RequestSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.display_name", read_only=True)
    requested_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    from_agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    to_agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    responded_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    withhold_decision = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = AgencyRequest
        fields = ["id", "person", "person_name", "requested_by", "from_agency", "to_agency", "purpose",
                  "purpose_detail", "needed_by", "created_at", "response", "response_text", "responded_by",
                  "responded_at", "withhold_decision"]


class RequestInput(serializers.Serializer):
    person = serializers.IntegerField(help_text="the child's id")
    to_agency = serializers.SlugRelatedField(**_AGENCY)
    purpose = serializers.ChoiceField(choices=RequestPurpose.choices)
    purpose_detail = serializers.CharField(**_TEXT, help_text="what you need to know, and why (R08)")
    needed_by = serializers.DateField(required=False, allow_null=True, default=None)


class AnswerInput(serializers.Serializer):
    response = serializers.ChoiceField(choices=RequestResponse.choices)
    response_text = serializers.CharField(required=False, default="", **_TEXT)
    reason_category = serializers.ChoiceField(choices=ReasonCategory.choices, required=False, default="")
    reasons = serializers.CharField(required=False, default="", **_TEXT)
    review_on = serializers.DateField(required=False, allow_null=True, default=None)
    under_duty = serializers.BooleanField(required=False, default=True)


def _body(request, serializer_class) -> dict:
    body = serializer_class(data=request.data)
    body.is_valid(raise_exception=True)
    return dict(body.validated_data)


def _person(request, person_id: int):
    person = visible_people(request.user).filter(pk=person_id).first()
    if person is None:
        raise NotFound("No such child that you may see.")
    return person


class WithholdViewSet(LoggedListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Decisions not to share information (R01): the caller's own, their agency's for leads, all for the MASH."""

    list_logged_as = "decisions to withhold"

    serializer_class = WithholdSerializer
    permission_classes = [ReadsCaseData]
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return selectors.withholds_for(self.request.user).order_by("-decided_at", "-id")

    @extend_schema(responses={200: WithholdSerializer(many=True), 403: ERRORS[403]})
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(responses={200: WithholdSerializer, 403: ERRORS[403], 404: ERRORS[404]})
    def retrieve(self, request, *args, **kwargs):
        decision = self.get_object()
        log_access(request, decision.person, f"decision not to share {decision.pk} (API)")
        return Response(self.get_serializer(decision).data)

    @extend_schema(request=WithholdInput, responses={201: WithholdSerializer, **ERRORS})
    def create(self, request):
        data = _body(request, WithholdInput)
        person = _person(request, data.pop("person"))
        event_id = data.pop("event")
        event = None
        if event_id is not None:
            event = Event.objects.filter(pk=event_id, agency_id=request.user.agency_id).first()
            if event is None:
                raise NotFound("No such event recorded by your agency.")
        try:
            decision = services.withhold(actor=request.user, person=person, event=event, **data)
        except services.Refused as refusal:
            raise refusal_error(refusal) from None
        return Response(self.get_serializer(decision).data, status=status.HTTP_201_CREATED)


class AgencyRequestViewSet(LoggedListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Requests for information between agencies, each with its purpose (R08), and their answers."""

    list_logged_as = "requests for information"

    serializer_class = RequestSerializer
    permission_classes = [ReadsCaseData]
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return selectors.requests_for(self.request.user).order_by("-created_at", "-id")

    @extend_schema(responses={200: RequestSerializer(many=True), 403: ERRORS[403]})
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(responses={200: RequestSerializer, 403: ERRORS[403], 404: ERRORS[404]})
    def retrieve(self, request, *args, **kwargs):
        found = self.get_object()
        log_access(request, found.person, f"information request Q{found.pk} (API)")
        return Response(self.get_serializer(found).data)

    @extend_schema(request=RequestInput, responses={201: RequestSerializer, **ERRORS})
    def create(self, request):
        data = _body(request, RequestInput)
        person = _person(request, data.pop("person"))
        try:
            made = services.make_request(actor=request.user, person=person, **data)
        except services.Refused as refusal:
            raise refusal_error(refusal) from None
        return Response(self.get_serializer(made).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AnswerInput, responses={200: RequestSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        found = self.get_object()
        data = _body(request, AnswerInput)
        try:
            answered = services.answer_request(found, actor=request.user, **data)
        except services.Refused as refusal:
            raise refusal_error(refusal) from None
        return Response(self.get_serializer(self.get_queryset().get(pk=answered.pk)).data)


class ReportRow(serializers.Serializer):
    agency = serializers.CharField()
    reason_category = serializers.ChoiceField(choices=ReasonCategory.choices)
    decisions = serializers.IntegerField()


class RequestRow(serializers.Serializer):
    agency = serializers.CharField()
    made = serializers.IntegerField()
    received = serializers.IntegerField()
    shared = serializers.IntegerField()
    withheld = serializers.IntegerField()
    waiting = serializers.IntegerField()


class DutyRow(serializers.Serializer):
    agency = serializers.CharField()
    decisions = serializers.IntegerField()
    identifier = serializers.IntegerField(help_text="of which the child's NHS number")


class ReportSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    withholding = ReportRow(many=True)
    under_duty = DutyRow(many=True, help_text="decisions not to share under the information-sharing duty (CWSA 2026 s.4)")
    requests = RequestRow(many=True)


class SharingReportView(APIView):
    """Counts of decisions to withhold by agency and reason category, and of requests by agency: no child named."""

    @extend_schema(parameters=[OpenApiParameter("from", str, description="YYYY-MM-DD (default: a year ago)"),
                               OpenApiParameter("to", str, description="YYYY-MM-DD (default: today)")],
                   responses={200: ReportSerializer, 403: ERRORS[403]})
    def get(self, request):
        if not selectors.may_report(request.user):
            raise PermissionDenied("The information-sharing report is for partnership analysts and managers.")
        start, end = report_period(request)
        report = selectors.partnership_report(start, end)
        codes = [code for code, _ in report["categories"]]
        rows = [{"agency": row["agency"], "reason_category": code, "decisions": n}
                for row in report["withholding"] for code, n in zip(codes, row["counts"], strict=True) if n]
        return Response(ReportSerializer({"start": start, "end": end, "withholding": rows,
                                          "under_duty": report["under_duty"], "requests": report["requests"]}).data)
