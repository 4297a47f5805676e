import pytest

from joinedup.audit.models import AccessLog
from joinedup.search.services import search_people


@pytest.fixture
def people(make_record):
    return {
        "caitlin": make_record("school", "S1", "Caitlin", "Smith"),
        "catherine": make_record("school", "S2", "Catherine", "Smithson", born=None),
        "jordan": make_record("school", "S3", "Jordan", "Reed", nhs_number="9434765919"),
        "hidden": make_record("police", "P1", "Caitlin", "Smith"),
    }


def test_a_misspelt_name_finds_the_child(users, people):
    results = search_people(users["teacher"], "Kaytlin Smyth")
    assert results[0].person == people["caitlin"].person


def test_date_of_birth_ranks_the_right_child_first_even_with_day_and_month_swapped(users, people):
    assert search_people(users["teacher"], "Caitlin Smith 04/03/2012")[0].person == people["caitlin"].person


def test_an_identifier_finds_the_child(users, people):
    assert [r.person for r in search_people(users["teacher"], "943 476 5919".replace(" ", ""))] == [people["jordan"].person]


def test_search_never_returns_people_the_user_may_not_open(users, people):
    found = {r.person for r in search_people(users["teacher"], "Caitlin Smith")}
    assert people["hidden"].person not in found
    assert search_people(users["analyst"], "Caitlin Smith") == []


def test_the_search_page_lists_matches_and_logs_each_person_shown(client, users, people):
    client.force_login(users["teacher"])
    page = client.get("/", {"q": "Kaytlin Smyth"}).content.decode()
    assert "Caitlin Smith" in page
    assert AccessLog.objects.filter(person=people["caitlin"].person, what="appeared in search results").count() == 1
    fragment = client.get("/", {"q": "Kaytlin Smyth"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and "Caitlin Smith" in fragment


def test_search_never_matches_or_reveals_another_agencys_record(users, make_record):
    school = make_record("school", "S9", "Caitlin", "Smith", upn="A123456789012")
    make_record("police", "P9", "Katie", "Smyth", upn="A123456789012", police_id="NP-555")
    assert search_people(users["teacher"], "NP-555") == []
    [result] = search_people(users["teacher"], "Caitlin Smyth")
    assert result.person == school.person and result.record.agency.code == "school"
    assert search_people(users["teacher"], "Katie Smyth") == []  # only the police record says "Katie"
    assert search_people(users["mash"], "NP-555")[0].record.agency.code == "police"
