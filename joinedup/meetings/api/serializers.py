"""Meetings API serializers: what is read, and what each change accepts."""

from rest_framework import serializers

from joinedup.agencies.models import Agency
from joinedup.meetings.models import (
    AgencyAttendance,
    DecisionKind,
    Invitation,
    Meeting,
    MeetingAction,
    MeetingDecision,
    MeetingKind,
)

__all__ = ["MeetingActionCreateSerializer", "MeetingActionSerializer", "MeetingAttendanceSerializer", "MeetingActionCompleteSerializer",
           "MeetingDecisionSerializer", "MeetingSerializer", "MeetingMinutesSerializer"]


class MeetingInvitationSerializer(serializers.ModelSerializer):
    agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)

    class Meta:
        model = Invitation
        fields = ["agency", "agency_name", "attendance", "represented_by", "note", "recorded_at"]


class MeetingDecisionSerializer(serializers.ModelSerializer):
    """A decision the meeting made: read, and (POST .../decisions/) recorded with its reasons."""

    recorded_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    kind = serializers.ChoiceField(choices=DecisionKind.choices)
    detail = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    reasons = serializers.CharField()

    class Meta:
        model = MeetingDecision
        fields = ["id", "kind", "detail", "reasons", "recorded_by", "recorded_at"]
        read_only_fields = ["id", "recorded_by", "recorded_at"]


class MeetingActionSerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(slug_field="username", read_only=True)
    owner_agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    owner_words = serializers.CharField(read_only=True, help_text="the owner and their agency, in words")
    meeting = serializers.PrimaryKeyRelatedField(read_only=True)
    person = serializers.IntegerField(source="meeting.person_id", read_only=True)
    days_overdue = serializers.SerializerMethodField()
    completed_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = MeetingAction
        fields = ["id", "meeting", "person", "description", "owner", "owner_name", "owner_agency", "owner_words",
                  "agreed_on", "due_on", "completed_on", "completion_note", "completed_by", "days_overdue"]

    def get_days_overdue(self, action) -> int:
        return action.days_overdue(self.context["today"])


class MeetingSerializer(serializers.ModelSerializer):
    """A meeting: read, and (POST /api/meetings/) recorded with the agencies invited."""

    person = serializers.IntegerField(source="person_id", help_text="the child the meeting is about")
    kind = serializers.ChoiceField(choices=MeetingKind.choices)
    chair = serializers.SlugRelatedField(slug_field="username", read_only=True)
    chair_id = serializers.IntegerField(write_only=True, required=False,
                                        help_text="user id of the chair (default: you); they must be able to open the child's record")
    agencies = serializers.SlugRelatedField(slug_field="code", queryset=Agency.objects.all(), many=True,
                                            write_only=True, help_text="codes of the agencies invited")
    child_views = serializers.CharField(required=False, allow_blank=True, default="")
    organiser = serializers.SlugRelatedField(slug_field="username", read_only=True)
    minutes_circulated_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    invitations = MeetingInvitationSerializer(many=True, read_only=True)
    decisions = MeetingDecisionSerializer(many=True, read_only=True)
    actions = MeetingActionSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "person", "kind", "held_on", "chair", "chair_id", "organiser", "purpose", "child_views",
                  "agencies", "minutes", "minutes_language_findings", "minutes_circulated_at", "minutes_circulated_by",
                  "invitations", "decisions", "actions", "created_at"]
        read_only_fields = ["id", "minutes", "minutes_language_findings", "minutes_circulated_at", "created_at"]


class MeetingAttendanceSerializer(serializers.Serializer):
    agency = serializers.SlugRelatedField(slug_field="code", queryset=Agency.objects.all())
    attendance = serializers.ChoiceField(choices=[c for c in AgencyAttendance.choices
                                                  if c[0] != AgencyAttendance.NOT_RECORDED])
    represented_by = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class MeetingMinutesSerializer(serializers.Serializer):
    minutes = serializers.CharField()
    child_views = serializers.CharField(required=False, allow_blank=True)


class MeetingActionCreateSerializer(serializers.Serializer):
    description = serializers.CharField()
    due_on = serializers.DateField()
    owner = serializers.IntegerField(required=False, allow_null=True, default=None,
                                     help_text="user id of the owner, who must be able to open the child's record")
    owner_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=200,
                                       help_text="the owner's name and role, when they do not use JoinedUp")
    owner_agency = serializers.SlugRelatedField(slug_field="code", queryset=Agency.objects.all(), required=False,
                                                allow_null=True, default=None)


class MeetingActionCompleteSerializer(serializers.Serializer):
    note = serializers.CharField(help_text="what was done (required)")
    completed_on = serializers.DateField(required=False, help_text="default: today")
