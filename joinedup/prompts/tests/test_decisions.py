"""Closing a prompt needs a decision and written reasons; some prompts may never be dismissed; queues reach people."""

from datetime import date

import pytest

from joinedup.prompts.decisions import DecisionRefused, decide
from joinedup.prompts.models import Outcome, Prompt, PromptEvidence, Status
from joinedup.prompts.selectors import queue_for


@pytest.fixture
def child(make_record):
    return make_record("school", "S1", "Amira", "Khan", nhs_number="4857773456")


@pytest.fixture
def prompt(child, make_record, make_event):
    police = make_record("police", "P1", "Amira", "Khan", nhs_number="4857773456")
    events = [make_event("police", "E1", police, "police.missing_report"),
              make_event("school", "E2", child, "education.part_time_timetable")]
    made = Prompt.objects.create(person=child.person, rule_id="P-TEST", title="Missing and a part-time timetable",
                                 evidence_class="evidenced_vulnerability", moment=date(2026, 3, 2), episode="1",
                                 explanation="Reported missing to police, then put on a part-time timetable.",
                                 questions=["Has anyone asked the child where they go?"], recipient="mash",
                                 dismissable=False)
    PromptEvidence.objects.bulk_create([PromptEvidence(prompt=made, event=e) for e in events])
    return made


def test_a_decision_without_reasons_is_refused_and_leaves_the_prompt_open(prompt, users):
    with pytest.raises(DecisionRefused, match="reasons"):
        decide(prompt, outcome=Outcome.NO_FURTHER_ACTION, reasons="  ", actor=users["mash"])
    prompt.refresh_from_db()
    assert prompt.status == Status.OPEN and not prompt.decisions.exists()


def test_no_further_action_is_recorded_with_reasons_decider_and_their_role(prompt, users):
    decision = decide(prompt, outcome=Outcome.NO_FURTHER_ACTION,
                      reasons="Spoke to the allocated worker: the plan covers both; reviewed at core group.",
                      actor=users["mash"])
    prompt.refresh_from_db()
    assert prompt.status == Status.OPEN and decision.agreement == "awaiting"   # until a MASH manager agrees
    assert (decision.decided_by, decision.agency_code, decision.role) == (users["mash"], "mash", "mash_officer")
    from joinedup.audit.models import ActionLog

    [logged] = ActionLog.objects.filter(action="prompt decision: no_further_action")
    assert logged.user == users["mash"] and "plan covers both" in logged.reason
    assert list(logged.persons.all()) == [prompt.person]


def test_a_prompt_that_may_not_be_dismissed_refuses_dismissal(prompt, users):
    with pytest.raises(DecisionRefused, match="may not be dismissed"):
        decide(prompt, outcome=Outcome.NOT_APPLICABLE, reasons="Does not apply to this child, I think.",
               actor=users["mash"])


def test_a_decided_prompt_cannot_be_decided_again(prompt, users):
    decide(prompt, outcome=Outcome.REFERRAL_MADE, reasons="Referred to MASH by phone at 10:40.", actor=users["mash"])
    with pytest.raises(DecisionRefused, match="already been decided"):
        decide(prompt, outcome=Outcome.NO_FURTHER_ACTION, reasons="Second thoughts about it.", actor=users["mash"])


def test_the_queue_holds_prompts_for_the_named_worker_or_else_the_team(prompt, users):
    assert list(queue_for(users["mash"])) == [prompt]   # no named worker: MASH's queue
    assert list(queue_for(users["dsl"])) == []
    prompt.assigned_to = users["dsl"]
    prompt.save()
    assert list(queue_for(users["dsl"])) == [prompt]    # named, and the school holds a record about the child
    assert list(queue_for(users["mash"])) == []
    assert list(queue_for(users["police"])) == []


def test_the_prompt_page_shows_own_agency_events_and_counts_the_rest(client, prompt, users):
    client.force_login(users["dsl"])
    page = client.get(f"/prompts/{prompt.id}/").content.decode()
    assert "Part-time timetable".lower() in page.lower()
    assert "1 further event" in page and "Missing" not in page.split("The events behind it")[1].split("</table>")[0]


def test_the_prompt_page_is_access_logged_and_a_decision_without_reasons_is_refused(client, prompt, users):
    from joinedup.audit.models import AccessLog

    client.force_login(users["mash"])
    response = client.post(f"/prompts/{prompt.id}/", {"outcome": "no_further_action", "reasons": ""})
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    assert AccessLog.objects.filter(person=prompt.person, what="prompt P-TEST").count() == 1
    prompt.refresh_from_db()
    assert prompt.status == Status.OPEN


def test_roles_that_do_not_read_case_data_have_no_prompt_pages(client, prompt, users):
    client.force_login(users["analyst"])
    assert client.get("/prompts/").status_code == 403
    assert client.get(f"/prompts/{prompt.id}/").status_code == 403


def test_a_no_further_action_decision_is_on_the_chronology_with_its_reasons(client, prompt, users):
    decide(prompt, outcome=Outcome.NO_FURTHER_ACTION, reasons="Discussed with the DSL; the plan already covers it.",
           actor=users["mash"])
    client.force_login(users["mash"])
    page = client.get(f"/people/{prompt.person.pk}/chronology/").content.decode()
    assert "No further action" in page and "the plan already covers it" in page
    assert "Prompt raised: Missing and a part-time timetable" in page


# Who may close what (issue 16 item 5): the addressee, their team or the MASH; others read but do not decide.

def _mash_queue(prompt):
    prompt.team = "MASH"    # as raised with no allocated worker (joinedup/prompts/services.py)
    prompt.save(update_fields=["team"])
    return prompt


def test_a_teacher_who_may_read_a_mash_prompt_may_not_decide_it(client, prompt, users):
    from joinedup.prompts.decisions import NotYoursToDecide

    _mash_queue(prompt)
    client.force_login(users["teacher"])
    page = client.get(f"/prompts/{prompt.id}/")
    assert page.status_code == 200          # the school holds a record about the child: it may read
    body = page.content.decode()
    assert "Record decision" not in body and "addressed to the MASH team" in body
    response = client.post(f"/prompts/{prompt.id}/", {"outcome": "referral_made",
                                                      "reasons": "Dismissing this: I know the family well."})
    assert response.status_code == 403 and "Only they, their team or the MASH" in response.content.decode()
    with pytest.raises(NotYoursToDecide, match="addressed to the MASH team"):
        decide(prompt, outcome=Outcome.REFERRAL_MADE, reasons="Referred to MASH by phone at 10:40.",
               actor=users["teacher"])
    prompt.refresh_from_db()
    assert prompt.status == Status.OPEN and not prompt.decisions.exists()


def test_the_named_worker_and_their_team_may_decide_but_not_another_team_or_agency(prompt, users, make_user):
    dsl = users["dsl"]
    dsl.team = "Safeguarding"
    dsl.save()
    prompt.assigned_to = dsl
    prompt.save()
    colleague, elsewhere = make_user("deputy", "practitioner", "school"), make_user("pe", "practitioner", "school")
    colleague.team, elsewhere.team = "Safeguarding", "Sport"
    colleague.save(), elsewhere.save()
    police = users["police"]
    police.team = "Safeguarding"           # the same team name in another agency is another team
    police.save()
    from joinedup.prompts.selectors import may_decide

    assert [may_decide(u, prompt) for u in (dsl, colleague, users["mash"], elsewhere, police, users["teacher"])] \
        == [True, True, True, False, False, False]
    decision = decide(prompt, outcome=Outcome.REFERRAL_MADE, reasons="Referred to MASH by phone at 10:40.",
                      actor=colleague)
    assert decision.decided_by == colleague


def test_a_team_queue_prompt_is_decided_by_that_team(prompt, users):
    from joinedup.prompts.selectors import may_decide

    prompt.team = "Early help"
    prompt.save()
    worker = users["socialworker"]
    assert not may_decide(worker, prompt)
    worker.team = "Early help"
    worker.save()
    assert may_decide(worker, prompt) and not may_decide(users["teacher"], prompt)
    assert not may_decide(users["analyst"], prompt)


# Dismissal and "no further action" need a manager's agreement (issue 16 item 5), like case decisions' sign-off.

NFA_REASONS = "Spoke to the allocated worker: the plan covers both; reviewed at core group."


@pytest.fixture
def mash_manager(make_user):
    return make_user("mashmanager", "team_manager", "mash")


def test_no_further_action_stays_open_until_a_mash_manager_agrees(client, prompt, users, mash_manager, make_user):
    from joinedup.audit.models import ActionLog
    from joinedup.prompts.decisions import agree

    _mash_queue(prompt)
    decision = decide(prompt, outcome=Outcome.NO_FURTHER_ACTION, reasons=NFA_REASONS, actor=users["mash"])
    client.force_login(users["mash"])
    assert "Awaiting a manager's agreement" in client.get("/prompts/").content.decode()
    page = client.get(f"/prompts/{prompt.id}/").content.decode()
    assert "Awaiting a manager" in page and "Record decision" not in page and "Record agreement" not in page
    with pytest.raises(DecisionRefused, match="awaits a manager"):
        decide(prompt, outcome=Outcome.REFERRAL_MADE, reasons="Referred to MASH by phone at 10:40.",
               actor=users["mash"])
    for wrong in (users["mash"], make_user("cscmanager", "team_manager", "csc"), users["dsl"]):
        with pytest.raises(DecisionRefused):
            agree(decision, actor=wrong, agreed=True, reasons="I agree with the reasons given here.")
    client.force_login(mash_manager)
    assert prompt.title in client.get("/prompts/").content.decode()     # in the manager's "awaiting" list
    response = client.post(f"/prompts/{prompt.id}/", {"agreed": "yes",
                                                      "agreement_reasons": "Read the plan: it covers both concerns."})
    assert response.status_code == 302
    prompt.refresh_from_db()
    decision.refresh_from_db()
    assert prompt.status == Status.DECIDED and decision.agreement == "agreed" and decision.agreed_by == mash_manager
    [logged] = ActionLog.objects.filter(action="prompt decision agreed")
    assert logged.user == mash_manager and "covers both concerns" in logged.reason
    assert list(logged.persons.all()) == [prompt.person]
    client.force_login(users["mash"])
    chronology = client.get(f"/people/{prompt.person.pk}/chronology/").content.decode()
    assert "Agreed by a manager: no further action on prompt" in chronology and "covers both concerns" in chronology


def test_a_returned_dismissal_reopens_the_prompt_for_another_decision(prompt, users, mash_manager):
    from joinedup.prompts.decisions import agree

    prompt.dismissable = True
    prompt.save()
    decision = decide(prompt, outcome=Outcome.NOT_APPLICABLE, reasons="Does not apply: the episodes were one day.",
                      actor=users["mash"])
    with pytest.raises(DecisionRefused, match="why you return it"):
        agree(decision, actor=mash_manager, agreed=False, reasons="no")
    agree(decision, actor=mash_manager, agreed=False, reasons="Two police reports on different days: look again.")
    prompt.refresh_from_db()
    assert prompt.status == Status.OPEN
    decide(prompt, outcome=Outcome.STRATEGY_DISCUSSION, reasons="Strategy discussion requested with police.",
           actor=users["mash"])
    prompt.refresh_from_db()
    assert prompt.status == Status.DECIDED
    assert list(prompt.decisions.order_by("id").values_list("agreement", flat=True)) == ["returned", ""]


def test_a_school_decision_of_no_further_action_is_agreed_by_the_school_s_dsl(client, prompt, users):
    prompt.assigned_to = users["teacher"]
    prompt.save()
    decide(prompt, outcome=Outcome.NO_FURTHER_ACTION, reasons=NFA_REASONS, actor=users["teacher"])
    client.force_login(users["dsl"])
    page = client.get(f"/prompts/{prompt.id}/").content.decode()
    assert "Record agreement" in page
    client.post(f"/prompts/{prompt.id}/", {"agreed": "yes", "agreement_reasons": "Checked the plan with the teacher."})
    prompt.refresh_from_db()
    assert prompt.status == Status.DECIDED
