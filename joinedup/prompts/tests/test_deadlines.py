"""Casework deadlines become prompts once, in the right queue, from every registered source."""

from datetime import date

import pytest
from django.core.management import call_command

from joinedup.prompts.deadlines import raise_overdue, register_deadline_source, unregister_deadline_source
from joinedup.prompts.models import Prompt, Status
from joinedup.prompts.selectors import queue_for


@pytest.fixture
def child(make_record):
    return make_record("school", "S1", "Amira", "Khan", nhs_number="4857773456").person


def referral(child, **fields):
    return {"kind": "referral", "key": 41, "person_key": child.pk, "received_on": date(2026, 11, 20),
            "decided_at": None, "feedback_at": None, "label": "bruising seen at school", **fields}


def test_an_overdue_referral_decision_is_raised_once_in_the_mash_queue(child, users):
    [prompt] = raise_overdue(as_of=date(2026, 11, 24), records=[referral(child)])
    assert (prompt.rule_id, prompt.person, prompt.episode, prompt.team) == ("D01", child, "referral:41", "MASH")
    assert prompt.evidence_class == "practice_deadline" and not prompt.dismissable
    assert "guidance §4.3" in prompt.citation and prompt.questions
    assert raise_overdue(as_of=date(2026, 11, 30), records=[referral(child)]) == []     # the same episode
    assert Prompt.objects.filter(rule_id="D01").count() == 1
    assert prompt in queue_for(users["mash"]) and prompt not in queue_for(users["teacher"])


def test_in_time_or_met_raises_nothing(child):
    assert raise_overdue(as_of=date(2026, 11, 23), records=[referral(child)]) == []
    assert raise_overdue(as_of=date(2026, 12, 30), records=[referral(child, decided_at=date(2026, 11, 20),
                                                                      feedback_at=date(2026, 11, 21))]) == []


def test_a_named_user_receives_it_by_name(child, users):
    [prompt] = raise_overdue(as_of=date(2026, 11, 24), records=[referral(child, assign_to=users["socialworker"].pk)])
    assert prompt.assigned_to == users["socialworker"] and prompt.team == ""
    assert prompt.status == Status.OPEN


def test_registered_sources_are_read_by_the_daily_command(child):
    calls = []

    def source(person_ids=None):
        calls.append(person_ids)
        return [referral(child)]

    register_deadline_source("test referrals", source)
    try:
        call_command("prompts", "--as-of", "2026-11-24")
    finally:
        unregister_deadline_source("test referrals")
    assert calls == [None]
    assert Prompt.objects.filter(rule_id="D01", person=child).exists()


def test_the_prompt_page_links_a_deadline_and_only_a_deadline_to_its_record(child, users, client):
    from joinedup.prompts.deadlines import deadline_record_link
    from joinedup.prompts.models import Prompt

    [deadline] = raise_overdue(as_of=date(2026, 11, 24), records=[referral(child, key=999_999)])
    assert deadline_record_link(deadline) == "/referrals/999999/"          # a kind its source links
    deadline.episode = "no_such_kind:5"
    assert deadline_record_link(deadline) is None                           # a kind no source registered
    ordinary = Prompt.objects.create(person=child, rule_id="P01", episode="referral:41", title="t",
                                     evidence_class="harm_occurring", moment=date(2026, 11, 1), explanation="e")
    assert deadline_record_link(ordinary) is None                           # not a deadline rule
    client.force_login(users["mash"])
    html = client.get(f"/prompts/{ordinary.pk}/").content.decode()
    assert "The record it is about" not in html and "The events behind it" in html
