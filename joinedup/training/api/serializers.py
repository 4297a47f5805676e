"""Training API serializers."""

from rest_framework import serializers

from engine.casework.training import load_training
from joinedup.agencies.models import Agency
from joinedup.training.models import Attendance, Learner

__all__ = ["TrainingAgencySerializer", "TrainingAttendanceSerializer", "TrainingLearnerCheckSerializer",
           "TrainingLearnerSerializer", "TrainingSessionSerializer"]


def _courses():
    return [(c.code, c.title) for c in load_training().courses]


def _roles():
    return [(p.role, p.title) for p in load_training().pathways]


class TrainingCourseCountSerializer(serializers.Serializer):
    course = serializers.CharField()
    title = serializers.CharField()
    missing = serializers.IntegerField(help_text="learners who have never attended it")
    expired = serializers.IntegerField(help_text="learners whose last attendance is past its refresher period")


class TrainingAgencySerializer(serializers.Serializer):
    agency = serializers.CharField(allow_null=True, help_text="agency code; null for partnership staff")
    agency_name = serializers.CharField()
    learners = serializers.IntegerField()
    up_to_date = serializers.IntegerField(help_text="learners current with every course their role requires")
    not_up_to_date = serializers.IntegerField()
    courses = TrainingCourseCountSerializer(many=True)


class TrainingCourseCheckSerializer(serializers.Serializer):
    course = serializers.CharField()
    title = serializers.CharField()
    state = serializers.ChoiceField(choices=[("current", "current"), ("expired", "expired"), ("missing", "missing")])
    last_attended = serializers.DateField(allow_null=True)
    expires_on = serializers.DateField(allow_null=True, help_text="the first day the attendance no longer counts")


class TrainingLearnerCheckSerializer(serializers.Serializer):
    learner = serializers.CharField(help_text='"u<user id>" for a JoinedUp user, "l<learner id>" for anyone else')
    name = serializers.CharField()
    role = serializers.CharField()
    signs_in = serializers.BooleanField()
    up_to_date = serializers.BooleanField()
    courses = TrainingCourseCheckSerializer(many=True)


class TrainingLearnerSerializer(serializers.ModelSerializer):
    """A volunteer or other member of staff who does not sign in (POST), or any learner (GET)."""

    agency = serializers.SlugRelatedField(slug_field="code", queryset=Agency.objects.all())
    role = serializers.ChoiceField(choices=_roles(), help_text="the training pathway's role")

    class Meta:
        model = Learner
        fields = ["id", "name", "agency", "role", "job_title", "active", "added_at"]
        read_only_fields = ["id", "active", "added_at"]


class TrainingSessionSerializer(serializers.Serializer):
    course = serializers.ChoiceField(choices=_courses())
    attended_on = serializers.DateField()
    evidence = serializers.CharField(max_length=300, help_text="how attendance is known")
    impact_note = serializers.CharField(required=False, allow_blank=True, default="")
    learners = serializers.ListField(child=serializers.CharField(), allow_empty=False,
                                     help_text='"u<user id>" for JoinedUp users, "l<learner id>" for anyone else')


class TrainingAttendanceSerializer(serializers.ModelSerializer):
    learner = serializers.StringRelatedField()
    learner_id = serializers.IntegerField(read_only=True)
    recorded_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Attendance
        fields = ["id", "learner_id", "learner", "course", "attended_on", "evidence", "impact_note", "recorded_by",
                  "recorded_at"]
