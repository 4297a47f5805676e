"""R21 (drift and delay challenged: overdue actions raise drift prompts) and R22 (plans with owners and due
dates, decisions with reasons, minutes circulated), and D08 (a conference within 15 working days of a strategy
discussion that started section 47 enquiries)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from engine.prompts.calendar import add_working_days
from joinedup.audit.models import ActionLog
from joinedup.meetings import services
from joinedup.meetings.models import MeetingAction
from joinedup.prompts.deadlines import raise_overdue
from joinedup.prompts.models import Prompt
from joinedup.prompts.selectors import queue_for
from joinedup.prompts.tests.links import assert_prompt_links_to

PURPOSE = "Plan the section 47 enquiry and share what each agency knows about the adults around Maya."


def _attend_all(meeting, actor):
    for invitation in meeting.invitations.select_related("agency"):
        services.record_attendance(meeting, agency=invitation.agency, attendance="attended", actor=actor,
                                   represented_by=f"Officer from {invitation.agency.name}")


# ------------------------------------------------------------------------------------------------ R21: drift


def test_an_overdue_action_raises_a_drift_prompt_to_its_owner(meeting, people, today):
    action = services.add_action(meeting, description="Check police intelligence on the address Maya named.",
                                 due_on=today - timedelta(days=3), owner=people["police"], actor=people["socialworker"])
    prompt = Prompt.objects.get(rule_id="D05", episode=f"meeting_action:{action.pk}")   # raised on saving
    assert prompt.assigned_to == people["police"] and prompt.person == people["child"]
    assert "3 days overdue" in prompt.explanation and "Check police intelligence" in prompt.explanation
    assert prompt in queue_for(people["police"])
    assert prompt not in queue_for(people["teacher"])
    assert raise_overdue() == []                                                         # raised once
    assert_prompt_links_to(prompt, people["police"], f"/meetings/{meeting.pk}/")        # where the action is done


def test_an_action_not_yet_due_or_done_raises_nothing(meeting, people, today):
    due = services.add_action(meeting, description="Teacher to check in with Maya each morning this week.",
                              due_on=today, owner=people["teacher"], actor=people["socialworker"])
    late = services.add_action(meeting, description="School to share attendance since September with the team.",
                               due_on=today - timedelta(days=1), owner=people["dsl"], actor=people["socialworker"])
    assert Prompt.objects.filter(episode=f"meeting_action:{late.pk}").exists()
    assert not raise_overdue(as_of=today)                     # due today: not overdue until tomorrow
    assert [p.episode for p in raise_overdue(as_of=today + timedelta(days=1))] == [f"meeting_action:{due.pk}"]
    done = services.add_action(meeting, description="Social worker to speak to Maya on her own at school.",
                               due_on=today - timedelta(days=2), owner=people["socialworker"],
                               actor=people["socialworker"])
    Prompt.objects.filter(episode=f"meeting_action:{done.pk}").delete()
    services.complete_action(done, note="Saw Maya alone at school; her words are in the case note.",
                             actor=people["socialworker"])
    raise_overdue(as_of=today + timedelta(days=5))
    assert not Prompt.objects.filter(episode=f"meeting_action:{done.pk}").exists()


def test_an_action_owned_by_someone_outside_joinedup_raises_its_prompt_to_the_chair(meeting, people, agencies,
                                                                                     today):
    action = services.add_action(meeting, description="GP to review Maya's missed appointments this year.",
                                 due_on=today - timedelta(days=1), owner_name="Dr Patel, GP",
                                 owner_agency=agencies["health"], actor=people["socialworker"])
    prompt = Prompt.objects.get(episode=f"meeting_action:{action.pk}")
    assert prompt.assigned_to == people["socialworker"]


def test_the_meeting_page_counts_days_overdue_the_same_way_as_the_prompt(meeting, people, today):
    action = services.add_action(meeting, description="School to share attendance since September with the team.",
                                 due_on=today - timedelta(days=4), owner=people["dsl"], actor=people["socialworker"])
    assert action.days_overdue(today) == 4
    assert "4 days overdue" in Prompt.objects.get(episode=f"meeting_action:{action.pk}").explanation
    assert action.days_overdue(action.due_on) == 0


# -------------------------------------------------------------------------- R22: owners, due dates, reasons


def test_an_action_needs_an_owner_who_can_open_the_child_or_a_name_and_agency(meeting, people, agencies, today):
    with pytest.raises(services.MeetingRefused, match="Name the action's owner"):
        services.add_action(meeting, description="Someone to follow up the missing episode.", due_on=today,
                            actor=people["socialworker"])
    with pytest.raises(services.MeetingRefused, match="may not open this child's record"):
        services.add_action(meeting, description="Speak to the family about the sibling.", due_on=today,
                            owner=people["analyst"], actor=people["socialworker"])
    with pytest.raises(services.MeetingRefused, match="cannot be before the meeting"):
        services.add_action(meeting, description="School to share attendance since September.",
                            due_on=meeting.held_on - timedelta(days=1), owner=people["dsl"],
                            actor=people["socialworker"])
    with transaction.atomic(), pytest.raises(IntegrityError):
        MeetingAction.objects.create(meeting=meeting, description="no owner", agreed_on=today, due_on=today,
                                     created_by=people["socialworker"])


def test_the_owner_is_emailed_a_link_and_no_details_about_the_child(meeting, people, today):
    mail.outbox.clear()
    services.add_action(meeting, description="Check police intelligence on the address Maya named.",
                        due_on=today + timedelta(days=5), owner=people["police"], actor=people["socialworker"],
                        link_base="https://joinedup.example")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["police@example.org"]
    assert f"https://joinedup.example/meetings/{meeting.pk}/" in message.body
    assert "Maya" not in message.body + message.subject and "intelligence" not in message.body


def test_an_action_is_done_only_with_a_note_of_what_was_done(meeting, people, today):
    action = services.add_action(meeting, description="School to share attendance since September.",
                                 due_on=today + timedelta(days=3), owner=people["dsl"], actor=people["socialworker"])
    for note in ("", "done", "Done.", "as discussed", "n/a"):
        with pytest.raises(services.MeetingRefused, match="what was done"):
            services.complete_action(action, note=note, actor=people["dsl"])
    with pytest.raises(services.NotAllowed):
        services.complete_action(action, note="Shared the attendance record.", actor=people["police"])
    with pytest.raises(services.MeetingRefused, match="day still to come"):
        services.complete_action(action, note="Shared the attendance record with the team.", actor=people["dsl"],
                                 completed_on=today + timedelta(days=1))
    done = services.complete_action(action, note="Shared the attendance record with the team.", actor=people["dsl"])
    assert done.completed_on == today and done.completed_by == people["dsl"]
    with pytest.raises(services.MeetingRefused, match="was recorded as done"):
        services.complete_action(done, note="Shared it again with the team.", actor=people["dsl"])
    assert ActionLog.objects.filter(action="meeting: action done", reason__startswith="Shared the attendance").exists()
    with transaction.atomic(), pytest.raises(IntegrityError):
        MeetingAction.objects.filter(pk=done.pk).update(completion_note="")


def test_a_decision_needs_its_reasons(meeting, people):
    with pytest.raises(services.MeetingRefused, match="reasons"):
        services.record_decision(meeting, kind="section_47", reasons="agreed", actor=people["socialworker"])
    with pytest.raises(services.MeetingRefused, match="Say what was decided"):
        services.record_decision(meeting, kind="other", reasons="Because the family asked for it.",
                                 actor=people["socialworker"])
    decision = services.record_decision(meeting, kind="section_47", actor=people["socialworker"],
                                        reasons="Maya's disclosure and the police information about the adult.")
    assert decision.recorded_by == people["socialworker"]
    assert ActionLog.objects.filter(action="meeting: decision: section_47").exists()


def test_only_the_chair_or_organiser_keeps_the_record(meeting, people, today):
    with pytest.raises(services.NotAllowed):
        services.record_decision(meeting, kind="section_47", reasons="Police want to lead the enquiry now.",
                                 actor=people["police"])
    with pytest.raises(services.NotAllowed):
        services.add_action(meeting, description="Check police intelligence on the address.", due_on=today,
                            owner=people["police"], actor=people["police"])


def test_a_meeting_needs_a_purpose_an_agency_and_a_chair_who_can_open_the_child(people, agencies, today):
    base = {"person": people["child"], "kind": "strategy_discussion", "held_on": today,
            "organiser": people["socialworker"], "chair": people["socialworker"], "purpose": PURPOSE,
            "agencies": [agencies["police"]]}
    with pytest.raises(services.MeetingRefused, match="purpose"):
        services.create_meeting(**{**base, "purpose": "tbc"})
    with pytest.raises(services.MeetingRefused, match="at least one agency"):
        services.create_meeting(**{**base, "agencies": []})
    with pytest.raises(services.MeetingRefused, match="chair"):
        services.create_meeting(**{**base, "chair": people["analyst"]})
    with pytest.raises(services.NotAllowed):
        services.create_meeting(**{**base, "organiser": people["analyst"]})
    with pytest.raises(services.NotAllowed):                    # the nurse's agency holds nothing about Maya
        services.create_meeting(**{**base, "organiser": people["nurse"], "chair": people["mash"]})


# ------------------------------------------------------------------------------------- R22: circulated minutes


def test_circulating_the_minutes_records_the_time_and_emails_the_invited_agencies_users_who_see_the_child(
        meeting, people, agencies, today):
    services.save_minutes(meeting, minutes="Police shared two reports about the address. School shared attendance.",
                          actor=people["socialworker"])
    with pytest.raises(services.MeetingRefused, match="Record how each invited agency took part"):
        services.circulate_minutes(meeting, actor=people["socialworker"])
    _attend_all(meeting, people["socialworker"])
    mail.outbox.clear()
    recipients = services.circulate_minutes(meeting, actor=people["socialworker"])
    meeting.refresh_from_db()
    assert meeting.minutes_circulated_at is not None and meeting.minutes_circulated_by == people["socialworker"]
    names = {user.username for user in recipients}
    # invited agencies' users who may open Maya (police, school, social care); the nurse's agency was invited but
    # holds nothing about Maya; the MASH was not invited; analysts read no case data
    assert names == {"police", "teacher", "dsl", "socialworker", "manager"}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"{n}@example.org" for n in names)
    assert all("Maya" not in m.body for m in mail.outbox)
    with pytest.raises(services.MeetingRefused, match="circulated"):
        services.save_minutes(meeting, minutes="Changed afterwards.", actor=people["socialworker"])
    with pytest.raises(services.MeetingRefused, match="circulated"):
        services.circulate_minutes(meeting, actor=people["socialworker"])


def test_minutes_not_circulated_within_five_working_days_raise_a_prompt_to_the_chair(people, agencies, today):
    held = today - timedelta(days=30)
    late = services.create_meeting(person=people["child"], kind="core_group", held_on=held,
                                   chair=people["manager"], organiser=people["socialworker"], purpose=PURPOSE,
                                   agencies=[agencies["school"]])
    prompt = Prompt.objects.get(rule_id="D06", episode=f"meeting:{late.pk}")
    assert prompt.assigned_to == people["manager"] and prompt.dismissable
    assert f"{add_working_days(held, 5):%d %b %Y}" in prompt.explanation
    recent = services.create_meeting(person=people["child"], kind="core_group", held_on=today,
                                     chair=people["manager"], organiser=people["socialworker"], purpose=PURPOSE,
                                     agencies=[agencies["school"]])
    services.save_minutes(recent, minutes="School shared attendance and the plan was reviewed.",
                          actor=people["manager"])
    _attend_all(recent, people["manager"])
    services.circulate_minutes(recent, actor=people["manager"])
    assert not raise_overdue(as_of=today + timedelta(days=30))


def test_the_minutes_wording_is_checked_and_saving_is_never_blocked(meeting, people):
    found = services.save_minutes(meeting, actor=people["socialworker"],
                                  minutes="Maya was putting herself at risk by going to the address.")
    assert found and found[0]["matched_text"] == "putting herself at risk"
    meeting.refresh_from_db()
    assert "putting herself at risk" in meeting.minutes and meeting.minutes_language_findings


def test_nothing_is_recorded_for_a_meeting_still_to_be_held(people, agencies, today):
    planned = services.create_meeting(person=people["child"], kind="initial_conference",
                                      held_on=today + timedelta(days=7), chair=people["manager"],
                                      organiser=people["socialworker"], purpose=PURPOSE, agencies=[agencies["police"]])
    with pytest.raises(services.MeetingRefused, match="planned"):
        services.record_attendance(planned, agency=agencies["police"], attendance="attended",
                                   represented_by="DC Jones", actor=people["manager"])
    with pytest.raises(services.MeetingRefused, match="planned"):
        services.add_action(planned, description="Police to bring the intelligence report.", due_on=today,
                            owner=people["police"], actor=people["manager"])


def test_attendance_is_recorded_per_agency(meeting, people, agencies):
    with pytest.raises(services.MeetingRefused, match="who represented"):
        services.record_attendance(meeting, agency=agencies["police"], attendance="attended",
                                   actor=people["socialworker"])
    with pytest.raises(services.MeetingRefused, match="was not invited"):
        services.record_attendance(meeting, agency=agencies["mash"], attendance="attended", represented_by="A B",
                                   actor=people["socialworker"])
    services.record_attendance(meeting, agency=agencies["health"], attendance="did_not_attend",
                               actor=people["socialworker"])
    services.record_attendance(meeting, agency=agencies["school"], attendance="report", represented_by="DSL",
                               actor=people["socialworker"])
    got = dict(meeting.invitations.values_list("agency__code", "attendance"))
    assert got == {"health": "did_not_attend", "school": "report", "police": "not_recorded", "csc": "not_recorded"}


# ---------------------------------------------------------------------- D08: conference within 15 working days


def test_section_47_with_no_conference_in_15_working_days_raises_a_prompt_to_the_chair(meeting, people, agencies,
                                                                                        today):
    services.record_decision(meeting, kind="section_47", actor=people["socialworker"],
                             reasons="Maya's disclosure and the police information about the adult at the address.")
    due = add_working_days(meeting.held_on, 15)
    assert not [p for p in raise_overdue(as_of=due) if p.rule_id == "D08"]
    raised = [p for p in raise_overdue(as_of=due + timedelta(days=1)) if p.rule_id == "D08"]
    assert len(raised) == 1 and raised[0].assigned_to == people["socialworker"]
    assert raised[0].episode == f"strategy_discussion:{meeting.pk}"


def test_a_conference_or_a_decision_that_none_is_needed_meets_d08(meeting, people, agencies, today):
    services.record_decision(meeting, kind="section_47", actor=people["socialworker"],
                             reasons="Maya's disclosure and the police information about the adult at the address.")
    services.create_meeting(person=people["child"], kind="initial_conference", held_on=today - timedelta(days=2),
                            chair=people["manager"], organiser=people["socialworker"], purpose=PURPOSE,
                            agencies=[agencies["police"]])
    assert not [p for p in raise_overdue(as_of=today + timedelta(days=60)) if p.rule_id == "D08"]


def test_the_clock_runs_from_the_last_strategy_discussion(meeting, people, agencies, today):
    services.record_decision(meeting, kind="section_47", actor=people["socialworker"],
                             reasons="Maya's disclosure and the police information about the adult at the address.")
    later = services.create_meeting(person=people["child"], kind="strategy_meeting", held_on=today - timedelta(days=2),
                                    chair=people["socialworker"], organiser=people["socialworker"], purpose=PURPOSE,
                                    agencies=[agencies["police"]])
    services.record_decision(later, kind="section_47", actor=people["socialworker"],
                             reasons="New information from police about a second adult: enquiries continue.")
    raised = [p for p in raise_overdue(as_of=add_working_days(later.held_on, 15) + timedelta(days=1))
              if p.rule_id == "D08"]
    assert [p.episode for p in raised] == [f"strategy_discussion:{later.pk}"]
