"""The network view and its JSON: two hops by default, the period filter, provenance, and the privacy rule."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.urls import reverse

from joinedup.audit.models import AccessLog
from joinedup.network.tests.conftest import week

pytestmark = pytest.mark.django_db


def network(client, user, person, **params):
    client.force_login(user)
    response = client.get(reverse("network:api-person", args=[person.pk]), params)
    assert response.status_code == 200, response.content
    return response.json()


def labels(data) -> set[str]:
    return {n["label"] for n in data["nodes"]}


def test_a_mash_officer_sees_the_address_the_men_and_the_other_girls_with_provenance(client, users, three_girls):
    girl = three_girls.girl(0)
    data = network(client, users["mash"], girl)
    assert data["hops"] == 2 and data["whole_picture"] and data["withheld"] == 0
    names = labels(data)
    assert {three_girls.girl(i).display_name for i in range(3)} <= names
    assert "Dean Foster" in names and any(label.startswith("Flat 2, 14 Mill Lane") for label in names)
    found = next(lk for lk in data["links"] if lk["kind"] == "adult_with_child"
                 and {lk["source_label"], lk["target_label"]} == {girl.display_name, "Dean Foster"})
    assert found["verified"] and found["agency"] == "Northshire Police" and found["category"] == "event"
    assert found["events"][0]["label"] and found["events"][0]["date"] == week(0, 3).isoformat()
    boyfriend = next(lk for lk in data["links"] if lk["kind"] == "reported_boyfriend")
    assert not boyfriend["verified"] and boyfriend["how_known"] == "Reported by a third party"
    assert boyfriend["reliability"] == "Not verified" and boyfriend["category"] == "record"
    assert "boyfriend" in boyfriend["note"]
    kinds = {item["kind"] for item in data["legend"]}
    assert {"at_place", "adult_with_child", "visits", "school"} <= kinds
    # every person named is in the access log, with what was read
    logged = set(AccessLog.objects.filter(user=users["mash"]).values_list("person_id", flat=True))
    named = {int(n["id"].split("-")[1]) for n in data["nodes"] if n["id"].startswith("person-")}
    assert girl.pk in logged and named <= logged


def test_one_hop_shows_only_what_is_directly_linked(client, users, three_girls):
    data = network(client, users["mash"], three_girls.girl(0), hops=1)
    assert {n["hop"] for n in data["nodes"]} == {0, 1}
    assert three_girls.girl(1).display_name not in labels(data)


def test_the_period_filter_shows_only_links_that_held_then(client, users, three_girls):
    girl = three_girls.girl(0)
    before = network(client, users["mash"], girl, start="2026-01-01", end=week(0, 2).isoformat())
    assert not any(label.startswith("Flat 2") for label in labels(before)) and "Dean Foster" not in labels(before)
    after = network(client, users["mash"], girl, start=week(0, 3).isoformat(), end=week(0, 3).isoformat())
    assert any(label.startswith("Flat 2") for label in labels(after)) and "Dean Foster" in labels(after)
    assert after["period"]["words"].startswith(f"{week(0, 3):%-d %b %Y}")


def test_a_teacher_sees_only_links_from_the_schools_records(client, users, three_girls):
    data = network(client, users["teacher"], three_girls.girl(0))
    assert not data["whole_picture"]
    assert {lk["kind"] for lk in data["links"]} == {"school"}  # the school's own roll, nothing from the police
    assert not any(label.startswith("Flat 2") for label in labels(data)) and "Dean Foster" not in labels(data)
    assert data["withheld"] > 0


def test_an_allocated_social_worker_sees_her_links_but_not_the_names_of_people_they_may_not_open(
        client, users, three_girls):
    from joinedup.people.models import Allocation

    girl = three_girls.girl(0)
    client.force_login(users["socialworker"])
    assert client.get(reverse("network:api-person", args=[girl.pk])).status_code == 404  # not theirs to open
    Allocation.objects.create(person=girl, worker=users["socialworker"], start_date=date(2026, 1, 1))
    data = network(client, users["socialworker"], girl)
    names = labels(data)
    assert girl.display_name in names and any(label.startswith("Flat 2") for label in names)  # places always
    assert "Dean Foster" not in names and "An adult" in names
    assert three_girls.girl(1).display_name not in names and "Another young person" in names
    anonymous = [n for n in data["nodes"] if n["anonymous"]]
    assert anonymous and all(n["id"].startswith("anon-") and n["url"] is None for n in anonymous)
    body = json.dumps(data)
    assert "Foster" not in body and "Price" not in body and "1984" not in body  # no names, no dates of birth
    logged = set(AccessLog.objects.filter(user=users["socialworker"]).values_list("person_id", flat=True))
    assert logged == {girl.pk}  # only the people shown by name


def test_who_may_ask(client, users, three_girls):
    girl = three_girls.girl(0)
    client.force_login(users["analyst"])
    assert client.get(reverse("network:api-person", args=[girl.pk])).status_code == 403
    assert client.get(reverse("network:person", args=[girl.pk])).status_code == 403
    client.force_login(users["police"])
    bad = client.get(reverse("network:api-person", args=[girl.pk]), {"start": "2026-10-01", "end": "2026-09-01"})
    assert bad.status_code == 400 and "end" in bad.json()["errors"]
    assert client.get(reverse("network:api-person", args=[girl.pk]), {"hops": 7}).status_code == 400
    client.logout()
    assert client.get(reverse("network:api-person", args=[girl.pk])).status_code in (401, 403)


def test_the_page_lists_the_same_network_as_tables_and_links_it_from_the_person_page(client, users, three_girls):
    girl = three_girls.girl(0)
    client.force_login(users["mash"])
    page = client.get(reverse("network:person", args=[girl.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "vendor/cytoscape/cytoscape.min.js" in html and 'id="network-data"' in html
    assert "<th scope=\"col\">Recorded by</th>" in html and "Dean Foster" in html
    person_page = client.get(reverse("people:detail", args=[girl.pk])).content.decode()
    assert "Network around this child" in person_page and reverse("network:person", args=[girl.pk]) in person_page


def test_the_network_around_a_context(client, users, three_girls):
    from joinedup.prompts.models import Prompt

    context = Prompt.objects.get(rule_id="C01").context
    client.force_login(users["mash"])
    data = client.get(reverse("network:api-context", args=[context.pk])).json()
    assert data["nodes"][0]["centre"] and data["nodes"][0]["label"].startswith("Flat 2")
    assert {three_girls.girl(i).display_name for i in range(3)} <= labels(data)
    assert client.get(reverse("network:context", args=[context.pk])).status_code == 200


def test_the_kept_graph_is_rebuilt_when_records_change(three_girls):
    from joinedup.network.partnership import current

    first = current()
    assert current() is first  # nothing changed: the same graph
    three_girls.school_concern(3)
    assert current() is not first
