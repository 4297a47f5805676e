"""Meetings API: the same services, checks and audit as the pages. Every read of a meeting is access-logged."""

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from joinedup.audit.api import LoggedListMixin
from joinedup.audit.services import log_access
from joinedup.meetings import services
from joinedup.meetings.api.serializers import (
    MeetingActionCompleteSerializer,
    MeetingActionCreateSerializer,
    MeetingActionSerializer,
    MeetingAttendanceSerializer,
    MeetingDecisionSerializer,
    MeetingMinutesSerializer,
    MeetingSerializer,
)
from joinedup.meetings.models import Meeting, MeetingAction
from joinedup.meetings.selectors import actions_for, visible_meetings
from joinedup.people.selectors import visible_people

__all__ = ["MeetingActionViewSet", "MeetingViewSet"]


def _refused(refusal: services.MeetingRefused):
    if isinstance(refusal, services.NotAllowed):
        return PermissionDenied(str(refusal))
    return ValidationError({"detail": str(refusal)})


def _run(call):
    try:
        return call()
    except services.MeetingRefused as refusal:
        raise _refused(refusal) from refusal


def _base(request) -> str:
    return request.build_absolute_uri("/")


class MeetingViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Multi-agency meetings about children the caller may open, where the caller's agency was invited or the
    caller takes part. List them with `?person=<id>`."""

    serializer_class = MeetingSerializer
    queryset = Meeting.objects.none()

    def get_queryset(self):
        return (visible_meetings(self.request.user)
                .prefetch_related("invitations__agency", "decisions__recorded_by", "actions__owner",
                                  "actions__owner_agency", "actions__completed_by").order_by("-held_on", "-id"))

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}

    def _meeting(self) -> Meeting:
        meeting = self.get_object()
        log_access(self.request, meeting.person, f"meeting {meeting.pk} (API)")
        return meeting

    def _show(self, meeting: Meeting, code=status.HTTP_200_OK) -> Response:
        meeting = self.get_queryset().get(pk=meeting.pk)
        return Response(MeetingSerializer(meeting, context=self.get_serializer_context()).data, status=code)

    @extend_schema(parameters=[OpenApiParameter("person", int, required=True, description="the child's id")],
                   responses=MeetingSerializer(many=True))
    def list(self, request):
        person_id = request.query_params.get("person", "")
        if not person_id.isdigit():
            raise ValidationError({"person": "Give the child's id in ?person= (listing every meeting is not offered)."})
        person = visible_people(request.user).filter(pk=int(person_id)).first()
        if person is None:
            raise NotFound()
        log_access(request, person, "meetings (API)")
        page = self.paginate_queryset(self.get_queryset().filter(person=person))
        return self.get_paginated_response(MeetingSerializer(page, many=True, context=self.get_serializer_context()).data)

    def retrieve(self, request, *args, **kwargs):
        return self._show(self._meeting())

    @extend_schema(request=MeetingSerializer, responses={201: MeetingSerializer})
    def create(self, request):
        body = MeetingSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        data = body.validated_data
        person = visible_people(request.user).filter(pk=data["person_id"]).first()
        if person is None:
            raise NotFound("No child you may open has this id.")
        chair = get_user_model().objects.filter(pk=data.get("chair_id", request.user.pk)).first()
        meeting = _run(lambda: services.create_meeting(
            person=person, kind=data["kind"], held_on=data["held_on"], chair=chair, organiser=request.user,
            purpose=data["purpose"], agencies=data["agencies"], child_views=data["child_views"]))
        log_access(request, person, f"meeting {meeting.pk} (API)")
        return self._show(meeting, status.HTTP_201_CREATED)

    @extend_schema(request=MeetingAttendanceSerializer, responses=MeetingSerializer)
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):
        meeting = self._meeting()
        body = MeetingAttendanceSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        _run(lambda: services.record_attendance(meeting, actor=request.user, **body.validated_data))
        return self._show(meeting)

    @extend_schema(request=MeetingMinutesSerializer, responses=MeetingSerializer)
    @action(detail=True, methods=["put"])
    def minutes(self, request, pk=None):
        meeting = self._meeting()
        body = MeetingMinutesSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        _run(lambda: services.save_minutes(meeting, actor=request.user, **body.validated_data))
        return self._show(meeting)

    @extend_schema(request=None, responses=MeetingSerializer,
                   description="Circulate the minutes: records the time, locks the minutes and emails a link to "
                               "the invited agencies' users who may open the child, and to each action's owner.")
    @action(detail=True, methods=["post"], url_path="circulate-minutes")
    def circulate_minutes(self, request, pk=None):
        meeting = self._meeting()
        _run(lambda: services.circulate_minutes(meeting, actor=request.user, link_base=_base(request)))
        return self._show(meeting)

    @extend_schema(request=MeetingDecisionSerializer, responses={201: MeetingDecisionSerializer})
    @action(detail=True, methods=["post"])
    def decisions(self, request, pk=None):
        meeting = self._meeting()
        body = MeetingDecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        made = _run(lambda: services.record_decision(meeting, actor=request.user, **body.validated_data))
        return Response(MeetingDecisionSerializer(made).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MeetingActionCreateSerializer, responses={201: MeetingActionSerializer})
    @action(detail=True, methods=["post"])
    def actions(self, request, pk=None):
        meeting = self._meeting()
        body = MeetingActionCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        if data["owner"] is not None:
            data["owner"] = get_object_or_404(get_user_model(), pk=data["owner"])
        made = _run(lambda: services.add_action(meeting, actor=request.user, link_base=_base(request), **data))
        return Response(MeetingActionSerializer(made, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)


class MeetingActionViewSet(LoggedListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Meeting actions you own, or from meetings you chair or recorded. `?open=true` lists those not done."""

    list_logged_as = "meeting actions"

    def people_shown(self, rows) -> list[int]:
        return [row.meeting.person_id for row in rows if row.meeting.person_id]

    serializer_class = MeetingActionSerializer
    queryset = MeetingAction.objects.none()

    def get_queryset(self):
        actions = actions_for(self.request.user).order_by("due_on", "id")
        if self.request.query_params.get("open") in ("true", "1"):
            actions = actions.filter(completed_on__isnull=True)
        return actions

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}

    @extend_schema(parameters=[OpenApiParameter("open", bool, description="only actions not yet done")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        found = self.get_object()
        log_access(request, found.meeting.person, f"meeting {found.meeting_id} (API)")
        return Response(MeetingActionSerializer(found, context=self.get_serializer_context()).data)

    @extend_schema(request=MeetingActionCompleteSerializer, responses=MeetingActionSerializer,
                   description="Record the action as done, with a note of what was done (required).")
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        found = self.get_object()
        log_access(request, found.meeting.person, f"meeting {found.meeting_id} (API)")
        body = MeetingActionCompleteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        done = _run(lambda: services.complete_action(found, actor=request.user, **body.validated_data))
        return Response(MeetingActionSerializer(done, context=self.get_serializer_context()).data)
