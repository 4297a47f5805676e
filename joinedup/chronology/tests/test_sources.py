"""The extension point: another app adds chronology rows without any change to the chronology's views."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from joinedup.chronology.entries import ChronologyEntry
from joinedup.chronology.sources import ChronologyContext, collect, register_source, unregister_source


@pytest.fixture
def decisions_source(agencies):
    """A stand-in for the prompts app: a 'no further action' decision with its reasons, seen by its agency."""
    csc = agencies["csc"]

    def decisions(context: ChronologyContext):
        if not context.may_see_agency(csc.pk):
            return
        yield ChronologyEntry(
            key="decision:1", when=datetime(2024, 2, 20, 9, 30, tzinfo=ZoneInfo("Europe/London")),
            agency=csc.name, agency_code=csc.code, kind="decision.no_further_action", group="decision",
            title="Prompt decided: no further action", significance="decision",
            significance_label="significant — decision by an agency", author_role="Team manager",
            action="Prompt 'Repeated domestic abuse in the household' closed", outcome="No further action",
            details=("Reasons: the family are working with the domestic abuse service",), origin="prompts")

    register_source("test decisions", decisions, kinds=[("decision.no_further_action",
                                                         "Prompt decided: no further action", "decision")])
    yield
    unregister_source("test decisions")


def test_a_registered_source_adds_rows_in_date_order(users, family, decisions_source):
    rows = collect(ChronologyContext(users["mash"], family["child"], whole_picture=True))
    keys = [r.key for r in rows]
    assert "decision:1" in keys
    assert keys.index(f"event:{family['events']['CE1'].pk}") < keys.index("decision:1") < keys.index(
        f"event:{family['events']['HE1'].pk}")


def test_registered_rows_show_on_the_page_filter_and_export_like_any_other(client, users, family, decisions_source):
    client.force_login(users["mash"])
    url = reverse("chronology:person", args=[family["child"].pk])
    page = client.get(url).content.decode()
    assert "Prompt decided: no further action" in page and 'data-key="decision:1"' in page
    assert '<option value="decision">All: decisions</option>' in page
    filtered = client.get(url + "?type=decision").content.decode()
    assert 'data-key="decision:1"' in filtered and 'data-key="event:' not in filtered
    assert 'data-key="decision:1"' in client.get(url + "?type=decision.no_further_action").content.decode()
    response = client.post(reverse("chronology:export", args=[family["child"].pk, "csv"]) + "?type=decision",
                           {"purpose": "supervision"})
    assert "Prompt decided: no further action" in response.content.decode("utf-8-sig")


def test_a_source_decides_what_a_restricted_reader_sees(client, users, family, decisions_source):
    client.force_login(users["teacher"])
    page = client.get(reverse("chronology:person", args=[family["child"].pk])).content.decode()
    assert "Prompt decided" not in page


def test_unregistering_removes_the_rows(users, family, decisions_source):
    unregister_source("test decisions")
    rows = collect(ChronologyContext(users["mash"], family["child"], whole_picture=True))
    assert all(r.origin == "events" for r in rows)


def test_a_sources_own_group_and_kind_of_significance_can_be_filtered(client, users, family, agencies):
    def noticed(context):
        yield ChronologyEntry(key="pattern:1", when=datetime(2024, 3, 1, tzinfo=ZoneInfo("Europe/London")),
                              agency="JoinedUp", agency_code="joinedup", kind="pattern.noticed", group="pattern",
                              title="A pattern was noticed", significance="pattern",
                              significance_label="significant — a pattern across records", origin="test")

    register_source("test patterns", noticed)
    try:
        client.force_login(users["mash"])
        url = reverse("chronology:person", args=[family["child"].pk])
        page = client.get(url).content.decode()
        assert '<option value="pattern">significant — a pattern across records</option>' in page
        for query in ("?significance=pattern", "?type=pattern"):
            filtered = client.get(url + query).content.decode()
            assert "could not be used" not in filtered
            assert 'data-key="pattern:1"' in filtered and 'data-key="event:' not in filtered
    finally:
        unregister_source("test patterns")
