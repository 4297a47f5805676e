"""The child's NHS number in every API record about them: `nhs_number = NhsNumberField(source="person")`
(or `source="*"` on a person). Read only; null when no agency holds one."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from joinedup.identifiers.selectors import nhs_number_of

__all__ = ["NhsNumberField"]


@extend_schema_field(OpenApiTypes.STR)
class NhsNumberField(serializers.Field):
    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("help_text", "the child's NHS number, the identifier of record (null when no agency holds "
                                       "one)")
        super().__init__(**kwargs)

    def to_representation(self, person):
        found = nhs_number_of(person) if person is not None else None
        return found.nhs_number if found else None
