"""Context assessments (the triangle), plans with owned actions, action updates and reviews; who may write."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.audit.models import ActionLog
from joinedup.contexts.models import PlanAction
from joinedup.contexts.services import (
    ContextRefused,
    add_action,
    record_assessment,
    review_plan,
    start_plan,
    update_action,
)

TRIANGLE = {
    "collective_needs": "Girls aged 13-15 from two schools come here after school; several are missing from care.",
    "guardianship": "The owner is willing to help; night staff have had no safeguarding training.",
    "environment": "Side door opens onto an unlit car park where cars wait with engines running.",
    "policy_and_practice": "The licence has no conditions about under-18s after 10pm; no test purchases.",
    "sources_consulted": "Neighbourhood officer, the owner, a walkabout with youth workers.",
}
TODAY = timezone.localdate


def _action(plan, user, **kw):
    return add_action(plan, user=user, action=kw.pop("action", "Brief night staff on signs of exploitation."),
                      owner_name="Hasan Ali", owner_organisation="Chicken Express (owner)",
                      owner_partner="non_statutory", due_on=kw.pop("due_on", TODAY() + timedelta(days=14)), **kw)


def test_the_latest_assessment_is_shown_and_earlier_ones_kept(client, users, takeaway):
    record_assessment(takeaway, user=users["dsl"], assessed_on=date(2026, 9, 1), **TRIANGLE)
    record_assessment(takeaway, user=users["mash"], assessed_on=date(2026, 11, 1),
                      **{**TRIANGLE, "guardianship": "The owner has now trained night staff and fitted lighting."})
    client.force_login(users["teacher"])
    page = client.get(reverse("contexts:detail", args=[takeaway.pk])).content.decode()
    assert "trained night staff and fitted lighting" in page and "Earlier assessments" in page
    assert "Assessed on 1 September 2026" in page
    assert ActionLog.objects.filter(action="context: assessment").count() == 2


def test_an_assessment_needs_every_side_of_the_triangle(users, takeaway):
    with pytest.raises(ContextRefused, match="who is, or could be, keeping young people safe"):
        record_assessment(takeaway, user=users["dsl"], assessed_on=date(2026, 9, 1),
                          **{**TRIANGLE, "guardianship": "n/a"})


def test_practitioners_do_not_record_assessments_or_plans(client, users, takeaway):
    with pytest.raises(PermissionError):
        record_assessment(takeaway, user=users["teacher"], assessed_on=date(2026, 9, 1), **TRIANGLE)
    with pytest.raises(PermissionError):
        start_plan(takeaway, user=users["police"], objectives="Make the takeaway safe after dark.",
                   first_review_on=TODAY() + timedelta(days=30))
    client.force_login(users["teacher"])
    assert client.get(reverse("contexts:assess", args=[takeaway.pk])).status_code == 403
    assert client.get(reverse("contexts:plan-new", args=[takeaway.pk])).status_code == 403
    assert not ActionLog.objects.exclude(action="context: referral").exists()


def test_a_plan_with_owned_actions_shows_overdue_ones_clearly(client, users, takeaway):
    plan = start_plan(takeaway, user=users["dsl"], objectives="Make the takeaway safe for girls after dark.",
                      first_review_on=TODAY() + timedelta(days=30))
    _action(plan, users["dsl"], action="Fit lighting over the side car park.", due_on=TODAY() - timedelta(days=3))
    _action(plan, users["dsl"])
    client.force_login(users["teacher"])
    page = client.get(reverse("contexts:detail", args=[takeaway.pk])).content.decode()
    assert "Overdue actions" in page and page.count('class="is-overdue"') == 1
    assert "Overdue since" in page and "Fit lighting over the side car park." in page
    assert "Chicken Express (owner) · Non-statutory partner" in page
    with pytest.raises(ContextRefused, match="already has a current plan"):
        start_plan(takeaway, user=users["dsl"], objectives="A second plan for the same takeaway.",
                   first_review_on=TODAY() + timedelta(days=30))


def test_the_owner_of_an_action_updates_it_and_others_may_not(client, users, takeaway):
    plan = start_plan(takeaway, user=users["dsl"], objectives="Make the takeaway safe for girls after dark.",
                      first_review_on=TODAY() + timedelta(days=30))
    mine = _action(plan, users["dsl"], owner_user=users["police"])
    with pytest.raises(PermissionError):
        update_action(mine, user=users["teacher"], status="in_progress", note="I would like to help with this one.")
    client.force_login(users["teacher"])
    assert client.get(reverse("contexts:action-update", args=[mine.pk])).status_code == 403
    client.force_login(users["police"])
    response = client.post(reverse("contexts:action-update", args=[mine.pk]), {
        "status": "done", "note": "Night staff briefed by the neighbourhood team on 3 November.",
        "completed_on": str(TODAY())})
    assert response.status_code == 302
    mine = PlanAction.objects.get(pk=mine.pk)
    assert mine.status == "done" and mine.completed_on == TODAY() and "briefed" in mine.completion_note
    entry = ActionLog.objects.get(action="context: action update")
    assert entry.user == users["police"] and entry.detail["before"]["status"] == "open"
    with pytest.raises(ContextRefused, match="date the action was done"):
        update_action(mine, user=users["police"], status="done", note="Done again, with the date missing.")


def test_a_review_sets_the_next_review_or_ends_the_plan(users, takeaway):
    plan = start_plan(takeaway, user=users["mash"], objectives="Make the takeaway safe for girls after dark.",
                      first_review_on=TODAY() + timedelta(days=30))
    with pytest.raises(ContextRefused, match="next review date"):
        review_plan(plan, user=users["mash"], reviewed_on=TODAY(), progress="Lighting fitted and staff trained.",
                    changes="Add a check with the licensing team.", next_review_on=None)
    review_plan(plan, user=users["mash"], reviewed_on=TODAY(), progress="Lighting fitted and staff trained.",
                changes="Add a check with the licensing team.", next_review_on=TODAY() + timedelta(days=60))
    assert plan.next_review_on == TODAY() + timedelta(days=60)
    review_plan(plan, user=users["mash"], reviewed_on=TODAY(), progress="No further sightings for two months.",
                changes="The plan ends: partners agree the takeaway is now a safer place.", next_review_on=None,
                ends_plan=True)
    plan.refresh_from_db()
    assert plan.ended_on == TODAY() and plan.next_review_on is None
    assert ActionLog.objects.filter(action="context: plan review").count() == 2


def test_every_write_is_audited(users, takeaway, linked):
    from joinedup.contexts.services import record_conference, record_weighting

    record_assessment(takeaway, user=users["dsl"], assessed_on=date(2026, 9, 1), **TRIANGLE)
    plan = start_plan(takeaway, user=users["dsl"], objectives="Make the takeaway safe for girls after dark.",
                      first_review_on=TODAY() + timedelta(days=30))
    action = _action(plan, users["dsl"])
    update_action(action, user=users["dsl"], status="in_progress", note="Owner has booked the training date.")
    review_plan(plan, user=users["dsl"], reviewed_on=TODAY(), progress="Training booked, lighting quoted.",
                changes="No change to the actions this time.", next_review_on=TODAY() + timedelta(days=30))
    conference = record_conference(
        user=users["dsl"], held_on=TODAY(), chair_name="Alex Morgan", chair_organisation="CSC", contexts=[takeaway],
        discussion="Men wait in cars at the side door for girls leaving after 10pm.",
        attendees=[{"name": "Hasan Ali", "organisation": "Chicken Express", "partner": "non_statutory"}])
    record_weighting(conference, user=users["dsl"], order=[(takeaway, "It is the only context discussed today.")])
    assert set(ActionLog.objects.values_list("action", flat=True)) == {
        "context: referral", "context: assessment", "context: plan", "context: plan action",
        "context: action update", "context: plan review", "context: conference", "context: weighting"}
    assert all(entry.user_id and entry.reason for entry in ActionLog.objects.all())


# ----------------------------------------------------------------------- D10: an overdue action raises a prompt


def _d10(as_of=None):
    from joinedup.prompts.deadlines import raise_overdue
    from joinedup.prompts.models import Prompt

    raise_overdue(as_of=as_of)
    return list(Prompt.objects.filter(rule_id="D10"))


def test_an_overdue_plan_action_raises_a_context_prompt_for_the_mash(client, users, takeaway):
    from joinedup.prompts.selectors import prompts_for, queue_for
    from joinedup.prompts.tests.links import assert_prompt_links_to

    plan = start_plan(takeaway, user=users["dsl"], objectives="Make the takeaway safe for girls after dark.",
                      first_review_on=TODAY() + timedelta(days=30))
    action = _action(plan, users["dsl"], action="Fit lighting over the side car park.")
    assert _d10(as_of=action.due_on) == []                                     # due that day: not overdue yet
    [prompt] = _d10(as_of=action.due_on + timedelta(days=2))
    assert (prompt.context, prompt.person, prompt.episode, prompt.team) == (takeaway, None,
                                                                            f"context_action:{action.pk}", "MASH")
    assert "Fit lighting over the side car park, owned by Hasan Ali (Chicken Express (owner))" in prompt.explanation
    assert "(2 days overdue)" in prompt.explanation and not prompt.dismissable
    assert prompt in queue_for(users["mash"])
    assert prompt not in prompts_for(users["dsl"]) and prompt not in prompts_for(users["teacher"])
    assert _d10(as_of=action.due_on + timedelta(days=9)) == [prompt]          # raised once
    assert_prompt_links_to(prompt, users["mash"], f"/contexts/{takeaway.pk}/")
    client.force_login(users["dsl"])
    assert client.get(reverse("prompts:detail", args=[prompt.pk])).status_code == 404
    client.force_login(users["mash"])
    queue = client.get(reverse("prompts:queue")).content.decode()
    assert "An action in a context&#x27;s safety plan is overdue" in queue and takeaway.name in queue
    decided = client.post(reverse("prompts:detail", args=[prompt.pk]), {
        "outcome": "context_plan", "reasons": "Rang Hasan Ali: the electrician comes on Friday; the MASH will "
                                                 "check the lighting at the next night walkabout."}, follow=True)
    assert decided.status_code == 200 and "Decision recorded with its reasons" in decided.content.decode()


def test_an_action_recorded_after_its_due_date_raises_d10_at_once(users, takeaway):
    plan = start_plan(takeaway, user=users["dsl"], objectives="Make the takeaway safe for girls after dark.",
                      first_review_on=TODAY() + timedelta(days=30))
    late = _action(plan, users["dsl"], action="Licensing visit about under-18s after 10pm.",
                   due_on=TODAY() - timedelta(days=3))
    from joinedup.prompts.models import Prompt

    assert Prompt.objects.filter(rule_id="D10", episode=f"context_action:{late.pk}", context=takeaway).exists()


def test_done_stopped_or_ended_actions_raise_nothing(users, takeaway):
    plan = start_plan(takeaway, user=users["dsl"], objectives="Make the takeaway safe for girls after dark.",
                      first_review_on=TODAY() + timedelta(days=30))
    done = _action(plan, users["dsl"], action="Fit lighting over the side car park.")
    stopped = _action(plan, users["dsl"], action="Ask the bus company to move the stop.")
    update_action(done, user=users["dsl"], status="done", note="Lighting fitted and checked on a night walkabout.",
                  completed_on=TODAY())
    update_action(stopped, user=users["dsl"], status="stopped",
                  note="The council moved the stop itself last week; nothing left for us to ask.")
    in_progress = _action(plan, users["dsl"], action="Brief night staff on signs of exploitation.")
    update_action(in_progress, user=users["dsl"], status="in_progress", note="Two of five night staff briefed so far.")
    assert [p.episode for p in _d10(as_of=TODAY() + timedelta(days=20))] == [f"context_action:{in_progress.pk}"]
