from rest_framework import serializers

from joinedup.events.models import Event
from joinedup.identifiers.fields import NhsNumberField
from joinedup.people.models import Person, SourceRecord

__all__ = ["EventSerializer", "PersonDetailSerializer", "PersonSummarySerializer", "SourceRecordSerializer"]


class SourceRecordSerializer(serializers.ModelSerializer):
    agency = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = SourceRecord
        fields = ["agency", "record_id", "person_type", "forename", "middle_names", "surname", "former_surnames",
                  "date_of_birth", "sex", "address", "postcode", "nhs_number", "upn", "police_id", "la_child_id"]


class PersonSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "person_type", "display_name", "date_of_birth", "sex"]


class PersonDetailSerializer(PersonSummarySerializer):
    records = serializers.SerializerMethodField()
    nhs_number = NhsNumberField(source="*")

    class Meta(PersonSummarySerializer.Meta):
        fields = [*PersonSummarySerializer.Meta.fields, "nhs_number", "records"]

    def get_records(self, person) -> list[dict]:
        return SourceRecordSerializer(self.context["records"], many=True).data


class EventSerializer(serializers.ModelSerializer):
    agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    location = serializers.StringRelatedField()

    class Meta:
        model = Event
        fields = ["id", "agency", "source_id", "event_type", "occurred_at", "time_known", "recorded_at",
                  "attributes", "note", "author", "author_role", "child_seen", "information_source", "location"]
