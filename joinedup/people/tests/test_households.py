"""Households and relationships in the platform: stored inferences, practitioners' edits with reasons, audit, need-to-know."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from joinedup.audit.models import AccessLog, ActionLog
from joinedup.people.households import household_picture, refresh_households
from joinedup.people.models import (
    Allocation,
    Household,
    HouseholdEdit,
    HouseholdMember,
    HouseholdMembership,
    InferredHousehold,
    PersonRelationship,
)
from joinedup.places.models import Location

HOME = ("114 Whinmoor Row, Thornwick", "NS12 3UX")


@pytest.fixture
def family(agencies, make_record):
    """Mia (child) lives with her mum, both declared by social care; police hold her mum's partner at the address;
    the school holds Mia at the address; her brother lives with their father elsewhere (police only)."""
    mia = make_record("csc", "C1", "Mia", "Hart", upn="A123456789012", address=HOME[0], postcode=HOME[1])
    mum = make_record("csc", "C2", "Dawn", "Hart", born=date(1988, 1, 5), person_type="adult",
                      address=HOME[0], postcode=HOME[1])
    partner = make_record("police", "P1", "Lee", "Cole", born=date(1985, 6, 1), person_type="adult",
                          address="114 Whinmoor Rw", postcode="NS123UX")
    school = make_record("school", "S1", "Mia", "Hart", upn="A123456789012", address=HOME[0], postcode=HOME[1])
    brother = make_record("police", "P2", "Kai", "Hart", born=date(2010, 2, 2), nhs_number="9434765919",
                          address="17 Bracken Gardens, Thornwick", postcode="NS12 2QB")
    dad = make_record("police", "P3", "Gary", "Hart", born=date(1984, 3, 3), person_type="adult",
                      address="17 Bracken Gardens, Thornwick", postcode="NS12 2QB")
    place = Location.objects.create(key="addr|hart", address=HOME[0], postcode=HOME[1])
    household = Household.objects.create(agency=agencies["csc"], source_id="H1", location=place)
    for source_id, rec, role, start in [("M1", mia, "child", date(2012, 4, 3)), ("M2", mum, "parent", date(2011, 1, 1))]:
        HouseholdMembership.objects.create(agency=agencies["csc"], source_id=source_id, household=household,
                                           record=rec, role=role, start_date=start, location=place, content_hash="x")
    from joinedup.associations.models import Association

    Association.objects.create(agency=agencies["police"], source_id="A1", association_type="parent_of",
                               record=dad, other_record=brother, how_known="record", reliability="verified",
                               content_hash="x")
    kai = make_record("csc", "C3", "Kai", "Hart", born=date(2010, 2, 2), nhs_number="9434765919")
    Association.objects.create(agency=agencies["csc"], source_id="A2", association_type="sibling_of",
                               record=kai, other_record=mia, how_known="record", reliability="verified",
                               content_hash="x")
    assert kai.person_id == brother.person_id
    assert school.person_id == mia.person_id
    refresh_households([r.person_id for r in (mia, mum, partner, brother, dad)])
    return {"mia": mia.person, "mum": mum.person, "partner": partner.person, "brother": brother.person,
            "dad": dad.person}


def _members(person):
    return {m.person_id: m for m in HouseholdMember.objects.filter(household__members__person=person,
                                                                   superseded_by__isnull=True, withdrawn=False)}


def test_inferred_households_are_stored_apart_from_declared_ones_with_their_origin(family):
    mia, mum, partner = family["mia"], family["mum"], family["partner"]
    home = InferredHousehold.objects.get(members__person=mia)
    members = {m.person_id: m for m in home.members.all()}
    assert set(members) == {mia.id, mum.id, partner.id}
    assert members[mum.id].origin == "declared" and members[mum.id].role == "parent"
    assert members[partner.id].origin == "inferred" and members[partner.id].agencies == ["police"]
    assert any("inferred" in words for words in members[partner.id].how_known)
    assert not InferredHousehold.objects.filter(members__person=family["brother"], key=home.key).exists()
    parent = PersonRelationship.objects.get(person=mum, other=mia)
    assert (parent.relationship, parent.origin) == ("parent", "declared")
    lives_with = PersonRelationship.objects.get(relationship="lives_with", person__in=[mia, partner],
                                                other__in=[mia, partner])
    assert lives_with.origin == "inferred"
    assert Household.objects.count() == 1 and HouseholdMembership.objects.count() == 2  # agencies' own rows untouched


def test_refresh_is_idempotent_and_keeps_nothing_twice(family):
    before = (HouseholdMember.objects.count(), PersonRelationship.objects.count(), InferredHousehold.objects.count())
    counts = refresh_households([family["mia"].id, family["partner"].id])
    assert counts == {"households": 0, "members": 0, "relationships": 0, "withdrawn": 0}
    assert before == (HouseholdMember.objects.count(), PersonRelationship.objects.count(),
                      InferredHousehold.objects.count())


def test_the_page_shows_who_lives_with_the_child_to_whole_picture_users(client, users, agencies, family, make_record):
    from joinedup.associations.models import Association

    man = make_record("police", "P8", "Ryan", "Doyle", born=date(1990, 1, 1), person_type="adult")
    Association.objects.create(agency=agencies["police"], source_id="A8", association_type="reported_boyfriend",
                               record=family["mia"].records.first(), other_record=man,
                               how_known="reported_by_third_party", reliability="unverified", content_hash="x")
    client.force_login(users["mash"])
    page = client.get(reverse("people:detail", args=[family["mia"].pk])).content.decode()
    assert "Household and relationships" in page
    assert "Lee Cole" in page and "Dawn Hart" in page and "Kai Hart" in page
    assert "Inferred by JoinedUp" in page and "Declared by an agency" in page
    assert "Parent or carer" in page and "Lives in the same household" in page and "Brother or sister" in page
    assert "Other adults linked to Mia Hart" in page and "Ryan Doyle" in page
    assert "Gary Hart" not in page  # Kai's father: not recorded as related to Mia (an inferred link would need a rule)


def test_a_school_practitioner_sees_only_what_the_schools_records_support(client, users, family):
    client.force_login(users["teacher"])
    response = client.get(reverse("people:detail", args=[family["mia"].pk]))
    page = response.content.decode()
    assert response.status_code == 200 and "Household and relationships" in page
    assert "114 Whinmoor Row" in page
    # the police record id, as a word: the page's random CSRF token may hold the letters "P1"
    assert "Lee Cole" not in page and "Dawn Hart" not in page and not re.search(r"\bP1\b", page)
    assert "further household or relationship detail" in page
    assert "Change<span" not in page  # teachers see, but do not change, a household


def test_the_household_page_follows_the_same_rules_and_logs_each_person_read(client, users, family):
    home = InferredHousehold.objects.get(members__person=family["mia"])
    url = reverse("people:household", args=[home.pk])
    client.force_login(users["police"])
    page = client.get(url).content.decode()
    assert "Lee Cole" in page and "Dawn Hart" not in page
    assert set(AccessLog.objects.filter(what="household page").values_list("person_id", flat=True)) == {family["partner"].id}
    client.force_login(users["mash"])
    page = client.get(url).content.decode()
    assert "Lee Cole" in page and "Dawn Hart" in page and "Mia Hart" in page
    client.force_login(users["analyst"])
    assert client.get(url).status_code == 404


def test_the_household_page_shows_only_people_the_user_may_open_and_counts_the_others(client, users, family):
    """Issue 16: the allocated worker sees Mia's whole picture, but Lee Cole is known only to the police, and the
    worker gets 404 on his person page: the household page must not name him or show the police record either."""
    mia, partner = family["mia"], family["partner"]
    Allocation.objects.create(person=mia, worker=users["socialworker"], start_date=date(2025, 1, 1))
    home = InferredHousehold.objects.get(members__person=mia)
    client.force_login(users["socialworker"])
    assert client.get(reverse("people:detail", args=[partner.pk])).status_code == 404
    page = client.get(reverse("people:household", args=[home.pk])).content.decode()
    assert "Mia Hart" in page and "Dawn Hart" in page
    assert "Lee Cole" not in page and " P1" not in page  # the police record behind him (a space: a CSRF token may hold "P1")
    assert "1 other person is recorded at this address whose records you may not open" in page
    logged = set(AccessLog.objects.filter(what="household page", user=users["socialworker"])
                 .values_list("person_id", flat=True))
    assert logged == {mia.id, family["mum"].id}
    client.force_login(users["mash"])     # the MASH may open everyone: no one is left out
    page = client.get(reverse("people:household", args=[home.pk])).content.decode()
    assert "Lee Cole" in page and " P1" in page and "whose records you may not open" not in page


def _post(client, user, name, args, **data):
    client.force_login(user)
    return client.post(reverse(f"people:{name}", args=args), data)


def test_confirming_an_inferred_member_needs_a_reason_supersedes_it_and_is_audited(client, users, family):
    mia, partner = family["mia"], family["partner"]
    Allocation.objects.create(person=mia, worker=users["socialworker"], start_date=date(2025, 1, 1))
    inferred = _members(mia)[partner.id]
    response = _post(client, users["socialworker"], "household-confirm", [mia.pk, inferred.pk], reason="  ")
    assert response.status_code == 302 and not HouseholdEdit.objects.exists()
    response = _post(client, users["socialworker"], "household-confirm", [mia.pk, inferred.pk],
                     reason="Mum told me at the home visit that Lee moved in last spring.")
    assert response.status_code == 302
    inferred.refresh_from_db()
    confirmed = inferred.superseded_by
    assert confirmed is not None and confirmed.origin == "practitioner" and confirmed.confirmed
    assert confirmed.recorded_by == users["socialworker"] and "moved in last spring" in confirmed.reason
    edit = HouseholdEdit.objects.get()
    assert (edit.action, edit.user, edit.agency_code, edit.role, edit.person) == (
        "confirm", users["socialworker"], "csc", "practitioner", mia)
    assert edit.before["origin"] == "inferred" and edit.after["origin"] == "practitioner"
    assert AccessLog.objects.filter(what="household change", person=mia).count() == 1
    action = ActionLog.objects.get()
    assert action.action == "household: confirm" and action.reason == edit.reason
    assert set(action.persons.all()) == {mia, partner}
    # A later refresh keeps the original inference and the practitioner's record as they are.
    refresh_households([mia.id, partner.id])
    inferred.refresh_from_db()
    assert inferred.superseded_by_id == confirmed.id and HouseholdMember.objects.filter(pk=confirmed.pk).exists()
    assert _members(mia)[partner.id].pk == confirmed.pk
    page = client.get(reverse("people:detail", args=[mia.pk])).content.decode()
    assert "Confirmed by a practitioner" in page


def test_correcting_a_relationship_keeps_the_original_and_reads_from_the_childs_side(client, users, family):
    mia, partner = family["mia"], family["partner"]
    Allocation.objects.create(person=mia, worker=users["socialworker"], start_date=date(2025, 1, 1))
    original = PersonRelationship.objects.get(relationship="lives_with", person__in=[mia, partner],
                                              other__in=[mia, partner])
    _post(client, users["socialworker"], "relationship-correct", [mia.pk, original.pk],
          relationship="parents_partner", reason="Lee is Mum's partner (Mum, home visit).")
    original.refresh_from_db()
    corrected = original.superseded_by
    assert corrected.origin == "practitioner" and corrected.reason.startswith("Lee is Mum's partner")
    # Lee is the parent's partner *of Mia*, whichever way the original row was stored.
    if corrected.person_id == partner.id:
        assert corrected.relationship == "parents_partner"
    else:
        assert corrected.relationship == "partners_child"
    assert HouseholdEdit.objects.get().action == "correct_relationship"
    picture = household_picture(users["socialworker"], mia)
    assert any(r["other"] == partner and r["label"] == "Parent's partner" for r in picture["relationships"])


def test_ending_adding_and_declaring_each_need_a_reason_and_leave_an_audit_row(client, users, family):
    mia, mum, partner, brother = family["mia"], family["mum"], family["partner"], family["brother"]
    Allocation.objects.create(person=mia, worker=users["socialworker"], start_date=date(2025, 1, 1))
    membership = _members(mia)[partner.id]
    left = date.today() + timedelta(days=1)  # the police record places Lee there on the day it was received
    _post(client, users["socialworker"], "household-end", [mia.pk, membership.pk], end_date=left.isoformat(),
          reason="Lee left after the police call-out; Mum confirmed.")
    ended = HouseholdMember.objects.get(pk=membership.pk).superseded_by
    assert ended.end_date == left and ended.origin == "practitioner"
    home = InferredHousehold.objects.get(members__person=mia)
    _post(client, users["socialworker"], "household-add", [mia.pk, home.pk], member=brother.pk, role="child",
          start_date="2026-04-01", reason="Kai came back to live with Mum in April.")
    added = HouseholdMember.objects.get(household=home, person=brother)
    assert added.origin == "practitioner" and added.role == "child"
    _post(client, users["socialworker"], "relationship-add", [mia.pk], other=partner.pk, relationship="parents_partner",
          reason="Mum named Lee as her partner.")
    declared = PersonRelationship.objects.get(origin="practitioner", relationship="parents_partner")
    assert (declared.person, declared.other) == (partner, mia)
    assert list(HouseholdEdit.objects.order_by("id").values_list("action", flat=True)) == [
        "end", "add_member", "add_relationship"]
    assert all(edit.reason for edit in HouseholdEdit.objects.all())
    # An end date before the membership began changes nothing.
    mum_row = _members(mia)[mum.id]
    _post(client, users["socialworker"], "household-end", [mia.pk, mum_row.pk], end_date="1990-01-01", reason="typo")
    assert HouseholdEdit.objects.count() == 3


def test_people_whose_role_does_not_change_households_cannot(client, users, family):
    mia, partner = family["mia"], family["partner"]
    row = _members(mia)[partner.id]
    assert _post(client, users["teacher"], "household-confirm", [mia.pk, row.pk], reason="x").status_code == 403
    # A social worker not allocated to Mia cannot see (so cannot change) what only the police hold.
    assert _post(client, users["socialworker"], "household-confirm", [mia.pk, row.pk], reason="x").status_code == 404
    # The police officer may open Mia? No: the police hold no record of her, so she is not there at all.
    assert _post(client, users["police"], "household-confirm", [mia.pk, row.pk], reason="x").status_code == 404
    assert not HouseholdEdit.objects.exists()


def test_a_relink_that_moves_a_record_withdraws_what_it_supported_but_keeps_it(family):
    from joinedup.people.models import Person, SourceRecord

    partner = family["partner"]
    record = SourceRecord.objects.get(record_id="P1")
    stranger = Person.objects.create(person_type="adult", display_name="Someone else")
    record.person = stranger
    record.save()
    partner.merged_into = stranger
    partner.save()
    refresh_households([partner.id, stranger.id])
    old = HouseholdMember.objects.get(person=partner)
    assert old.withdrawn
    assert HouseholdMember.objects.get(person=stranger, withdrawn=False).household == old.household
