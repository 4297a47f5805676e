"""The decisions and escalations endpoints publish a valid OpenAPI schema with no warnings."""

from django.urls import include, path
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema


def test_the_decisions_and_escalations_schema_is_valid_and_warning_free():
    patterns = [path("api/", include("joinedup.decisions.api_urls")),
                path("api/", include("joinedup.escalations.api_urls"))]
    GENERATOR_STATS.reset()
    schema = SchemaGenerator(patterns=patterns).get_schema(request=None, public=True)
    validate_schema(schema)
    assert not GENERATOR_STATS._warn_cache and not GENERATOR_STATS._error_cache
    assert {"/api/decisions/{id}/sign-off/", "/api/escalations/{id}/next-stage/",
            "/api/escalations/{id}/resolve/"} <= set(schema["paths"])
    enums = [c.get("enum") for c in schema["components"]["schemas"].values()]
    assert ["no_further_action", "closure", "step_down", "deferral", "step_up"] in enums
