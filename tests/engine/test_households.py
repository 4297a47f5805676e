"""Households over time and relationships, inferred from agencies' records (engine/households)."""

import dataclasses
import re
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.households import (
    EVENT_AT_HOME,
    HOUSEHOLD_RECORD,
    IDENTITY_RECORD,
    DeclaredLink,
    InferredHousehold,
    InferredMember,
    InferredRelationship,
    Sighting,
    home_of,
    infer_households,
    infer_relationships,
    normalise_postcode,
)

CSC = ("csc", "Northshire Children's Social Care")
POLICE = ("police", "Northshire Police")
SCHOOL = ("school", "Hill Top Academy")
HEALTH = ("health", "Northshire Hospitals NHS Trust")


def record(person, agency, ref, address, postcode, on):
    return Sighting(person, agency[0], agency[1], IDENTITY_RECORD, ref, address, postcode, on)


def member(person, agency, ref, address, postcode, start, end=None, role="", household="H1"):
    return Sighting(person, agency[0], agency[1], HOUSEHOLD_RECORD, ref, address, postcode, start, end, role,
                    f"{agency[0]}:{household}")


def households_of(person, households):
    return [h for h in households if any(m.person == person for m in h.members)]


def together(households, a, b) -> bool:
    return any({a, b} <= {m.person for m in h.members} for h in households)


# ------------------------------------------------------------------------------------------ addresses


def test_one_home_however_agencies_write_it():
    forms = [("Flat 1, 156 Bridge Way, Hallow Vale", "NS7 1JQ"), ("flat 1 156 bridge wy", "ns71jq"),
             ("Apt 1, 156 Bridge Way", "NS7  1JQ"), ("Flat 1, 156 Bridge Way, Hallow Vale, NS7 1JQ", "")]
    keys = {home_of(address, postcode).key for address, postcode in forms}
    assert len(keys) == 1


def test_different_homes_stay_different():
    assert home_of("Flat 1, 156 Bridge Way", "NS7 1JQ").key != home_of("Flat 2, 156 Bridge Way", "NS7 1JQ").key
    assert home_of("12 High Street", "NS1 1AA").key != home_of("12 High Street", "NS9 9ZZ").key
    assert home_of("12 St Mary's Rd", "NS1 1AA").premises == "12 saint marys road"


def test_no_fixed_abode_and_sentinel_postcodes_are_not_homes():
    assert home_of("NFA", "") is None and home_of("No fixed abode", "NS1 1AA") is None
    assert home_of("", "NS1 1AA") is None
    assert normalise_postcode("ZZ99 3VZ") == "" and normalise_postcode("not a postcode") == ""


# ------------------------------------------------------------------------------------------ households


def test_people_sharing_an_address_in_overlapping_periods_form_a_household():
    sightings = [
        member(1, CSC, "M1", "12 Linnet Close, Millbeck", "NS8 1ZP", date(2015, 1, 1), role="parent"),
        member(2, CSC, "M2", "12 Linnet Close, Millbeck", "NS8 1ZP", date(2016, 5, 2), role="child"),
        record(3, POLICE, "P3", "12 Linnet Cl", "NS81ZP", date(2023, 3, 1)),
        record(2, SCHOOL, "S2", "12 Linnet Close, Millbeck", "NS8 1ZP", date(2024, 7, 1)),
    ]
    households = infer_households(sightings, {1: "adult", 2: "child", 3: "adult"})
    assert len(households) == 1
    home = households[0]
    assert {m.person for m in home.members} == {1, 2, 3}
    child = next(m for m in home.members if m.person == 2)
    assert child.declared and child.role == "child" and child.start == date(2016, 5, 2)
    assert {e.agency for e in child.evidence} == {"csc", "school"}
    adult = next(m for m in home.members if m.person == 3)
    assert not adult.declared and adult.role == ""
    assert any("inferred" in words for words in adult.how_known)
    assert any("not when anyone moved" in words for words in adult.how_known)


def test_a_move_splits_the_household_and_ends_the_earlier_membership():
    sightings = [
        member(1, CSC, "M1", "129 Clover Drive, Thornwick", "NS11 8XX", date(2014, 12, 16), date(2022, 8, 30), "parent"),
        member(2, CSC, "M2", "129 Clover Drive, Thornwick", "NS11 8XX", date(2014, 12, 16), date(2022, 8, 30), "child"),
        member(1, CSC, "M3", "116 Kestrel Mews, Millbeck", "NS9 3AS", date(2022, 8, 30), None, "parent"),
        member(2, CSC, "M4", "116 Kestrel Mews, Millbeck", "NS9 3AS", date(2022, 8, 30), None, "child"),
        # A new family at the old address after the move is a different household.
        record(7, POLICE, "P7", "129 Clover Drive", "NS11 8XX", date(2025, 1, 10)),
    ]
    households = infer_households(sightings, {1: "adult", 2: "child", 7: "adult"})
    mine = households_of(2, households)
    assert [h.address for h in mine] == ["129 Clover Drive, Thornwick", "116 Kestrel Mews, Millbeck"]
    assert mine[0].end == date(2022, 8, 30) and mine[1].start == date(2022, 8, 30) and mine[1].end is None
    assert not together(households, 2, 7)
    later = households_of(7, households)[0]
    assert later.home == mine[0].home and later.key != mine[0].key and later.start == date(2025, 1, 10)


def test_an_open_ended_membership_closes_when_a_record_places_them_elsewhere():
    sightings = [
        member(1, CSC, "M1", "3 Pit Walk, Hallow Vale", "NS7 8LB", date(2017, 1, 1), None, "child"),
        member(1, CSC, "M2", "150 Kestrel Road, Northbridge", "NS3 2LD", date(2020, 2, 12), None, "child"),
    ]
    first = households_of(1, infer_households(sightings, {1: "child"}))[0]
    assert first.members[0].end == date(2020, 2, 12)
    assert any("first places them at another address" in words for words in first.members[0].how_known)


def test_a_sibling_at_a_different_agencys_address_is_not_merged_into_the_wrong_household():
    sightings = [
        member(1, CSC, "M1", "4 Hazel Lane, Hallow Vale", "NS7 4PD", date(2019, 1, 1), None, "parent"),
        member(2, CSC, "M2", "4 Hazel Lane, Hallow Vale", "NS7 4PD", date(2019, 1, 1), None, "child"),
        # Her brother lives with their father; only the police hold his address.
        record(3, POLICE, "P3", "17 Bracken Gardens, Thornwick", "NS12 2QB", date(2024, 2, 1)),
        record(4, POLICE, "P4", "17 Bracken Gardens, Thornwick", "NS12 2QB", date(2024, 2, 1)),
        # Same house number and street name, other postcode: another home.
        record(5, HEALTH, "H5", "4 Hazel Lane, Oxley Moor", "NS10 1AB", date(2024, 2, 1)),
    ]
    links = [DeclaredLink(2, 3, "sibling_of", *CSC, "CSCA1", how_known="From a record", reliability="Verified")]
    households = infer_households(sightings, {1: "adult", 2: "child", 3: "child", 4: "adult", 5: "adult"})
    assert not together(households, 2, 3) and not together(households, 2, 5)
    assert together(households, 3, 4) and together(households, 1, 2)
    relationships = infer_relationships(links, sightings, households)
    sibling = next(r for r in relationships if r.relationship == "sibling")
    assert {sibling.person, sibling.other} == {2, 3} and sibling.declared


def test_an_event_at_an_address_does_not_make_it_the_childs_home():
    """Children are found at addresses where adults exploit them (003 L28-31): that is not where they live."""
    flat = ("Flat 3, 40 Mill Avenue", "NS10 8UD")
    sightings = [
        record(9, POLICE, "P9", *flat, date(2024, 1, 1)),  # the tenant
        record(2, SCHOOL, "S2", "62 Granary View, Millbeck", "NS8 9GA", date(2024, 1, 1)),
        Sighting(2, "police", "Northshire Police", EVENT_AT_HOME, "PE1", *flat, date(2024, 3, 2)),
    ]
    households = infer_households(sightings, {2: "child", 9: "adult"})
    assert not together(households, 2, 9)
    # At a home other records give, the same kind of event adds its date as evidence.
    sightings.append(Sighting(2, "police", "Northshire Police", EVENT_AT_HOME, "PE2", "62 Granary View", "NS8 9GA",
                              date(2024, 5, 5)))
    home = households_of(2, infer_households(sightings, {2: "child", 9: "adult"}))[0]
    assert {e.ref for e in home.members[0].evidence} == {"S2", "PE2"}


def test_a_different_address_held_during_the_period_is_pointed_out():
    sightings = [
        member(2, CSC, "M2", "4 Hazel Lane, Hallow Vale", "NS7 4PD", date(2019, 1, 1), None, "child"),
        record(2, HEALTH, "H2", "9 Elm Street, Millbeck", "NS8 2AB", date(2021, 6, 1)),
    ]
    home = next(h for h in infer_households(sightings, {2: "child"}) if h.postcode == "NS7 4PD")
    assert any("different address" in words and "9 Elm Street" in words for words in home.members[0].how_known)


# ------------------------------------------------------------------------------------------ relationships


def test_relationships_from_household_roles_are_declared_and_the_ones_they_imply_are_inferred():
    address = ("114 Whinmoor Row, Thornwick", "NS12 3UX")
    sightings = [
        member(1, CSC, "M1", *address, date(2011, 11, 24), None, "parent"),
        member(2, CSC, "M2", *address, date(2012, 12, 30), None, "child"),
        member(3, CSC, "M3", *address, date(2014, 5, 1), None, "child"),
        member(4, CSC, "M4", *address, date(2020, 9, 13), None, "parent_partner"),
        record(5, POLICE, "P5", *address, date(2023, 1, 1)),
    ]
    households = infer_households(sightings, {1: "adult", 2: "child", 3: "child", 4: "adult", 5: "adult"})
    found = {(r.relationship, r.person, r.other): r for r in infer_relationships([], sightings, households)}
    assert found[("parent", 1, 2)].declared and found[("parent", 1, 3)].declared
    partner_to_child = found[("parents_partner", 4, 2)]
    assert partner_to_child.declared and partner_to_child.start == date(2020, 9, 13)
    siblings = found[("sibling", 2, 3)]
    assert not siblings.declared and siblings.how_known[0].startswith("Inferred")
    assert not found[("partner", 1, 4)].declared
    lodger = found[("lives_with", 2, 5)]
    assert not lodger.declared and "how they are related is not recorded" in lodger.how_known[0]
    assert ("lives_with", 1, 2) not in found  # a parent is not also "lives with"


def test_children_of_one_declared_parent_are_inferred_siblings():
    links = [DeclaredLink(1, 2, "parent_of", *CSC, "A1"), DeclaredLink(1, 3, "parent_of", *POLICE, "A2"),
             DeclaredLink(2, 9, "reported_boyfriend", *POLICE, "A3")]
    found = {(r.relationship, r.person, r.other): r for r in infer_relationships(links, [], [])}
    assert found[("sibling", 2, 3)].declared is False
    assert not any(r[0] == "reported_boyfriend" for r in found)  # not a family relationship: shown as a link


def test_findings_carry_words_never_a_score_or_band():
    banned = re.compile(r"\b(score|scored|low|medium|high|band|probability|percent)\b|%", re.I)
    for cls in (InferredHousehold, InferredMember, InferredRelationship):
        for f in dataclasses.fields(cls):
            assert f.type not in ("float", float), f"{cls.__name__}.{f.name} is a number"
            assert not banned.search(f.name)
    sightings = [
        member(1, CSC, "M1", "12 Linnet Close", "NS8 1ZP", date(2015, 1, 1), role="parent"),
        record(2, SCHOOL, "S2", "12 Linnet Close", "NS8 1ZP", date(2024, 7, 1)),
        record(3, POLICE, "P3", "12 Linnet Close", "NS8 1ZP", None),
    ]
    households = infer_households(sightings, {1: "adult", 2: "child"})
    words = [w for h in households for m in h.members for w in m.how_known]
    words += [w for r in infer_relationships([], sightings, households) for w in r.how_known]
    assert words and not any(banned.search(w) for w in words)


# ------------------------------------------------------------------------------------------ properties

_HOMES = [("12 Linnet Close, Millbeck", "NS8 1ZP"), ("4 Hazel Lane, Hallow Vale", "NS7 4PD"),
          ("Flat 2, 9 Elm Street", "NS2 6TZ")]


@st.composite
def sightings_strategy(draw):
    out = []
    for i in range(draw(st.integers(1, 12))):
        person = draw(st.integers(1, 6))
        address, postcode = draw(st.sampled_from(_HOMES))
        start = date(2015, 1, 1) + timedelta(days=draw(st.integers(0, 3000)))
        if draw(st.booleans()):
            end = draw(st.one_of(st.none(), st.just(start + timedelta(days=draw(st.integers(1, 2000))))))
            out.append(member(person, CSC, f"M{i}", address, postcode, start, end, "child"))
        else:
            out.append(record(person, POLICE, f"P{i}", address.upper(), postcode.replace(" ", ""), start))
    return out


@settings(max_examples=150, deadline=None)
@given(sightings_strategy())
def test_every_record_is_used_once_and_a_household_is_one_home(sightings):
    households = infer_households(sightings)
    used = [e.ref for h in households for m in h.members for e in m.evidence]
    assert sorted(used) == sorted(s.ref for s in sightings)
    by_ref = {s.ref: s for s in sightings}
    for h in households:
        assert {home_of(by_ref[e.ref].address, by_ref[e.ref].postcode).key
                for m in h.members for e in m.evidence} == {h.home.key}
        for m in h.members:
            assert m.end is None or m.start is None or m.start <= m.end


def test_records_years_apart_at_one_home_are_one_spell_unless_they_lived_elsewhere_between():
    home = ("133 Forge Close, Thornwick", "NS11 6RP")
    sightings = [record(1, POLICE, "P1", *home, date(2019, 1, 1)), record(1, HEALTH, "H1", *home, date(2024, 1, 1))]
    only = infer_households(sightings, {1: "adult"})
    assert len(only) == 1 and len(only[0].members) == 1
    assert (only[0].members[0].start, only[0].members[0].end) == (date(2019, 1, 1), date(2024, 1, 1))
    sightings.append(record(1, SCHOOL, "S1", "9 Elm Street", "NS8 2AB", date(2021, 6, 1)))
    spells = [h for h in infer_households(sightings, {1: "adult"}) if h.postcode == "NS11 6RP"]
    assert len(spells) == 2


# ------------------------------------------------------------------------------------------ naming from the child's view


def _naming_raw():
    import copy

    from engine.households import household_rules

    return copy.deepcopy(household_rules())


def _naming_problems(raw) -> list[str]:
    import pytest

    from engine.households.naming import parse_childs_naming
    from engine.vocabulary import VocabularyError, load_vocabulary

    with pytest.raises(VocabularyError) as caught:
        parse_childs_naming(raw, load_vocabulary())
    return caught.value.problems


def test_relationships_read_from_the_childs_point_of_view():
    from engine.households.naming import childs_naming

    naming = childs_naming()
    assert naming.of("parent").name("F") == "mother" and naming.of("parent").group == "parent"
    assert naming.parent_word("M") == "father"
    assert naming.of("parents_partner").name("M", "mother") == "mother's partner"
    assert naming.of("parents_partner").group == "household_adult"
    assert naming.of("sibling").name("U") == "brother or sister"
    assert naming.of("lives_with").name("M") == "lives in the same household"
    assert naming.of("lives_with", other_is_child=True).name("F") == "another child in the household"
    assert naming.of("lives_with", other_is_child=True).group == "sibling"
    boyfriend = naming.associated_adults["reported_boyfriend"]
    assert boyfriend.direction == "from_child" and boyfriend.group == "associated_adult"
    assert boyfriend.name("M") == "described as the child's \"boyfriend\""


def test_every_relationship_the_store_can_hold_is_named_for_the_child():
    from engine.households import household_rules
    from engine.households.naming import childs_naming

    assert set(childs_naming().relationships) == set(household_rules()["relationships"])
    # Relationships declared by associations are named by their relationship, not twice as links.
    assert not set(childs_naming().associated_adults) & set(household_rules()["associations"])


def test_broken_naming_is_refused_naming_the_problem():
    raw = _naming_raw()
    raw["childs_view"].pop("lodger")
    assert any("'lodger' has no naming" in p for p in _naming_problems(raw))
    raw = _naming_raw()
    raw["associated_adults"]["lives_at"] = raw["associated_adults"]["seen_with"]
    assert any("not a person-to-person association type" in p for p in _naming_problems(raw))
    raw = _naming_raw()
    raw["childs_view"]["partner"]["group"] = "neighbour"
    assert any("group 'neighbour'" in p for p in _naming_problems(raw))
    raw = _naming_raw()
    raw["associated_adults"]["reported_boyfriend"]["F"] = "putting herself at risk with a boyfriend"
    assert any("uses the term" in p for p in _naming_problems(raw))
    raw = _naming_raw()
    raw["associated_adults"]["partner_of"] = raw["associated_adults"]["seen_with"]
    assert any("is a relationship" in p for p in _naming_problems(raw))
