"""The OpenAPI schema is published and valid."""

import yaml
from django.core.management import call_command


def test_the_openapi_schema_validates(tmp_path, db):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = yaml.safe_load(out.read_text())
    assert "/api/people/{id}/" in schema["paths"] and "/api/imports/{kind}/" in schema["paths"]


def test_the_api_docs_page_loads_its_assets_from_this_server(client, users):
    client.force_login(users["teacher"])
    page = client.get("/api/docs/").content.decode()
    assert "swagger" in page.lower() and "cdn" not in page.lower() and "https://" not in page


def test_every_model_change_has_a_migration(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
