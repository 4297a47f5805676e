"""Context prompts in the prompt queue and page: only MASH sees them; they show the context, every child, the events
and the recorded links with how each is known; a decision with reasons closes them and is on each child's
chronology; the decision's audit lists the children."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from joinedup.audit.models import AccessLog, ActionLog
from joinedup.prompts.models import Prompt, Status
from joinedup.prompts.selectors import prompts_for, queue_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def prompt(three_girls):
    return Prompt.objects.get(rule_id="C01")


def test_only_whole_picture_users_see_a_context_prompt(client, users, prompt, three_girls):
    assert prompt in queue_for(users["mash"])
    for name in ("teacher", "dsl", "police", "socialworker"):
        assert prompt not in prompts_for(users[name])
        client.force_login(users[name])
        assert client.get(reverse("prompts:detail", args=[prompt.pk])).status_code == 404
        assert "Mill Lane" not in client.get(reverse("prompts:queue")).content.decode()
    client.force_login(users["mash"])
    queue = client.get(reverse("prompts:queue")).content.decode()
    assert "Flat 2, 14 Mill Lane" in queue and "connects 3 children" in queue


def test_the_prompt_page_shows_the_context_every_child_the_events_and_the_recorded_links(client, users, prompt,
                                                                                         three_girls):
    client.force_login(users["mash"])
    html = client.get(reverse("prompts:detail", args=[prompt.pk])).content.decode()
    assert "Flat 2, 14 Mill Lane" in html and reverse("network:context", args=[prompt.context_id]) in html
    for i in range(3):
        girl = three_girls.girl(i)
        assert reverse("people:detail", args=[girl.pk]) in html and girl.display_name in html
        assert AccessLog.objects.filter(user=users["mash"], person=girl, what="context prompt C01").exists()
    assert "brought the count to the threshold" in html
    assert html.count("brought the count to the threshold") == 1
    assert "Hill Top Academy" in html and "Northshire Police" in html  # both agencies' events
    # the recorded links behind it, each with who recorded it, how they know and how reliable
    assert "Recorded links behind it" in html and "Observed by a practitioner" in html and ">Verified<" in html
    assert html.count("Visits") >= 3
    assert "not fact" in html


def test_a_decision_with_reasons_closes_it_and_is_on_each_girls_chronology(client, users, prompt, three_girls):
    client.force_login(users["mash"])
    url = reverse("prompts:detail", args=[prompt.pk])
    refused = client.post(url, {"outcome": "strategy_discussion", "reasons": "ok"})
    assert "Write the reasons" in refused.content.decode()
    prompt.refresh_from_db()
    assert prompt.status == Status.OPEN
    client.post(url, {"outcome": "strategy_discussion",
                      "reasons": "Strategy discussion about the three girls, the flat on Mill Lane and the men there."})
    prompt.refresh_from_db()
    assert prompt.status == Status.DECIDED
    audit = ActionLog.objects.get(action="prompt decision: strategy_discussion")
    girls = sorted(three_girls.girl(i).pk for i in range(3))
    assert sorted(audit.persons.values_list("pk", flat=True)) == girls
    assert audit.detail["children"] == girls and audit.detail["context"] == prompt.context_id
    for i in range(3):
        chronology = client.get(reverse("chronology:person", args=[three_girls.girl(i).pk])).content.decode()
        assert "Context prompt raised: A place connected to several children with concerns" in chronology
        assert "Strategy discussion about the three girls" in chronology
    # a teacher reading the same girl's chronology sees neither the prompt nor the other girls
    client.force_login(users["teacher"])
    chronology = client.get(reverse("chronology:person", args=[three_girls.girl(0).pk])).content.decode()
    assert "Context prompt" not in chronology and "Strategy discussion about the three girls" not in chronology


def test_an_adult_connected_to_three_girls_raises_an_adult_prompt_that_the_police_do_not_see(
        users, agencies, make_record, make_event):
    from datetime import UTC, date, datetime

    from joinedup.events.models import EventSubject
    from joinedup.network.prompts import raise_context_prompts

    man = make_record("police", "A1", "Rob", "Hale", born=date(1988, 1, 1), person_type="adult")
    girls = [make_record("police", f"C{n}", f"Girl{n}", f"Family{n}", born=date(2012, 2, 2)) for n in range(3)]
    for n, girl in enumerate(girls):
        make_event("police", f"CON{n}", girl, "safeguarding.concern", occurred_at=datetime(2026, 6, 1 + n, tzinfo=UTC))
        found = make_event("police", f"FW{n}", girl, "police.found_with_adult",
                           occurred_at=datetime(2026, 6, 10 + 7 * n, 22, tzinfo=UTC))
        EventSubject.objects.create(event=found, record=man, position=1)
    raised = [p for p in raise_context_prompts() if p.rule_id == "C02"]
    assert len(raised) == 1
    prompt = raised[0]
    assert prompt.person == man.person and prompt.context is None
    assert set(prompt.children.values_list("pk", flat=True)) == {g.person_id for g in girls}
    assert prompt.moment == date(2026, 6, 24)
    assert prompt not in prompts_for(users["police"])  # police hold every record here, yet see no names of others
    assert prompt in prompts_for(users["mash"])


def test_children_missing_together_are_a_peer_group_context_named_without_naming_them(
        client, users, make_record, make_event):
    from datetime import UTC, date, datetime

    from joinedup.network.prompts import raise_context_prompts

    a = make_record("police", "MA", "Lily", "Stone", born=date(2012, 1, 1))
    b = make_record("police", "MB", "Jade", "Banks", born=date(2012, 2, 1))
    for n, day in enumerate([5, 19]):
        for who in (a, b):
            make_event("police", f"MS{who.record_id}{n}", who, "police.missing_report",
                       occurred_at=datetime(2026, 7, day, 21, tzinfo=UTC), attributes={"returned_at": f"2026-07-{day + 1}"})
    prompt = next(p for p in raise_context_prompts() if p.rule_id == "C05")
    assert prompt.context.kind == "peer_group" and prompt.context.group.key.startswith("joinedup:")
    assert "Stone" not in prompt.context.name and "Banks" not in prompt.context.name
    assert set(prompt.children.values_list("pk", flat=True)) == {a.person_id, b.person_id}
    assert not prompt.dismissable
    # the network around the group starts, for MASH, from the children its prompt names; others see the group only
    url = reverse("network:api-context", args=[prompt.context_id])
    client.force_login(users["mash"])
    data = client.get(url).json()
    assert {"Lily Stone", "Jade Banks"} <= {n["label"] for n in data["nodes"]}
    assert any(lk["kind"] == "missing_together" and len(lk["events"]) == 2 for lk in data["links"])
    client.force_login(users["teacher"])
    data = client.get(url).json()
    assert [n["kind"] for n in data["nodes"]] == ["group"] and not data["links"]


def test_the_daily_command_raises_context_prompts(capsys, three_girls):
    from django.core.management import call_command

    Prompt.objects.filter(rule_id="C01").delete()
    call_command("prompts")
    assert Prompt.objects.filter(rule_id="C01").count() == 1
    assert "C01 1" in capsys.readouterr().out


def test_a_context_prompt_is_decided_in_a_context_s_terms_and_a_child_s_prompt_in_a_child_s(client, users, prompt,
                                                                                           make_record):
    from joinedup.prompts.decisions import DecisionRefused, decide

    client.force_login(users["mash"])
    html = client.get(reverse("prompts:detail", args=[prompt.pk])).content.decode()
    assert "Known and covered by the context&#x27;s safety plan" in html and "Taken to a context conference" in html
    assert "Disruption or enforcement requested" in html and "the child&#x27;s plan" not in html
    with pytest.raises(DecisionRefused, match="one child's case"):
        decide(prompt, outcome="covered_by_plan", reasons="Each girl's plan covers the flat on Mill Lane.",
               actor=users["mash"])
    decide(prompt, outcome="disruption", reasons="Police and licensing asked to visit the flat on Mill Lane this week.",
           actor=users["mash"])

    child = make_record("school", "S9", "Ava", "Brook", born=date(2012, 3, 4)).person
    about_her = Prompt.objects.create(person=child, rule_id="P02", title="t", evidence_class="harm_occurring",
                                      moment=date(2026, 11, 1), episode="2026-11-01", explanation="e")
    html = client.get(reverse("prompts:detail", args=[about_her.pk])).content.decode()
    assert "Known and covered by the child&#x27;s plan" in html and "context&#x27;s safety plan" not in html
    with pytest.raises(DecisionRefused, match="about one child"):
        decide(about_her, outcome="context_plan", reasons="The takeaway's plan covers what happened to Ava.",
               actor=users["mash"])
