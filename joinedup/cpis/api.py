"""CP-IS API: a person's flag and last 25 attendances, and recording an attendance; the same checks and audit as
the pages. Every read is access-logged."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from joinedup.audit.services import log_access
from joinedup.cpis import services
from joinedup.cpis.models import Attendance, Setting
from joinedup.cpis.status import flags_for
from joinedup.identifiers.fields import NhsNumberField
from joinedup.people.selectors import visible_people

ID_MAX = 2 ** 63 - 1      # the largest id either database stores
__all__ = ["AttendancesView", "FlagView"]


class FlagSerializer(serializers.Serializer):
    plan_type = serializers.CharField(source="span.plan_type")
    plan = serializers.CharField(source="plan_label")
    start_date = serializers.DateField(source="span.start")
    end_date = serializers.DateField(source="span.end", allow_null=True)
    current = serializers.BooleanField()
    authority = serializers.CharField(source="authority.name")
    authority_code = serializers.CharField(source="authority.code")
    office_phone = serializers.CharField(source="authority.office_phone")
    out_of_hours_phone = serializers.CharField(source="authority.out_of_hours_phone")
    how = serializers.CharField()


class AttendanceSerializer(serializers.ModelSerializer):
    recorded_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Attendance
        fields = ["id", "person", "attended_at", "setting", "setting_name", "ods_code", "plan_type", "status_shown",
                  "source", "recorded_by", "told"]
        read_only_fields = fields


class PersonCpisSerializer(serializers.Serializer):
    person = serializers.IntegerField(source="person.pk")
    nhs_number = NhsNumberField(source="person")
    flags = FlagSerializer(many=True)
    attendances = AttendanceSerializer(many=True)


class NewAttendanceSerializer(serializers.Serializer):
    person = serializers.IntegerField(min_value=1, max_value=ID_MAX)
    setting = serializers.ChoiceField(choices=Setting.choices)
    setting_name = serializers.CharField(max_length=200)
    attended_at = serializers.DateTimeField()
    ods_code = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")


def _person(request, person_id):
    person = get_object_or_404(visible_people(request.user), pk=person_id)
    if not services.may_see_flag(request.user, person):
        raise PermissionDenied("CP-IS is shown to health practitioners and to those who see the whole picture.")
    return person


class FlagView(APIView):
    """What CP-IS shows for a person: flags (current, or in the last 12 months) and the last 25 attendances."""

    @extend_schema(responses=PersonCpisSerializer)
    def get(self, request, person_id: int):
        person = _person(request, person_id)
        log_access(request, person, "CP-IS flag and attendances (API)")
        return Response(PersonCpisSerializer({"person": person, "flags": flags_for(person),
                                              "attendances": services.last_attendances(person)}).data)


class AttendancesView(APIView):
    """Record an unscheduled-care attendance of a flagged child (health practitioners): the allocated social
    worker is told."""

    @extend_schema(request=NewAttendanceSerializer, responses={201: AttendanceSerializer})
    def post(self, request):
        body = NewAttendanceSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        person = _person(request, data.pop("person"))
        try:
            made = services.record_attendance(person, actor=request.user, **data)
        except services.Refused as refusal:
            raise ValidationError(refusal.errors) from refusal
        log_access(request, person, "CP-IS attendance recorded (API)")
        return Response(AttendanceSerializer(made).data, status=status.HTTP_201_CREATED)
