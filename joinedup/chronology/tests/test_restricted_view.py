"""A reader without the whole picture: what they see, what they are told exists, and how they ask the MASH."""

from django.urls import reverse

from joinedup.audit.models import AccessLog
from joinedup.chronology.models import InformationRequest
from joinedup.people.models import Allocation


def _page(client, user, person):
    client.force_login(user)
    response = client.get(reverse("chronology:person", args=[person.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_teacher_sees_the_schools_events_and_those_shared_with_the_school(client, users, family):
    page = _page(client, users["teacher"], family["child"])
    assert "Mia said there was shouting at home" in page  # the school's own
    assert "Mia was reported missing overnight" in page  # police, shared with the school
    for hidden in ("Officers attended a report of domestic abuse", "Mother says the partner has left",
                   "Started with the alcohol service.", "Arrested after an assault", "Found in a car"):
        assert hidden not in page, hidden


def test_the_teacher_is_told_which_agencies_hold_more_and_how_many_but_nothing_of_what(client, users, family):
    page = _page(client, users["teacher"], family["child"])
    assert "Other agencies hold further records" in page
    assert "Northshire Police: 1 event and 1 identity record you cannot see" in page
    assert "Northshire Children&#x27;s Social Care: 1 event and 1 identity record you cannot see" in page
    assert "police.found_with_adult" not in page and "Found with an adult" not in page  # no type, no content
    assert reverse("chronology:ask-mash", args=[family["child"].pk]) in page


def test_filters_offer_only_what_the_reader_may_see(client, users, family):
    page = _page(client, users["teacher"], family["child"])
    assert '<option value="police">Northshire Police</option>' in page  # the shared missing report
    assert '<option value="csc">' not in page and '<option value="health">Northshire Hospitals' not in page
    client.force_login(users["teacher"])
    hidden = client.get(reverse("chronology:person", args=[family["child"].pk]) + "?type=police.found_with_adult")
    assert "Found in a car" not in hidden.content.decode()


def test_an_allocated_social_worker_sees_the_whole_picture(client, users, family):
    Allocation.objects.create(person=family["child"], worker=users["socialworker"], start_date="2020-01-01")
    page = _page(client, users["socialworker"], family["child"])
    assert "Found in a car" in page and "Other agencies hold further records" not in page
    assert "About Jo Hart, mother" in page


def test_asking_the_mash_creates_a_request_with_its_purpose_that_mash_officers_see(client, users, family):
    client.force_login(users["teacher"])
    url = reverse("chronology:ask-mash", args=[family["child"].pk])
    form = client.get(url).content.decode()
    assert "Northshire Police: 1 event" in form and "Why do you need the whole picture?" in form
    assert client.post(url, {"purpose": "strategy"}).status_code == 200  # detail is required
    assert not InformationRequest.objects.exists()
    response = client.post(url, {"purpose": "safety_now", "detail": "Mia told us about a man who collects her."})
    assert response.status_code == 302 and response["Location"] == reverse("chronology:person", args=[family["child"].pk])
    request = InformationRequest.objects.get()
    assert (request.person, request.requested_by, request.agency.code, request.purpose, request.status) == (
        family["child"], users["teacher"], "school", "safety_now", "open")
    assert set(request.agencies_asked_about) == {"Northshire Police", "Northshire Children's Social Care"}
    assert AccessLog.objects.filter(what="request to the MASH", user=users["teacher"]).count() == 1
    listing = reverse("chronology:information-requests")
    assert client.get(listing).status_code == 403
    client.force_login(users["mash"])
    page = client.get(listing).content.decode()
    assert "Mia Hart" in page and "a man who collects her" in page and "Hill Top Academy" in page
    assert "I am worried about the child&#x27;s safety now" in page


def test_a_whole_picture_reader_is_not_offered_the_request_form(client, users, family):
    client.force_login(users["mash"])
    response = client.get(reverse("chronology:ask-mash", args=[family["child"].pk]))
    assert response.status_code == 302
