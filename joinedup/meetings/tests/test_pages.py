"""The meeting pages: who may read them, the forms, the chronology and the navigation links."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from engine.prompts.calendar import add_working_days
from joinedup.audit.models import AccessLog
from joinedup.chronology.sources import ChronologyContext, collect
from joinedup.meetings import services
from joinedup.meetings.models import Meeting
from joinedup.meetings.selectors import users_who_see, visible_meetings
from joinedup.people.selectors import sees_whole_picture_of, visible_people


def _client(client, user):
    client.force_login(user)
    return client


def test_users_who_see_a_child_are_exactly_those_visible_people_lets_open_them(people):
    from joinedup.accounts.models import User

    for child in (people["child"], people["other"]):
        expected = {u.pk for u in User.objects.all() if visible_people(u).filter(pk=child.pk).exists()}
        assert set(users_who_see(child).values_list("pk", flat=True)) == expected


def test_a_meeting_is_read_by_the_invited_agencies_and_those_taking_part(meeting, people, agencies, today):
    readers = {u.username for u in (people["police"], people["teacher"], people["socialworker"], people["mash"],
                                    people["analyst"], people["nurse"]) if visible_meetings(u).filter(pk=meeting.pk)}
    assert readers == {"police", "teacher", "socialworker", "mash"}          # nurse: health holds nothing about Maya
    uninvited = services.create_meeting(person=people["child"], kind="professionals", held_on=today,
                                        chair=people["socialworker"], organiser=people["socialworker"],
                                        purpose="Social care and police plan the next visit together.",
                                        agencies=[agencies["csc"], agencies["police"]])
    assert not visible_meetings(people["teacher"]).filter(pk=uninvited.pk).exists()
    services.add_action(uninvited, description="Teacher to tell the social worker if Maya is absent.",
                        due_on=today, owner=people["teacher"], actor=people["socialworker"])
    assert visible_meetings(people["teacher"]).filter(pk=uninvited.pk).exists()     # an owner reads the meeting


def test_pages_404_for_those_who_may_not_read_the_meeting(client, meeting, people):
    for user in (people["analyst"], people["nurse"]):
        response = _client(client, user).get(reverse("meetings:detail", args=[meeting.pk]))
        assert response.status_code in (403, 404)
    assert _client(client, people["nurse"]).get(reverse("meetings:person", args=[people["child"].pk])).status_code == 404


def test_the_meeting_page_shows_attendance_actions_and_overdue_days_and_logs_the_read(client, meeting, people,
                                                                                        agencies, today):
    services.record_attendance(meeting, agency=agencies["health"], attendance="did_not_attend",
                               actor=people["socialworker"])
    services.add_action(meeting, description="Police to check intelligence on the address Maya named.",
                        due_on=today - timedelta(days=6), owner=people["police"], actor=people["socialworker"])
    page = _client(client, people["police"]).get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Did not attend (no apologies or report)" in page
    assert "Overdue by 6 days" in page and "Drift prompt" in page
    assert "Record as done" in page                       # the owner may record it as done
    assert "Save attendance" not in page                  # only the chair or organiser keeps the record
    assert AccessLog.objects.filter(user=people["police"], person=people["child"], what=f"meeting {meeting.pk}").exists()
    chair = _client(client, people["socialworker"]).get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Save attendance" in chair and "Add an action" in chair and "Record a decision" in chair


def test_recording_a_meeting_through_the_form(client, people, agencies, today):
    c = _client(client, people["socialworker"])
    url = reverse("meetings:new", args=[people["child"].pk])
    assert c.get(url).status_code == 200
    bad = c.post(url, {"kind": "strategy_discussion", "held_on": today.isoformat(), "chair": people["socialworker"].pk,
                       "purpose": "tbc", "agencies": [agencies["police"].pk]})
    assert bad.status_code == 400 and "purpose" in bad.content.decode()
    response = c.post(url, {"kind": "strategy_discussion", "held_on": today.isoformat(),
                            "chair": people["socialworker"].pk, "agencies": [agencies["police"].pk, agencies["school"].pk],
                            "purpose": "Plan the enquiry after Maya's disclosure at school."})
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("meetings:detail", args=[meeting.pk])
    assert set(meeting.invitations.values_list("agency__code", flat=True)) == {"police", "school"}


def test_the_chair_records_everything_from_the_meeting_page(client, meeting, people, agencies, today):
    c = _client(client, people["socialworker"])
    invitations = list(meeting.invitations.select_related("agency"))
    data = {}
    for invitation in invitations:
        data[f"attendance_{invitation.pk}"] = "attended"
        data[f"represented_{invitation.pk}"] = f"Officer, {invitation.agency.name}"
    assert c.post(reverse("meetings:attendance", args=[meeting.pk]), data).status_code == 302
    refused = c.post(reverse("meetings:decision", args=[meeting.pk]), {"kind": "section_47", "reasons": "ok"})
    assert refused.status_code == 400 and "reasons for the decision" in refused.content.decode()
    assert c.post(reverse("meetings:decision", args=[meeting.pk]), {
        "kind": "section_47", "reasons": "Maya's disclosure and the police information about the adult."}).status_code == 302
    due = add_working_days(meeting.held_on, 15)
    assert f"conference is due by {due:%-d %b %Y}" in c.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    mail.outbox.clear()
    assert c.post(reverse("meetings:add-action", args=[meeting.pk]), {
        "description": "Police to check intelligence on the address Maya named.", "owner": people["police"].pk,
        "due_on": (today + timedelta(days=3)).isoformat()}).status_code == 302
    assert [m.to for m in mail.outbox] == [["police@example.org"]]
    assert "http://testserver/meetings/" in mail.outbox[0].body
    assert c.post(reverse("meetings:minutes", args=[meeting.pk]), {
        "minutes": "Police shared two reports. School shared attendance.", "child_views": "Maya wants to stay at school."
    }).status_code == 302
    mail.outbox.clear()
    assert c.post(reverse("meetings:circulate", args=[meeting.pk])).status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes_circulated_at and len(mail.outbox) == len(meeting.minutes_circulated_to)
    page = c.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Circulated" in page and "Save minutes" not in page and "Add an action" in page
    action = meeting.actions.get()
    police = _client(client, people["police"])
    form = f"complete-{action.pk}"
    refused = police.post(reverse("meetings:complete", args=[action.pk]),
                          {f"{form}-completed_on": today.isoformat(), f"{form}-note": "done"})
    assert refused.status_code == 400
    assert police.post(reverse("meetings:complete", args=[action.pk]), {
        f"{form}-completed_on": today.isoformat(),
        f"{form}-note": "Two reports found about the address; shared with the social worker."}).status_code == 302
    action.refresh_from_db()
    assert action.done


def test_only_the_chair_or_organiser_may_post_changes(client, meeting, people):
    response = _client(client, people["police"]).post(reverse("meetings:decision", args=[meeting.pk]), {
        "kind": "section_47", "reasons": "Police want to lead the enquiry now."})
    assert response.status_code == 403


def test_my_actions_lists_open_actions_with_days_overdue(client, meeting, people, today):
    services.add_action(meeting, description="Police to check intelligence on the address Maya named.",
                        due_on=today - timedelta(days=2), owner=people["police"], actor=people["socialworker"])
    page = _client(client, people["police"]).get(reverse("meetings:mine")).content.decode()
    assert "Police to check intelligence" in page and "Overdue by 2 days" in page
    chair = _client(client, people["socialworker"]).get(reverse("meetings:mine")).content.decode()
    assert "From meetings you chair or recorded" in chair and "Police to check intelligence" in chair


def test_meetings_decisions_and_done_actions_are_on_the_chronology(meeting, people, agencies, today):
    services.record_decision(meeting, kind="section_47", actor=people["socialworker"],
                             reasons="Maya's disclosure and the police information about the adult.")
    action = services.add_action(meeting, description="Police to check intelligence on the address Maya named.",
                                 due_on=today - timedelta(days=2), owner=people["police"], actor=people["socialworker"])
    services.complete_action(action, note="Two reports found about the address; shared with the team.",
                             actor=people["police"])

    def rows(user):
        context = ChronologyContext(user, people["child"], sees_whole_picture_of(user, people["child"]))
        return {e.kind: e for e in collect(context) if e.origin == "meetings"}

    seen = rows(people["socialworker"])
    assert set(seen) == {"meeting.strategy_discussion", "meeting.decision", "meeting.action_done"}
    assert seen["meeting.decision"].note.startswith("Maya's disclosure")
    assert seen["meeting.action_done"].outcome == "done 2 days after its due date"
    assert "Chair: Socialworker Tester" in seen["meeting.strategy_discussion"].details
    other = services.create_meeting(person=people["child"], kind="professionals", held_on=today,
                                    chair=people["socialworker"], organiser=people["socialworker"],
                                    purpose="Social care and police plan the next visit together.",
                                    agencies=[agencies["csc"], agencies["police"]])
    assert f"meeting:{other.pk}" not in {e.key for e in rows(people["teacher"]).values()}


def test_the_person_page_and_navigation_link_to_meetings(client, people):
    c = _client(client, people["teacher"])
    page = c.get(reverse("people:detail", args=[people["child"].pk])).content.decode()
    assert reverse("meetings:person", args=[people["child"].pk]) in page
    assert reverse("meetings:mine") in page
    assert reverse("meetings:mine") not in _client(client, people["analyst"]).get(reverse("search:home")).content.decode()


@pytest.mark.parametrize("name", ["meetings:person", "meetings:new"])
def test_the_childs_meeting_pages_render(client, meeting, people, name):
    assert _client(client, people["socialworker"]).get(reverse(name, args=[people["child"].pk])).status_code == 200


def test_attendance_for_every_agency_is_saved_together_or_not_at_all(client, meeting, people):
    invitations = {i.agency.code: i for i in meeting.invitations.select_related("agency")}
    data = {f"attendance_{i.pk}": "not_recorded" for i in invitations.values()}
    data.update({f"represented_{i.pk}": "" for i in invitations.values()})
    data[f"attendance_{invitations['school'].pk}"] = "attended"
    data[f"represented_{invitations['school'].pk}"] = "Ms Dean, designated lead"
    data[f"attendance_{invitations['police'].pk}"] = "attended"            # no one named: refused
    response = _client(client, people["socialworker"]).post(reverse("meetings:attendance", args=[meeting.pk]), data)
    assert response.status_code == 400 and "Say who represented Northshire Police" in response.content.decode()
    assert set(meeting.invitations.values_list("attendance", flat=True)) == {"not_recorded"}
