"""Training API: compliance by agency (counts), an agency's learners, learners and attendance records."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from engine.casework.training import load_training
from joinedup.agencies.models import Agency
from joinedup.training import services
from joinedup.training.api.serializers import (
    TrainingAgencySerializer,
    TrainingAttendanceSerializer,
    TrainingLearnerCheckSerializer,
    TrainingLearnerSerializer,
    TrainingSessionSerializer,
)
from joinedup.training.models import Learner

__all__ = ["AgencyLearnersView", "AttendanceView", "ComplianceView", "LearnersView"]


def _refused(refusal):
    return PermissionDenied(str(refusal)) if isinstance(refusal, services.NotAllowed) else ValidationError(
        {"detail": str(refusal)})


class ComplianceView(APIView):
    """For each agency: learners, how many are up to date with their role's pathway, and which courses are
    missing or expired (counts only). For partnership analysts, administrators, team managers and designated leads."""

    @extend_schema(operation_id="training_compliance_by_agency", responses=TrainingAgencySerializer(many=True))
    def get(self, request):
        if not services.may_see_partnership(request.user):
            raise PermissionDenied("Training compliance is for analysts, administrators, team managers and designated leads.")
        codes = dict(Agency.objects.values_list("pk", "code"))
        data = [{"agency": codes.get(a.agency_id), "agency_name": a.agency_name, "learners": a.learners,
                 "up_to_date": a.up_to_date, "not_up_to_date": a.not_up_to_date,
                 "courses": [{"course": c.code, "title": c.title, "missing": a.missing.get(c.code, 0),
                              "expired": a.expired.get(c.code, 0)}
                             for c in load_training().courses if a.missing.get(c.code) or a.expired.get(c.code)]}
                for a in services.agency_compliance()]
        return Response(TrainingAgencySerializer(data, many=True).data)


class AgencyLearnersView(APIView):
    """Each learner of one agency with each required course's state (administrators; team managers and
    designated leads for their own agency)."""

    @extend_schema(operation_id="training_compliance_agency_learners", responses=TrainingLearnerCheckSerializer(many=True))
    def get(self, request, code: str):
        agency = get_object_or_404(Agency, code=code)
        if not services.may_manage_agency(request.user, agency.pk):
            raise PermissionDenied("Named learners are for administrators, and for team managers and designated "
                                   "leads of their own agency.")
        rows = services.learners_compliance(agency_id=agency.pk)
        data = [{"learner": r.key, "name": r.name, "role": r.role, "signs_in": r.signs_in,
                 "up_to_date": r.check.up_to_date,
                 "courses": [{"course": c.course.code, "title": c.course.title, "state": c.state,
                              "last_attended": c.last_attended, "expires_on": c.expires_on} for c in r.check.courses]}
                for r in rows]
        return Response(TrainingLearnerCheckSerializer(data, many=True).data)


class LearnersView(APIView):
    """Volunteers and other staff who do not sign in, with their pathway role."""

    @extend_schema(parameters=[OpenApiParameter("agency", str, description="agency code (default: your own)")],
                   responses=TrainingLearnerSerializer(many=True))
    def get(self, request):
        code = request.query_params.get("agency")
        agency = get_object_or_404(Agency, code=code) if code else request.user.agency
        if agency is None or not services.may_manage_agency(request.user, agency.pk):
            raise PermissionDenied("Learners are listed for administrators, and for team managers and designated "
                                   "leads of their own agency.")
        learners = Learner.objects.filter(agency=agency, user__isnull=True).select_related("agency")
        return Response(TrainingLearnerSerializer(learners, many=True).data)

    @extend_schema(request=TrainingLearnerSerializer, responses={201: TrainingLearnerSerializer})
    def post(self, request):
        body = TrainingLearnerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            learner = services.add_learner(actor=request.user, **body.validated_data)
        except services.TrainingRefused as refusal:
            raise _refused(refusal) from refusal
        return Response(TrainingLearnerSerializer(learner).data, status=status.HTTP_201_CREATED)


class AttendanceView(APIView):
    """Record a session's attendance: a course, a day, how attendance is known, and who attended."""

    @extend_schema(request=TrainingSessionSerializer, responses={201: TrainingAttendanceSerializer(many=True)})
    def post(self, request):
        body = TrainingSessionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            made = services.record_attendance(actor=request.user, **body.validated_data)
        except services.TrainingRefused as refusal:
            raise _refused(refusal) from refusal
        return Response(TrainingAttendanceSerializer(made, many=True).data, status=status.HTTP_201_CREATED)
