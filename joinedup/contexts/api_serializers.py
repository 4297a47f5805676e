"""Serializers for the contexts API. No child is named in any of them: a context record is about the context."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from joinedup.associations.models import HowKnown, Reliability
from joinedup.contexts.choices import ActionStatus, PartnerType
from joinedup.contexts.models import Context, ContextAssessment, ContextReferral, PlanAction
from joinedup.places.models import LocationKind

__all__ = ["ContextAssessmentSerializer", "ContextSerializer", "ContextPlanActionSerializer",
           "ContextReferralCreateSerializer", "ContextReferralSerializer"]


class ContextPlaceSerializer(serializers.Serializer):
    location_kind = serializers.ChoiceField(choices=LocationKind.choices, help_text="what kind of place it is")
    name = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    address = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
    postcode = serializers.CharField(required=False, allow_blank=True, max_length=8, default="")


class ContextReferralSerializer(serializers.ModelSerializer):
    agency = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = ContextReferral
        fields = ["id", "context", "concern", "how_known", "source_detail", "observed_on", "reliability",
                  "threshold_level", "agency", "referred_at"]


class ContextSerializer(serializers.ModelSerializer):
    agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    place = serializers.SerializerMethodField()
    group_name = serializers.CharField(source="group.name", read_only=True, default=None)
    referrals = ContextReferralSerializer(many=True, read_only=True)

    class Meta:
        model = Context
        fields = ["id", "kind", "name", "description", "place", "group_name", "agency", "created_at", "referrals"]

    @extend_schema_field(ContextPlaceSerializer(allow_null=True))
    def get_place(self, context):
        location = context.location
        if location is None:
            return None
        return {"location_kind": location.kind, "name": location.name, "address": location.address,
                "postcode": location.postcode}


class ContextReferralCreateSerializer(serializers.Serializer):
    """Information about a context. Give exactly one of: context, location, group, place, group_name.
    No child is asked for (R05)."""

    context = serializers.IntegerField(required=False, help_text="an existing context's id")
    location = serializers.IntegerField(required=False, help_text="a known place's id")
    group = serializers.IntegerField(required=False, help_text="a known peer group's id")
    place = ContextPlaceSerializer(required=False, help_text="a place or online space named now (found if already known)")
    group_name = serializers.CharField(required=False, max_length=200, help_text="a peer group named now")
    concern = serializers.CharField(help_text="what is happening there")
    how_known = serializers.ChoiceField(choices=HowKnown.choices)
    source_detail = serializers.CharField(required=False, allow_blank=True, default="")
    observed_on = serializers.DateField()
    reliability = serializers.ChoiceField(choices=Reliability.choices, help_text="whether it has been verified")
    threshold_level = serializers.CharField(required=False, allow_blank=True, default="",
                                            help_text="a continuum-of-need level code, if any")

    def validate(self, data):
        given = [key for key in ("context", "location", "group", "place", "group_name") if data.get(key)]
        if len(given) != 1:
            raise serializers.ValidationError("Give exactly one of context, location, group, place or group_name.")
        return data


class ContextAssessmentSerializer(serializers.ModelSerializer):
    assessed_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    agency = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = ContextAssessment
        fields = ["id", "context", "collective_needs", "guardianship", "environment", "policy_and_practice",
                  "strengths", "concerns", "goals", "sources_consulted", "assessed_on", "assessed_by", "agency",
                  "recorded_at"]
        read_only_fields = ["id", "context", "assessed_by", "agency", "recorded_at"]


class ContextPlanActionSerializer(serializers.ModelSerializer):
    owner_partner = serializers.ChoiceField(choices=PartnerType.choices)
    status = serializers.ChoiceField(choices=ActionStatus.choices, read_only=True)
    overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = PlanAction
        fields = ["id", "plan", "action", "owner_name", "owner_organisation", "owner_partner", "due_on", "status",
                  "completed_on", "completion_note", "overdue"]
        read_only_fields = ["id", "plan", "status", "completed_on", "completion_note", "overdue"]
