"""Child protection teams API: teams with their members and the disciplines they lack, and section 47 enquiries
(read, open, set tasks, record the outcome) with the same services, checks and audit as the pages."""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from joinedup.agencies.models import Agency
from joinedup.audit.services import log_access
from joinedup.cpteams import services
from joinedup.cpteams.models import Discipline, Enquiry, Membership, Outcome, Task, Team
from joinedup.cpteams.selectors import enquiries_for
from joinedup.identifiers.fields import NhsNumberField
from joinedup.meetings.models import Meeting
from joinedup.people.selectors import visible_people

ID_MAX = 2 ** 63 - 1      # the largest id either database stores
__all__ = ["EnquiryViewSet", "TeamViewSet"]


class MemberSerializer(serializers.ModelSerializer):
    who = serializers.CharField(read_only=True)
    agency = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "who", "agency", "discipline", "role", "registration", "nominated_by", "start_date", "end_date"]


class TeamSerializer(serializers.ModelSerializer):
    members = MemberSerializer(source="memberships", many=True, read_only=True)
    missing_disciplines = serializers.SerializerMethodField()

    class Meta:
        model = Team
        fields = ["id", "name", "area", "active", "members", "missing_disciplines"]

    def get_missing_disciplines(self, team) -> list[str]:
        return services.missing_disciplines(team)


class TaskSerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(slug_field="username", read_only=True)
    owner_agency = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Task
        fields = ["id", "discipline", "description", "owner", "owner_name", "owner_agency", "set_on", "due_on",
                  "completed_on", "completion_note"]
        read_only_fields = fields


class EnquirySerializer(serializers.ModelSerializer):
    lead = serializers.SlugRelatedField(slug_field="username", read_only=True)
    tasks = TaskSerializer(many=True, read_only=True)
    nhs_number = NhsNumberField(source="person")

    class Meta:
        model = Enquiry
        fields = ["id", "person", "nhs_number", "team", "strategy_discussion", "lead", "started_on", "concerns", "outcome",
                  "outcome_reasons", "outcome_on", "tasks"]
        read_only_fields = fields


class OpenSerializer(serializers.Serializer):
    person = serializers.IntegerField(min_value=1, max_value=ID_MAX)
    team = serializers.IntegerField(min_value=1, max_value=ID_MAX)
    strategy_discussion = serializers.IntegerField(min_value=1, max_value=ID_MAX)
    lead = serializers.SlugRelatedField(slug_field="username", queryset=get_user_model().objects.all())
    concerns = serializers.CharField(allow_blank=True)
    started_on = serializers.DateField(required=False)


class NewTaskSerializer(serializers.Serializer):
    discipline = serializers.ChoiceField(choices=Discipline.choices)
    description = serializers.CharField(allow_blank=True)
    due_on = serializers.DateField()
    owner = serializers.SlugRelatedField(slug_field="username", queryset=get_user_model().objects.all(),
                                         required=False, allow_null=True)
    owner_name = serializers.CharField(required=False, allow_blank=True, default="")
    owner_agency = serializers.SlugRelatedField(slug_field="code", queryset=Agency.objects.all(), required=False,
                                                allow_null=True)


class OutcomeSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    reasons = serializers.CharField(allow_blank=True)


def _run(call):
    try:
        return call()
    except services.Refused as refusal:
        raise ValidationError(refusal.errors) from refusal


class TeamViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Multi-agency child protection teams, their members by discipline, and the disciplines each lacks."""

    serializer_class = TeamSerializer
    queryset = Team.objects.none()

    def get_queryset(self):
        if not self.request.user.reads_case_data:
            raise PermissionDenied("Child protection teams are read by case readers.")
        return Team.objects.prefetch_related("memberships__agency", "memberships__user").order_by("name")


class EnquiryViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Section 47 enquiries the caller takes part in. List them with `?person=<id>`."""

    serializer_class = EnquirySerializer
    queryset = Enquiry.objects.none()

    def get_queryset(self):
        return enquiries_for(self.request.user).prefetch_related("tasks__owner", "tasks__owner_agency")

    def _one(self) -> Enquiry:
        enquiry = self.get_object()
        log_access(self.request, enquiry.person, f"section 47 enquiry {enquiry.pk} (API)")
        return enquiry

    def _show(self, enquiry, code=status.HTTP_200_OK):
        return Response(EnquirySerializer(self.get_queryset().get(pk=enquiry.pk)).data, status=code)

    @extend_schema(parameters=[OpenApiParameter("person", int, required=True)], responses=EnquirySerializer(many=True))
    def list(self, request):
        person_id = request.query_params.get("person", "")
        if not person_id.isdigit() or int(person_id) > ID_MAX:
            raise ValidationError({"person": "Give the child's id in ?person=."})
        found = self.get_queryset().filter(person_id=int(person_id))
        for enquiry in found:
            log_access(request, enquiry.person, "section 47 enquiries (API)")
        return Response(EnquirySerializer(found, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return self._show(self._one())

    @extend_schema(request=OpenSerializer, responses={201: EnquirySerializer})
    def create(self, request):
        body = OpenSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        person = visible_people(request.user).filter(pk=data.pop("person")).first()
        if person is None:
            raise NotFound("No child you may open has this id.")
        data["strategy_discussion"] = Meeting.objects.filter(pk=data["strategy_discussion"], person=person).first()
        data["team"] = Team.objects.filter(pk=data["team"]).first()
        enquiry = _run(lambda: services.open_enquiry(actor=request.user, person=person, **data))
        log_access(request, person, f"section 47 enquiry {enquiry.pk} (API)")
        return self._show(enquiry, status.HTTP_201_CREATED)

    @extend_schema(request=NewTaskSerializer, responses=EnquirySerializer)
    @action(detail=True, methods=["post"])
    def tasks(self, request, pk=None):
        enquiry = self._one()
        body = NewTaskSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        _run(lambda: services.add_task(enquiry, actor=request.user, **body.validated_data))
        return self._show(enquiry)

    @extend_schema(request=OutcomeSerializer, responses=EnquirySerializer)
    @action(detail=True, methods=["post"])
    def outcome(self, request, pk=None):
        enquiry = self._one()
        body = OutcomeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        _run(lambda: services.record_outcome(enquiry, actor=request.user, **body.validated_data))
        return self._show(enquiry)
