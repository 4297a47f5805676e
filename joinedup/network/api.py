"""The network as JSON: what the network page draws, and what its filter reloads. Same need-to-know rule as the
page (joinedup/network/picture.py); every person named in the answer is written to the access log."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from joinedup.contexts.models import Context
from joinedup.network.forms import NetworkFilter
from joinedup.network.picture import context_centres, network_for
from joinedup.network.rows import person_key
from joinedup.network.views import reader
from joinedup.people.selectors import visible_people

__all__ = ["ContextNetworkAPI", "PersonNetworkAPI"]


class PeriodSerializer(serializers.Serializer):
    start = serializers.DateField(allow_null=True, help_text="first day (null: every record)")
    end = serializers.DateField(allow_null=True, help_text="last day (null: every record)")
    words = serializers.CharField(help_text="the period in words")


class NodeSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="person-12, place-7, group-3, school-5 (a school's roll), or anon-N for "
                                         "someone the caller may not open")
    kind = serializers.ChoiceField(choices=["child", "adult", "place", "group"])
    label = serializers.CharField(help_text="name, or 'Another young person' / 'An adult' when not named")
    detail = serializers.CharField(help_text="age, or why a node was not followed")
    hop = serializers.IntegerField(help_text="links from the centre (0 = a centre)")
    centre = serializers.BooleanField()
    expanded = serializers.BooleanField(help_text="false for a hub shown but not followed (a school, a busy venue)")
    degree = serializers.IntegerField(allow_null=True, help_text="links in the period, where counted")
    anonymous = serializers.BooleanField(help_text="true when the caller may not open this person")
    url = serializers.CharField(allow_null=True, help_text="the person's page")
    network_url = serializers.CharField(allow_null=True, help_text="the network page around this node")


class EventRefSerializer(serializers.Serializer):
    id = serializers.CharField()
    type = serializers.CharField(help_text="event type code (engine/vocabulary/events.yaml)")
    label = serializers.CharField()
    date = serializers.DateField()
    agency = serializers.CharField()


class LinkSerializer(serializers.Serializer):
    id = serializers.CharField()
    source = serializers.CharField()
    target = serializers.CharField()
    source_label = serializers.CharField()
    target_label = serializers.CharField()
    kind = serializers.CharField(help_text="co_present, missing_together, adult_with_child, ... or an association "
                                           "type code (engine/vocabulary/associations.yaml)")
    label = serializers.CharField()
    category = serializers.ChoiceField(choices=["event", "record", "structure"])
    start = serializers.DateField(allow_null=True)
    end = serializers.DateField(allow_null=True)
    agency = serializers.CharField(help_text="who recorded it")
    how_known = serializers.CharField()
    reliability = serializers.CharField(help_text="as the recording agency gave it (recorded links)")
    verified = serializers.BooleanField()
    association_id = serializers.CharField(allow_null=True)
    note = serializers.CharField()
    events = EventRefSerializer(many=True, help_text="the events the link was made from")


class LegendSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    category = serializers.CharField()
    count = serializers.IntegerField()


class NetworkSerializer(serializers.Serializer):
    centres = serializers.ListField(child=serializers.CharField())
    hops = serializers.IntegerField()
    period = PeriodSerializer()
    whole_picture = serializers.BooleanField(help_text="whether the caller sees every agency's links")
    truncated = serializers.BooleanField(help_text="the network was cut at its size limit (nearest first)")
    withheld = serializers.IntegerField(help_text="links in the period resting on records the caller may not read")
    nodes = NodeSerializer(many=True)
    links = LinkSerializer(many=True)
    legend = LegendSerializer(many=True)


PARAMETERS = [
    OpenApiParameter("hops", int, enum=[1, 2, 3], description="how many links out from the centre (default 2)"),
    OpenApiParameter("start", str, description="first day of the period, YYYY-MM-DD (default: every record)"),
    OpenApiParameter("end", str, description="last day of the period, YYYY-MM-DD (default: every record)"),
]


def _answer(request, centres: list[str], what: str) -> Response:
    form = NetworkFilter(request.query_params)
    if not form.is_valid():
        return Response({"errors": form.errors.get_json_data()}, status=400)
    try:
        data = network_for(request, centres, hops=form.cleaned_data["hops"], period=form.period, what=what)
    except KeyError as missing:
        raise Http404 from missing
    return Response(data)


class PersonNetworkAPI(APIView):
    @extend_schema(summary="The network around a person", parameters=PARAMETERS,
                   responses={200: NetworkSerializer, 400: OpenApiResponse(description="invalid filter"),
                              404: OpenApiResponse(description="no such person, or not one the caller may open")})
    def get(self, request, person_id: int):
        reader(request)
        person = get_object_or_404(visible_people(request.user), pk=person_id)
        return _answer(request, [person_key(person.pk)], "network around a person (API)")


class ContextNetworkAPI(APIView):
    @extend_schema(summary="The network around a context (a place or group)", parameters=PARAMETERS,
                   responses={200: NetworkSerializer, 400: OpenApiResponse(description="invalid filter"),
                              404: OpenApiResponse(description="no such context")})
    def get(self, request, context_id: int):
        reader(request)
        context = get_object_or_404(Context.objects.select_related("group"), pk=context_id)
        return _answer(request, context_centres(request.user, context), "network around a context (API)")
