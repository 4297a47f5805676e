"""The chronology page: standard columns, events about the people around the child, filters and HTMX."""

import pytest
from django.urls import reverse

from joinedup.audit.models import AccessLog
from joinedup.chronology.relationships import relationships_of


def _page(client, user, person, query=""):
    client.force_login(user)
    response = client.get(reverse("chronology:person", args=[person.pk]) + query)
    assert response.status_code == 200
    return response.content.decode()


def _keys(page: str) -> list[str]:
    import re

    return re.findall(r'data-key="event:(\d+)"', page)


def _ids(family, *names):
    return sorted(str(family["events"][n].pk) for n in names)


def test_the_page_has_the_standard_columns_and_fills_them_from_the_record(client, users, family):
    page = _page(client, users["mash"], family["child"])
    for column in ("Date", "Agency", "Author role", "Source", "Event", "Significance", "Action", "Outcome",
                   "Child seen"):
        assert f'<th scope="col">{column}</th>' in page
    assert "10 Jan 2024 10:00" in page and "recorded 11 Jan 2024" in page
    assert "Designated safeguarding lead" in page and "Seen or heard first-hand" in page
    assert "Safeguarding concern raised by school" in page and "Concern: domestic abuse" in page
    assert "Referred: yes" in page  # the action column
    assert "significant — concern for the child" in page
    assert "Reason: Mother says the partner has left" in page  # outcome of the no-further-action decision
    assert "significant — decision by an agency" in page
    assert "Shared with Hill Top Academy" in page  # sharing is an action
    assert "From a record" in page
    assert "not recorded" in page  # author role, child seen and source blanks say so


def test_events_are_in_date_order_earliest_first(client, users, family):
    page = _page(client, users["mash"], family["child"])
    e = family["events"]
    order = [e[n].pk for n in ("PE2", "SE1", "PE1", "CE1", "HE1", "PE3", "PE5")]
    assert [int(k) for k in _keys(page)] == order


def test_events_about_the_adults_around_the_child_appear_with_the_relationship(client, users, family):
    page = _page(client, users["mash"], family["child"])
    assert "Officers attended a report of domestic abuse" in page
    assert "About Jo Hart, mother (household known to Northshire Children&#x27;s Social Care" in page
    assert "significant — harm or risk from adults around the child" in page
    assert "Started with the alcohol service." in page  # a parent's substance-misuse treatment
    # The partner's violent offending before he joined the household, and the chronology says so.
    assert "Arrested after an assault on a former partner." in page
    assert "About Lee Cole, mother&#x27;s partner; this happened before that relationship began" in page


def test_events_that_do_not_bear_on_the_child_or_fall_outside_the_relationship_are_left_out(client, users, family):
    page = _page(client, users["mash"], family["child"])
    assert "Sprained wrist." not in page  # the mother's A&E visit is not a type that bears on the child
    assert "An unrelated arrest." not in page
    assert "Alcohol service, long before." not in page  # before the relationship, and that rule does not reach back


def test_relationships_hold_over_time_from_the_stored_households_and_relationships(family):
    found = relationships_of(family["child"])
    mother = found[family["mother"].pk]
    partner = found[family["partner"].pk]
    assert [r.label for r in mother] == ["mother"]
    assert mother[0].known_from == "household known to Northshire Children's Social Care"
    assert {r.label for r in partner} == {"mother's partner"}
    household = next(r for r in partner if r.known_from.startswith("household"))
    assert str(household.start) == "2023-03-01" and household.period == "from 1 Mar 2023"
    link = next(r for r in partner if "link" in r.known_from)  # police know him as the mother's partner
    assert link.known_from == "partner of the child's mother, link recorded by Northshire Police"


def test_without_a_refresh_nobody_is_around_the_child(family):
    """The chronology reads what households.refresh_households stored; it does not work it out again."""
    from joinedup.people.household_models import HouseholdMember, PersonRelationship

    PersonRelationship.objects.update(withdrawn=True)
    HouseholdMember.objects.update(withdrawn=True)
    assert relationships_of(family["child"]) == {}


def test_a_relationship_that_ended_stops_bearing_on_the_child(client, users, family):
    from datetime import date

    from joinedup.people.households import refresh_households
    from joinedup.people.models import HouseholdMembership

    HouseholdMembership.objects.filter(source_id="M2").update(end_date=date(2023, 12, 31))
    refresh_households([family["mother"].pk])  # as linking and imports do
    rel = relationships_of(family["child"])[family["mother"].pk][0]
    assert rel.period == "2 May 2011 to 31 Dec 2023"  # while both lived there, as social care knows it
    assert rel.holds_on(date(2023, 12, 31)) and not rel.holds_on(date(2024, 3, 5))
    page = _page(client, users["mash"], family["child"])
    assert "Started with the alcohol service." not in page  # after the mother left the household


def test_a_practitioner_sees_only_relationships_from_their_own_agencys_records(family, agencies):
    assert relationships_of(family["child"], agency_id=agencies["school"].pk) == {}
    assert relationships_of(family["child"], agency_id=agencies["police"].pk) == {}  # police do not know her mother
    csc = relationships_of(family["child"], agency_id=agencies["csc"].pk)
    assert set(csc) == {family["mother"].pk, family["partner"].pk}
    assert [r.period for r in csc[family["mother"].pk]] == ["from 2 May 2011"]  # a household record stays open
    assert all("Police" not in r.known_from for rels in csc.values() for r in rels)


def test_a_practitioners_correction_on_the_person_page_shows_on_the_chronology(client, users, family):
    from joinedup.people.household_models import PersonRelationship
    from joinedup.people.households import correct_relationship

    row = PersonRelationship.objects.get(person=family["partner"], other=family["child"], relationship="parents_partner",
                                         withdrawn=False, superseded_by__isnull=True)
    correct_relationship(row, user=users["mash"], person=family["child"], relationship="step_parent",
                         reason="Mother and Lee married in 2023; Mia calls him her step-father.")
    found = relationships_of(family["child"])[family["partner"].pk]
    household = next(r for r in found if r.known_from.startswith("household"))
    assert household.label == "step-father"  # the household now names him as the practitioner recorded
    corrected = next(r for r in found if "practitioner" in r.known_from)
    assert corrected.label == "step-father"
    assert corrected.known_from == "recorded by a practitioner in Northshire MASH"
    assert "step-father" in _page(client, users["mash"], family["child"])


def test_a_partner_only_a_practitioner_knows_of_brings_his_history_onto_the_chronology(
        client, users, family, make_record, make_event):
    from datetime import date

    from joinedup.chronology.tests.conftest import at
    from joinedup.people.households import add_relationship

    dan = make_record("police", "P7", "Dan", "Moss", person_type="adult", sex="M", born=date(1979, 3, 3))
    make_event("police", "PE7", dan, event_type="police.domestic_abuse_incident", occurred_at=at(2024, 4, 20),
               note="Dan Moss arrested at his own flat after a domestic abuse call.")
    page = _page(client, users["mash"], family["child"])
    assert "Dan Moss arrested at his own flat" not in page
    add_relationship(user=users["mash"], person=family["child"], other=dan.person, relationship="parents_partner",
                     start_date=date(2024, 4, 1), reason="Mother told the social worker Dan is her new partner.")
    rel = relationships_of(family["child"])[dan.person_id]
    assert [(r.label, r.known_from) for r in rel] == [("mother's partner",
                                                        "recorded by a practitioner in Northshire MASH")]
    page = _page(client, users["mash"], family["child"])
    assert "Dan Moss arrested at his own flat" in page
    assert "About Dan Moss, mother&#x27;s partner (recorded by a practitioner" in page


def test_withdrawn_and_superseded_findings_are_left_out(family):
    from joinedup.people.household_models import HouseholdMember, PersonRelationship

    HouseholdMember.objects.filter(person=family["partner"]).update(withdrawn=True)
    PersonRelationship.objects.filter(person=family["partner"], other=family["child"]).update(withdrawn=True)
    found = relationships_of(family["child"])[family["partner"].pk]
    assert [r.known_from for r in found] == ["partner of the child's mother, link recorded by Northshire Police"]


def test_an_adult_the_child_calls_her_boyfriend_is_named_from_her_point_of_view(family, agencies, make_record):
    from datetime import date

    from joinedup.associations.models import Association

    man = make_record("police", "P8", "Kyle", "Best", person_type="adult", sex="M", born=date(1998, 8, 8))
    mia_police = family["child"].records.get(agency__code="police")
    Association.objects.create(agency=agencies["police"], source_id="L8", association_type="reported_boyfriend",
                               record=mia_police, other_record=man, valid_from=date(2024, 5, 1),
                               how_known="record", reliability="probable", content_hash="x")
    rel = relationships_of(family["child"])[man.person_id]
    assert [(r.label, r.group) for r in rel] == [("described as the child's \"boyfriend\"", "associated_adult")]
    assert relationships_of(family["child"], agency_id=agencies["police"].pk)[man.person_id] == rel
    assert man.person_id not in relationships_of(family["child"], agency_id=agencies["csc"].pk)


@pytest.mark.parametrize("query, expected", [
    ("?agency=police", ("PE1", "PE2", "PE3", "PE5")),
    ("?type=police.arrest", ("PE2",)),
    ("?type=health", ("HE1",)),
    ("?from=2024-02-01&to=2024-03-31", ("PE1", "CE1", "HE1")),
    ("?significance=decision", ("CE1",)),
    ("?about=child", ("SE1", "CE1", "PE3", "PE5")),
    ("?about=others", ("PE1", "PE2", "HE1")),
    ("?agency=police&from=2024-01-01", ("PE1", "PE3", "PE5")),
])
def test_filters_by_agency_type_period_significance_and_whose_events(client, users, family, query, expected):
    page = _page(client, users["mash"], family["child"], query)
    assert sorted(_keys(page)) == _ids(family, *expected)


def test_unknown_filter_values_are_reported_not_ignored_silently(client, users, family):
    page = _page(client, users["mash"], family["child"], "?agency=nowhere&from=31/02/2024&significance=high")
    assert "Some filters could not be used" in page
    assert "Agency: not one of the agencies" in page and "From: enter a date" in page
    assert "Significance: not a kind of significance" in page
    assert len(_keys(page)) == 7  # the rest of the chronology is still shown


def test_an_htmx_request_gets_only_the_results_and_the_filters_carry_into_the_export_links(client, users, family):
    client.force_login(users["mash"])
    url = reverse("chronology:person", args=[family["child"].pk]) + "?agency=police&to=2024-05-31"
    response = client.get(url, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "<html" not in page and "<form" not in page
    assert "HX-Request" in response["Vary"]
    restored = client.get(url, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in restored.content.decode()  # the back button after a cache miss gets the whole page
    assert sorted(_keys(page)) == _ids(family, "PE1", "PE2", "PE3")
    assert "?agency=police&amp;to=2024-05-31" in page  # export links honour the filters
    assert "<span class=\"count\">3</span> entries of 7, recorded by Northshire Police; to 31 May 2024" in page


def test_every_view_of_the_chronology_is_logged(client, users, family):
    client.force_login(users["mash"])
    url = reverse("chronology:person", args=[family["child"].pk]) + "?agency=police"
    client.get(url)
    client.get(url, HTTP_HX_REQUEST="true")
    entries = AccessLog.objects.filter(person=family["child"], what="chronology")
    assert entries.count() == 2 and {e.route for e in entries} == {url}
    assert entries.first().user == users["mash"] and entries.first().role == "mash_officer"


def test_a_person_the_user_may_not_open_is_not_found_and_not_logged(client, users, family):
    client.force_login(users["teacher"])
    assert client.get(reverse("chronology:person", args=[family["partner"].pk])).status_code == 404
    assert client.get(reverse("chronology:export", args=[family["partner"].pk, "csv"])).status_code == 404
    client.force_login(users["analyst"])
    assert client.get(reverse("chronology:person", args=[family["child"].pk])).status_code == 404
    assert not AccessLog.objects.exists()


def test_the_person_page_links_to_the_chronology(client, users, family):
    client.force_login(users["mash"])
    page = client.get(reverse("people:detail", args=[family["child"].pk])).content.decode()
    assert reverse("chronology:person", args=[family["child"].pk]) in page


def test_the_page_needs_a_constant_number_of_queries_however_many_events(client, users, family, make_event):
    """The same number of queries for 7 events as for 67: every registered source (prompts, referrals, decisions,
    escalations, meetings, sharing, inbox, network ...) reads in a fixed number of queries, never one per row."""
    from datetime import timedelta

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from joinedup.chronology.sources import _SOURCES
    from joinedup.chronology.tests.conftest import at

    client.force_login(users["mash"])
    url = reverse("chronology:person", args=[family["child"].pk])
    client.get(url)                                                   # warm caches (vocabulary, sessions)

    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        return len(captured), len(_keys(response.content.decode()))

    few, shown = queries()
    assert shown == 7
    record = family["records"]["mia_school"]
    for i in range(60):
        make_event("school", f"X{i}", record, event_type="appointment.attended", shared_with=["police"],
                   occurred_at=at(2023, 1, 1) + timedelta(days=i), attributes={"service": "school nurse"})
    many, shown = queries()
    assert shown == 67
    assert many == few, f"{few} queries for 7 rows but {many} for 67"
    assert many <= 14 + 3 * len(_SOURCES), f"{many} queries for {len(_SOURCES)} chronology sources"


def test_a_merged_persons_chronology_redirects_to_where_they_now_live(client, users, family, make_record):
    from joinedup.people.models import Person

    old = make_record("police", "P77", "Mia", "Hart").person
    Person.objects.filter(pk=old.pk).update(merged_into=family["child"])
    client.force_login(users["mash"])
    response = client.get(reverse("chronology:person", args=[old.pk]) + "?agency=police")
    assert response.status_code == 302
    assert response["Location"] == reverse("chronology:person", args=[family["child"].pk]) + "?agency=police"
