"""The inbox page, its API, the nav count, the acknowledgement on the chronology, and D07 (not acknowledged in
two working days)."""

from datetime import date

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from joinedup.chronology.sources import ChronologyContext, collect
from joinedup.core.navigation import nav_links
from joinedup.inbox import services
from joinedup.inbox.models import Action, InboxItem
from joinedup.prompts.deadlines import raise_overdue
from joinedup.prompts.models import Prompt
from joinedup.prompts.tests.links import assert_prompt_links_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(records, allocated, make_event):
    police = make_event("police", "E1", records["police"], "police.missing_report", shared_with=["school"],
                        note="Reported missing by her mother at 22:10; found at 02:00 in a car park.")
    return services.deliver_for_events([police.pk]).items


def arrived(item, day):
    InboxItem.objects.filter(pk=item.pk).update(arrived_on=day)


def test_an_unacknowledged_item_raises_d07_for_its_worker_after_two_working_days(users, items):
    personal = next(i for i in items if i.worker_id)
    team = next(i for i in items if not i.worker_id)
    for item in items:
        arrived(item, date(2026, 11, 20))                          # Friday: due Tuesday 24th
    raise_overdue(as_of=date(2026, 11, 24))
    assert not Prompt.objects.filter(rule_id="D07").exists()
    raise_overdue(as_of=date(2026, 11, 25))
    prompts = {p.episode: p for p in Prompt.objects.filter(rule_id="D07")}
    assert prompts[f"inbox_item:{personal.pk}"].assigned_to == users["socialworker"]
    assert prompts[f"inbox_item:{team.pk}"].assigned_to == users["dsl"]      # the school's safeguarding lead
    assert "from Northshire Police" in prompts[f"inbox_item:{personal.pk}"].explanation
    assert "car park" not in prompts[f"inbox_item:{personal.pk}"].explanation
    assert_prompt_links_to(prompts[f"inbox_item:{personal.pk}"], users["socialworker"], f"/inbox/{personal.pk}/")


def test_an_acknowledged_item_raises_no_d07(users, items):
    for item in items:
        arrived(item, date(2026, 11, 20))
        services.acknowledge(item, actor=item.worker or users["dsl"], action=Action.CONTACTED_AGENCY,
                             note="Rang the missing person coordinator; return interview booked.")
    raise_overdue(as_of=date(2026, 12, 31))
    assert not Prompt.objects.filter(rule_id="D07").exists()


def test_the_inbox_page_and_acknowledging_on_it(client, users, items):
    personal = next(i for i in items if i.worker_id)
    client.force_login(users["socialworker"])
    page = client.get(reverse("inbox:list")).content.decode()
    assert "Northshire Police: " in page and "You are the child&#x27;s allocated worker" in page
    detail = client.get(reverse("inbox:item", args=[personal.pk])).content.decode()
    assert "found at 02:00 in a car park" in detail
    refused = client.post(reverse("inbox:item", args=[personal.pk]), {"action": "no_change", "note": ""})
    assert refused.status_code == 400 and "does not change what is being done" in refused.content.decode()
    done = client.post(reverse("inbox:item", args=[personal.pk]),
                       {"action": "plan_updated", "note": "Added to the child protection plan review on Friday."})
    assert done.status_code == 302 and InboxItem.objects.get(pk=personal.pk).action == Action.PLAN_UPDATED
    client.force_login(users["police"])
    assert client.get(reverse("inbox:item", args=[personal.pk])).status_code == 404
    client.force_login(users["analyst"])
    assert client.get(reverse("inbox:list")).status_code == 403


def test_the_nav_shows_how_many_items_are_open(users, items):
    labels = [label for label, _ in nav_links(users["socialworker"])]
    assert "Inbox (1)" in labels
    assert "Inbox" in [label for label, _ in nav_links(users["police"])]


def test_the_acknowledgement_is_on_the_chronology(users, child, items):
    personal = next(i for i in items if i.worker_id)
    services.acknowledge(personal, actor=users["socialworker"], action=Action.STRATEGY,
                         note="Asked the MASH for a strategy discussion today.")
    rows = [e for e in collect(ChronologyContext(user=users["mash"], person=child, whole_picture=True))
            if e.origin == "inbox"]
    assert [r.kind for r in rows] == ["inbox.strategy"]
    assert not [e for e in collect(ChronologyContext(user=users["teacher"], person=child, whole_picture=False))
                if e.origin == "inbox"]


def test_the_api_lists_and_acknowledges(users, items):
    api = APIClient()
    api.force_authenticate(users["dsl"])
    listed = api.get("/api/inbox/").json()
    assert listed["count"] == 1
    pk = listed["results"][0]["id"]
    refused = api.post(f"/api/inbox/{pk}/acknowledge/", {"action": "no_change", "note": "fyi"}, format="json")
    assert refused.status_code == 400 and "note" in refused.json()
    done = api.post(f"/api/inbox/{pk}/acknowledge/", {
        "action": "no_change", "note": "Already known to the school: the DSL was at the return interview."},
        format="json")
    assert done.status_code == 200 and done.json()["acknowledged_by"] == "dsl"
    assert api.get("/api/inbox/").json()["count"] == 0
    assert api.get("/api/inbox/?state=acknowledged").json()["count"] == 1
    api.force_authenticate(users["police"])
    assert api.get(f"/api/inbox/{pk}/").status_code == 404
