"""Agency systems push records here; the same validation and loading as file imports."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from engine.ingest import KINDS, rows_from_objects
from joinedup.imports.services import ImportRejected, import_rows


class PushSerializer(serializers.Serializer):
    rows = serializers.ListField(child=serializers.JSONField(), allow_empty=False, max_length=10_000)
    skip_invalid = serializers.BooleanField(default=False)


_REPORT = inline_serializer("ImportReport", {
    "kind": serializers.CharField(), "rows_read": serializers.IntegerField(), "created": serializers.IntegerField(),
    "updated": serializers.IntegerField(), "unchanged": serializers.IntegerField(),
    "rejected": serializers.IntegerField(), "errors": serializers.ListField(child=serializers.DictField()),
})


class RecordPushView(APIView):
    """Push people, events, associations or households rows (the JSON Lines format) for the caller's agency."""

    @extend_schema(request=PushSerializer, responses={201: _REPORT, 400: _REPORT},
                   parameters=[OpenApiParameter("kind", str, OpenApiParameter.PATH, enum=list(KINDS))])
    def post(self, request, kind: str):
        if not request.user.may_push_records:
            raise PermissionDenied("Only an agency system account may push records.")
        if kind not in KINDS:
            return Response({"detail": f"unknown kind {kind!r}; use one of {', '.join(KINDS)}"}, status=404)
        body = PushSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        rows = rows_from_objects(kind, body.validated_data["rows"], source="api")
        try:
            report = import_rows(rows, agency=request.user.agency, kind=kind, source_name=f"api:{kind}",
                                 skip_invalid=body.validated_data["skip_invalid"], user=request.user)
        except ImportRejected as exc:
            return Response(_as_dict(exc.report), status=status.HTTP_400_BAD_REQUEST)
        return Response(_as_dict(report), status=status.HTTP_201_CREATED)


def _as_dict(report) -> dict:
    return {
        "kind": report.kind, "rows_read": report.rows_read, "created": report.created, "updated": report.updated,
        "unchanged": report.unchanged, "rejected": report.rejected,
        "errors": [{"line": e.line, "field": e.field, "reason": e.reason} for e in report.errors],
    }
