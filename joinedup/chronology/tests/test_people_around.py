"""The prompts, the chronology and the person page agree on who is around the child: one stored source."""

from datetime import date

from joinedup.chronology.relationships import relationships_of
from joinedup.people.households import add_relationship, household_picture
from joinedup.prompts.services import _around


def test_the_prompts_see_the_same_household_as_the_chronology(family):
    child = family["child"]
    rows = _around([child.pk])[child.pk]
    household = {(other, start, end) for other, about, start, end in rows if about == "household"}
    chronology = {(r.person_id, r.start, r.end) for rels in relationships_of(child).values() for r in rels
                  if r.known_from.startswith("household")}
    assert household == chronology == {(family["mother"].pk, date(2011, 5, 2), None),
                                       (family["partner"].pk, date(2023, 3, 1), None)}
    assert not [row for row in rows if row[1] == "associate"]  # each person once, as a household member


def test_the_person_page_the_chronology_and_the_prompts_show_a_practitioners_record(family, users):
    from joinedup.people.models import Person

    child = family["child"]
    dan = Person.objects.create(person_type="adult", display_name="Dan Moss", sex="M")
    add_relationship(user=users["mash"], person=child, other=dan, relationship="parents_partner",
                     start_date=date(2024, 4, 1), reason="Mother told the social worker Dan is her new partner.")
    page = household_picture(users["mash"], child)
    assert [r["label"] for r in page["relationships"] if r["other"] == dan] == ["Parent's partner"]
    assert [r.label for r in relationships_of(child)[dan.pk]] == ["mother's partner"]
    assert (dan.pk, "associate", date(2024, 4, 1), None) in _around([child.pk])[child.pk]


def test_withdrawn_findings_leave_the_prompts_too(family):
    from django.db.models import Q

    from joinedup.people.household_models import HouseholdMember, PersonRelationship

    HouseholdMember.objects.filter(person=family["partner"]).update(withdrawn=True)
    PersonRelationship.objects.filter(Q(person=family["partner"]) | Q(other=family["partner"])).update(withdrawn=True)
    rows = _around([family["child"].pk])[family["child"].pk]
    assert [(other, about) for other, about, *_ in rows] == [(family["mother"].pk, "household")]


def test_a_practitioner_ending_a_membership_ends_the_household_period_on_the_chronology(family, users):
    from joinedup.people.household_models import HouseholdMember
    from joinedup.people.households import end_member

    member = HouseholdMember.objects.get(person=family["partner"], withdrawn=False, superseded_by__isnull=True)
    end_member(member, user=users["mash"], person=family["child"], end_date=date(2024, 1, 31),
               reason="Lee moved out at the end of January; confirmed at a home visit.")
    household = [r for r in relationships_of(family["child"])[family["partner"].pk]
                 if r.known_from.startswith("household")]
    assert [(r.period, r.known_from) for r in household] == [
        ("1 Mar 2023 to 31 Jan 2024", "household recorded by a practitioner in Northshire MASH")]
    assert (family["partner"].pk, "household", date(2023, 3, 1), date(2024, 1, 31)) in _around(
        [family["child"].pk])[family["child"].pk]
