"""`POST /api/language/check/`: the same check the case-note form runs as you type."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from joinedup.language.services import check_note


class CheckSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, max_length=100_000, trim_whitespace=False)
    child_age = serializers.IntegerField(required=False, min_value=0, max_value=25,
                                         help_text="the age of the child the text is about, if known")


_FINDING = inline_serializer("LanguageFinding", {
    "rule_id": serializers.CharField(), "term": serializers.CharField(), "start": serializers.IntegerField(),
    "end": serializers.IntegerField(), "matched_text": serializers.CharField(), "why": serializers.CharField(),
    "alternatives": serializers.ListField(child=serializers.CharField()), "source": serializers.CharField(),
})


class LanguageCheckView(APIView):
    """Find wording the language guidance warns against, with why and better alternatives."""

    @extend_schema(request=CheckSerializer,
                   responses=inline_serializer("LanguageCheck", {"findings": serializers.ListField(child=_FINDING)}))
    def post(self, request):
        body = CheckSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return Response({"findings": check_note(body.validated_data["text"],
                                                child_age=body.validated_data.get("child_age"))})
