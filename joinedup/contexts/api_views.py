"""Contexts API: read contexts, refer a context (no child needed), list and record assessments and plan actions.

The same rules as the pages: every user who reads case data reads context records and may refer; assessments
and plan actions are recorded by MASH officers, team managers and designated safeguarding leads; every write
is audited by the service that makes it.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions as drf_permissions
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from joinedup.associations.models import PeerGroup
from joinedup.contexts import permissions, selectors, services
from joinedup.contexts.api_serializers import (
    ContextAssessmentSerializer,
    ContextPlanActionSerializer,
    ContextReferralCreateSerializer,
    ContextReferralSerializer,
    ContextSerializer,
)
from joinedup.contexts.models import Context, ContextKind
from joinedup.places.models import Location


class ReadsCaseData(drf_permissions.BasePermission):
    message = "Context records are casework; your role does not read case records."

    def has_permission(self, request, view):
        return permissions.may_read(request.user)


def _write(call):
    try:
        return call()
    except services.ContextRefused as refusal:
        raise ValidationError({"detail": str(refusal)}) from refusal
    except PermissionError as refusal:
        raise PermissionDenied(str(refusal)) from refusal


class ContextViewSet(viewsets.ReadOnlyModelViewSet):
    """Places, peer groups, schools and online spaces as casework records."""

    permission_classes = [drf_permissions.IsAuthenticated, ReadsCaseData]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        kind = self.request.query_params.get("kind", "")
        contexts = (Context.objects.select_related("location", "group", "agency")
                    .prefetch_related("referrals__agency").order_by("id"))
        return contexts.filter(kind=kind) if kind in ContextKind.values else contexts

    serializer_class = ContextSerializer

    @extend_schema(parameters=[OpenApiParameter("kind", str, enum=ContextKind.values,
                                                description="only contexts of this kind")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=ContextReferralCreateSerializer, responses={201: ContextReferralSerializer})
    @action(detail=False, methods=["post"], url_path="referrals")
    def refer(self, request):
        """Share information about a context (found or created). No child is asked for or needed (R05)."""
        body = ContextReferralCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        if "context" in data:
            data["context"] = get_object_or_404(Context, pk=data["context"])
        if "location" in data:
            data["location"] = get_object_or_404(Location, pk=data["location"])
        if "group" in data:
            data["group"] = get_object_or_404(PeerGroup, pk=data["group"])
        if "place" in data:
            place = dict(data["place"])
            data["place"] = {"kind": place.pop("location_kind"), **place}
        referral = _write(lambda: services.refer(user=request.user, **data))
        return Response(ContextReferralSerializer(referral).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], responses=ContextAssessmentSerializer(many=True))
    @extend_schema(methods=["POST"], request=ContextAssessmentSerializer, responses={201: ContextAssessmentSerializer})
    @action(detail=True, methods=["get", "post"])
    def assessments(self, request, pk=None):
        """The context's assessments (the context triangle), newest first; POST records one."""
        context = self.get_object()
        if request.method == "GET":
            return Response(ContextAssessmentSerializer(context.assessments.select_related("assessed_by", "agency"),
                                                 many=True).data)
        body = ContextAssessmentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        assessment = _write(lambda: services.record_assessment(context, user=request.user, **body.validated_data))
        return Response(ContextAssessmentSerializer(assessment).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], responses=ContextPlanActionSerializer(many=True))
    @extend_schema(methods=["POST"], request=ContextPlanActionSerializer, responses={201: ContextPlanActionSerializer})
    @action(detail=True, methods=["get", "post"])
    def actions(self, request, pk=None):
        """The actions of the context's current plan; POST adds one (the context must have a current plan)."""
        context = self.get_object()
        plan = selectors.current_plan(context)
        if request.method == "GET":
            return Response(ContextPlanActionSerializer(plan.actions.all() if plan else [], many=True).data)
        if plan is None:
            raise ValidationError({"detail": "This context has no current plan: start one before adding actions."})
        body = ContextPlanActionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        row = _write(lambda: services.add_action(plan, user=request.user, **body.validated_data))
        return Response(ContextPlanActionSerializer(row).data, status=status.HTTP_201_CREATED)
