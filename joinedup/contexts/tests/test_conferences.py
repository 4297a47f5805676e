"""Context conferences discuss the context, not individual children (guidance §3.8); context weighting is an
order with reasons (§3.6), one place per context per conference, never a score."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from joinedup.audit.models import ActionLog
from joinedup.contexts.models import ContextConference, ContextWeighting
from joinedup.contexts.services import ContextRefused, record_conference, record_weighting, refer

ATTENDEES = [
    {"name": "Sam Patel", "organisation": "Children's Social Care", "partner": "statutory", "attendance": "attended"},
    {"name": "Hasan Ali", "organisation": "Chicken Express (owner)", "partner": "non_statutory",
     "attendance": "attended"},
]
DISCUSSION = ("Adult men gather by the counter after 10pm and offer girls lifts. There is no CCTV at the side "
              "door and staff close at midnight.")


def _conference(user, contexts, discussion=DISCUSSION, **kw):
    return record_conference(user=user, held_on=date(2026, 11, 10), chair_name="Alex Morgan",
                             chair_organisation="Children's Social Care", contexts=contexts,
                             discussion=discussion, attendees=kw.pop("attendees", ATTENDEES), **kw)


@pytest.fixture
def park(users):
    return refer(user=users["dsl"], place={"kind": "park", "name": "Riverside Park"},
                 concern="Older boys sell cannabis to year 9 pupils by the skate ramp.", how_known="reported_by_child",
                 observed_on=date(2026, 10, 5), reliability="unverified").context


@pytest.mark.parametrize("text", [
    "Jade Morgan was seen there twice last week with two men.",
    "Concerns about JADE MORGAN'S lifts home.",
    "jade   morgan, who was reported missing.",
])
def test_a_conference_naming_a_child_linked_to_the_context_is_refused(users, takeaway, linked, text):
    with pytest.raises(ContextRefused, match="discusses the place or group, not individual children") as refusal:
        _conference(users["mash"], [takeaway], discussion=f"{DISCUSSION} {text}")
    assert "“Jade Morgan”" in str(refusal.value)          # the MASH may see her, so is told which name
    assert not ContextConference.objects.exists() and not ActionLog.objects.filter(action="context: conference")


def test_the_refusal_does_not_tell_a_user_which_child_they_may_not_see(users, takeaway, linked):
    with pytest.raises(ContextRefused) as refusal:
        _conference(users["dsl"], [takeaway], discussion=f"{DISCUSSION} Jade Morgan goes there.")
    assert "Jade" not in str(refusal.value) and "names a child" in str(refusal.value)


def test_a_child_named_in_an_action_is_refused_too(users, takeaway, linked):
    action = {"action": "Speak to Ellie Turner about the lifts she is offered.", "owner_name": "Sam Patel",
              "owner_organisation": "CSC", "owner_partner": "statutory", "due_on": date(2026, 12, 1)}
    with pytest.raises(ContextRefused, match="Action 1 names"):
        _conference(users["mash"], [takeaway], actions=[action])


def test_a_conference_about_the_context_is_recorded_with_a_non_statutory_partner(users, takeaway, linked):
    conference = _conference(users["dsl"], [takeaway])
    assert conference.attendees.filter(partner="non_statutory").get().name == "Hasan Ali"
    entry = ActionLog.objects.get(action="context: conference")
    assert entry.detail["non_statutory"] == 1 and entry.detail["contexts"] == [takeaway.pk]


def test_a_practitioner_does_not_record_conferences(client, users, takeaway):
    with pytest.raises(PermissionError):
        _conference(users["teacher"], [takeaway])
    client.force_login(users["teacher"])
    assert client.get(reverse("contexts:conference-new")).status_code == 403


def test_weighting_orders_the_discussed_contexts_with_reasons(client, users, takeaway, park):
    conference = _conference(users["mash"], [takeaway, park])
    record_weighting(conference, user=users["mash"], order=[
        (park, "The dealing at the ramp draws the younger children in before they reach the takeaway."),
        (takeaway, "Men there target girls who have already been drawn into the park group."),
    ])
    assert list(conference.weightings.values_list("context__name", "position")) == [("Riverside Park", 1),
                                                                                   ("Chicken Express", 2)]
    client.force_login(users["teacher"])
    page = client.get(reverse("contexts:detail", args=[takeaway.pk])).content.decode()
    assert page.index("Riverside Park</strong> — needs to change first") < page.index("Chicken Express</strong>:")
    record_weighting(conference, user=users["mash"], order=[
        (takeaway, "New intelligence: the men now collect girls from the takeaway itself."),
        (park, "The park group matters still, but changing the takeaway comes first."),
    ])
    revised = ActionLog.objects.filter(action="context: weighting").order_by("-id").first()
    assert [row["position"] for row in revised.detail["before"]] == [1, 2]
    assert revised.detail["before"][0]["context"] == park.pk and revised.detail["after"][0]["context"] == takeaway.pk


def test_weighting_order_is_unique_per_conference(users, takeaway, park):
    conference = _conference(users["mash"], [takeaway, park])
    ContextWeighting.objects.create(conference=conference, context=takeaway, position=1,
                                    reason="The men are there.", recorded_by=users["mash"])
    with pytest.raises(IntegrityError), transaction.atomic():
        ContextWeighting.objects.create(conference=conference, context=park, position=1,
                                        reason="The ramp draws them in.", recorded_by=users["mash"])
    with pytest.raises(IntegrityError), transaction.atomic():
        ContextWeighting.objects.create(conference=conference, context=takeaway, position=2,
                                        reason="Placed twice.", recorded_by=users["mash"])
    other = _conference(users["mash"], [takeaway, park])       # another conference has its own order
    ContextWeighting.objects.create(conference=other, context=park, position=1, reason="Ramp first.",
                                    recorded_by=users["mash"])


def test_the_weighting_form_refuses_two_contexts_at_one_place(client, users, takeaway, park):
    conference = _conference(users["mash"], [takeaway, park])
    client.force_login(users["mash"])
    response = client.post(reverse("contexts:weighting", args=[conference.pk]), {
        f"position_{takeaway.pk}": "1", f"reason_{takeaway.pk}": "Men there target girls from the park.",
        f"position_{park.pk}": "1", f"reason_{park.pk}": "Dealing at the ramp draws children in."})
    assert response.status_code == 200
    assert "Give each context a different place in the order" in response.content.decode()
    assert not conference.weightings.exists()


def test_weighting_places_every_discussed_context_once_with_a_reason(users, takeaway, park):
    conference = _conference(users["mash"], [takeaway, park])
    with pytest.raises(ContextRefused, match="every context the conference discussed"):
        record_weighting(conference, user=users["mash"], order=[(takeaway, "The men are there every night.")])
    with pytest.raises(ContextRefused, match="Write why"):
        record_weighting(conference, user=users["mash"], order=[(takeaway, "first"), (park, "then the park ramp")])
    assert not conference.weightings.exists()


def test_a_conference_recorded_through_the_page(client, users, takeaway, linked):
    client.force_login(users["dsl"])
    form = {
        "held_on": "2026-11-10", "chair_name": "Alex Morgan", "chair_organisation": "Children's Social Care",
        "contexts": [takeaway.pk], "discussion": DISCUSSION,
        "attendees-TOTAL_FORMS": "2", "attendees-INITIAL_FORMS": "0",
        "attendees-0-name": "Hasan Ali", "attendees-0-organisation": "Chicken Express (owner)",
        "attendees-0-partner": "non_statutory", "attendees-0-attendance": "attended",
        "attendees-1-name": "", "attendees-1-organisation": "", "attendees-1-partner": "statutory",
        "attendees-1-attendance": "attended",
        "actions-TOTAL_FORMS": "1", "actions-INITIAL_FORMS": "0",
        "actions-0-action": "Fit a camera covering the side door and brief night staff.", "actions-0-context": "",
        "actions-0-owner_name": "Hasan Ali", "actions-0-owner_organisation": "Chicken Express (owner)",
        "actions-0-owner_partner": "non_statutory", "actions-0-due_on": "2026-12-15",
    }
    response = client.post(reverse("contexts:conference-new"), form)
    conference = ContextConference.objects.get()
    assert response.status_code == 302 and response.url == reverse("contexts:weighting", args=[conference.pk])
    assert conference.attendees.count() == 1 and conference.actions.get().owner_partner == "non_statutory"
    refused = client.post(reverse("contexts:conference-new"), {**form, "discussion": "Ellie Turner goes there a lot."})
    assert "not individual children" in refused.content.decode() and ContextConference.objects.count() == 1


def test_a_weighting_reason_naming_a_child_is_refused(users, takeaway, linked):
    conference = _conference(users["mash"], [takeaway])
    with pytest.raises(ContextRefused, match="not individual children"):
        record_weighting(conference, user=users["mash"], order=[(takeaway, "Ellie Turner is there most nights.")])
    assert not conference.weightings.exists()
