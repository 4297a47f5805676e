"""Acceptance (issue 5): a West Sussex-like scenario, imported as agencies send it, raises a context prompt naming
the address and every girl at the event that brings the count to k (and not before); ordinary places do not."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from engine.context import load_rules
from joinedup.network.models import ContextPromptBasis
from joinedup.network.prompts import raise_context_prompts
from joinedup.network.tests.conftest import week
from joinedup.prompts.models import Prompt, Status

pytestmark = pytest.mark.django_db


def place_prompts():
    return Prompt.objects.filter(rule_id="C01")


def test_the_address_and_every_girl_are_named_at_the_event_that_brings_the_count_to_k(west_sussex):
    k = load_rules().rule("C01").children_at_least
    assert k == 3
    for i in range(2):
        west_sussex.school_concern(i)
        west_sussex.found_at_flat(i)
    west_sussex.school_concern(2)
    assert not place_prompts().exists()  # two girls at the flat, a third with a concern but not yet linked to it
    west_sussex.found_at_flat(2)         # the event that brings the count to k, imported: raised as it lands

    prompt = place_prompts().get()
    girls = {west_sussex.girl(i).pk for i in range(3)}
    assert set(prompt.children.values_list("pk", flat=True)) == girls
    assert prompt.context.location.address.startswith("Flat 2, 14 Mill Lane")
    assert prompt.context.kind == "location" and prompt.person is None
    assert prompt.moment == week(2, 3)
    basis = ContextPromptBasis.objects.get(prompt=prompt)
    assert basis.trigger_event_id == west_sussex.event(2)
    assert "Flat 2, 14 Mill Lane" in prompt.explanation
    for i in range(3):
        assert west_sussex.girl(i).display_name in prompt.explanation
    # the events behind it: each girl's concern and each finding at the flat, from both agencies
    assert {e.source_id for e in prompt.events.all()} == {"SC0", "SC1", "SC2", "PF0", "PF1", "PF2"}
    assert prompt.status == Status.OPEN and prompt.team == "MASH" and prompt.assigned_to is None
    # evaluating the whole partnership again (the daily run) raises nothing more
    assert raise_context_prompts() == []
    assert place_prompts().count() == 1


def test_a_further_girl_joins_the_open_prompt_and_once_decided_raises_a_new_one(three_girls):
    from joinedup.accounts.models import User
    from joinedup.prompts.decisions import decide

    three_girls.school_concern(3)
    three_girls.found_at_flat(3)
    prompt = place_prompts().get()
    assert prompt.children.count() == 4
    assert three_girls.girl(3).display_name in prompt.explanation
    history = ContextPromptBasis.objects.get(prompt=prompt).history
    assert [len(h["children"]) for h in history] == [3, 4]
    mash = User.objects.create_user("mash2", role="mash_officer", agency=three_girls.agencies["mash"])
    decide(prompt, outcome="strategy_discussion", reasons="Strategy discussion about the four girls and the flat.",
           actor=mash)
    assert raise_context_prompts() == []  # nothing new: every girl is on the decided prompt


def test_ordinary_places_do_not_raise_a_context_prompt(agencies, make_record, make_event):
    from joinedup.places.models import Location

    club = Location.objects.create(key="venue|youth club|NS15AA", kind="venue", name="Northbridge Youth Club",
                                   postcode="NS1 5AA")
    home = Location.objects.create(key="addr|oak road|NS16BB", kind="address", address="3 Oak Road", postcode="NS1 6BB")
    park = Location.objects.create(key="park|victoria park|NS17CC", kind="park", name="Victoria Park")
    # a youth club four children from different families go to, with no concern about any of them
    for n in range(4):
        child = make_record("health", f"Y{n}", f"Child{n}", f"Family{n}", born=date(2012, 1, n + 1))
        make_event("health", f"YS{n}", child, "youth.session_attended", location=club,
                   occurred_at=datetime(2026, 9, 7 + n, 18, tzinfo=UTC))
    # a family home: three brothers and sisters with concerns, police called to the home: one family
    siblings = [make_record("police", f"H{n}", f"Sib{n}", "Oakes", born=date(2012 + n, 2, 2)) for n in range(3)]
    from joinedup.associations.models import Association

    for n, child in enumerate(siblings):
        make_event("police", f"DA{n}", child, "safeguarding.concern", location=home,
                   occurred_at=datetime(2026, 9, 10, 20, tzinfo=UTC))
        if n:
            Association.objects.create(agency=agencies["police"], source_id=f"SIB{n}", association_type="sibling_of",
                                       record=siblings[0], other_record=child, how_known="record",
                                       reliability="verified", content_hash="x")
    # a park where three children from different families with concerns were recorded, months apart
    for n, day in enumerate([date(2026, 1, 5), date(2026, 5, 5), date(2026, 9, 5)]):
        child = make_record("police", f"K{n}", f"Park{n}", f"Walker{n}", born=date(2012, 3, 3))
        make_event("police", f"PK{n}", child, "safeguarding.concern", location=park,
                   occurred_at=datetime(day.year, day.month, day.day, 16, tzinfo=UTC))
    raised = raise_context_prompts()
    assert not [p for p in raised if p.rule_id == "C01"]
    assert not Prompt.objects.filter(rule_id="C01").exists()


def test_a_bulk_load_leaves_context_prompts_to_the_daily_run_with_the_same_moment(west_sussex, settings):
    settings.JOINEDUP_CONTEXT_IMPORT_LIMIT = 2        # every file's neighbourhood is "a bulk load" here
    for i in range(3):
        west_sussex.school_concern(i)
        west_sussex.found_at_flat(i)
    assert not place_prompts().exists()
    [prompt] = [p for p in raise_context_prompts() if p.rule_id == "C01"]
    assert prompt.moment == week(2, 3)
    assert set(prompt.children.values_list("pk", flat=True)) == {west_sussex.girl(i).pk for i in range(3)}
