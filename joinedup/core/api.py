"""What the APIs share: the case-reader permission, refusals as 400 responses with the same words as the web
pages, and the documented error responses."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission

from joinedup.core.reasons import Refused

__all__ = ["ERRORS", "ReadsCaseData", "RefusalMessages", "refusal_error"]


class ReadsCaseData(BasePermission):
    message = "Your role does not read case records."

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.reads_case_data)


class RefusalMessages(serializers.Serializer):
    """Why the request was refused: `detail` for the whole request, or a list of messages per field."""

    detail = serializers.CharField(required=False)


def refusal_error(refusal: Refused) -> ValidationError:
    errors = {("detail" if name == "__all__" else name): messages for name, messages in refusal.errors.items()}
    if "detail" in errors:
        errors["detail"] = " ".join(errors["detail"])
    return ValidationError(errors)


ERRORS = {
    400: OpenApiResponse(RefusalMessages, description="Refused: the messages say what to change"),
    403: OpenApiResponse(RefusalMessages, description="Your role may not do this"),
    404: OpenApiResponse(RefusalMessages, description="No such record that you may see"),
}
