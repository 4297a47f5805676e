import pytest

from joinedup.associations.models import Association
from joinedup.imports.services import ImportRejected, import_file
from joinedup.people.models import HouseholdMembership


@pytest.fixture
def people(tmp_path, agencies):
    (tmp_path / "people.csv").write_text(
        "record_id,person_type,forename,surname\nC1,child,Mia,Hart\nA1,adult,Lee,Cole\nA2,adult,Sue,Hart\n")
    import_file(tmp_path / "people.csv", agency=agencies["csc"])
    return tmp_path


def test_household_memberships_over_time_share_one_household(people, agencies):
    (people / "households.csv").write_text(
        "membership_id,household_id,record_id,role,start_date,end_date,address,postcode\n"
        "M1,H1,C1,child,2012-01-01,,2 Elm Row,NR2 4QT\nM2,H1,A2,parent,2012-01-01,,2 Elm Row,NR2 4QT\n"
        "M3,H1,A1,parent_partner,2025-02-01,2025-09-30,2 Elm Row,NR2 4QT\n")
    import_file(people / "households.csv", agency=agencies["csc"])
    memberships = HouseholdMembership.objects.select_related("household__location")
    assert {m.household_id for m in memberships} and len({m.household_id for m in memberships}) == 1
    assert memberships.get(source_id="M3").end_date.isoformat() == "2025-09-30"
    assert memberships.first().household.location.postcode == "NR2 4QT"


def test_associations_carry_provenance_and_need_exactly_one_target(people, agencies):
    header = "association_id,record_id,association_type,other_record_id,location_address,location_postcode,group_name,how_known,reliability\n"
    (people / "associations.csv").write_text(
        header + "S1,C1,reported_boyfriend,A1,,,,reported_by_third_party,unverified\n"
        "S2,C1,visits,,14 Quay Street,NR3 1AA,,observed,verified\n"
        "S3,C1,member_of,,,,Quay Street group,intelligence,probable\n")
    import_file(people / "associations.csv", agency=agencies["csc"])
    link = Association.objects.get(source_id="S1")
    assert (link.how_known, link.reliability, link.other_record.record_id) == ("reported_by_third_party", "unverified", "A1")
    assert Association.objects.get(source_id="S2").location.postcode == "NR3 1AA"
    assert Association.objects.get(source_id="S3").group.name == "Quay Street group"
    (people / "bad.csv").write_text(header + "S4,C1,visits,A1,14 Quay Street,NR3 1AA,,observed,verified\n"
                                            "S5,C1,visits,A1,,,,observed,verified\n")
    with pytest.raises(ImportRejected) as caught:
        import_file(people / "bad.csv", agency=agencies["csc"])
    assert [e.line for e in caught.value.report.errors] == [2, 3]


def test_reimporting_households_and_associations_changes_nothing(people, agencies):
    (people / "households.csv").write_text(
        "membership_id,household_id,record_id,role,address,postcode\nM1,H1,C1,child,2 Elm Row,NR2 4QT\n")
    (people / "associations.csv").write_text(
        "association_id,record_id,association_type,other_record_id,how_known,reliability\n"
        "S1,C1,reported_boyfriend,A1,reported_by_child,unverified\n")
    for name in ("households.csv", "associations.csv"):
        import_file(people / name, agency=agencies["csc"])
    again = [r for name in ("households.csv", "associations.csv") for r in import_file(people / name, agency=agencies["csc"])]
    assert [(r.created, r.updated, r.unchanged) for r in again] == [(0, 0, 1), (0, 0, 1)]
    assert HouseholdMembership.objects.count() == 1 and Association.objects.count() == 1


def test_a_link_records_when_it_was_observed_apart_from_when_it_began(people, agencies):
    (people / "associations.csv").write_text(
        "association_id,record_id,association_type,other_record_id,valid_from,observed_on,how_known,reliability\n"
        "S1,C1,reported_boyfriend,A1,2025-01-10,2025-03-02,reported_by_third_party,unverified\n"
        "S2,C1,reported_boyfriend,A2,2025-02-01,,observed,probable\n")
    import_file(people / "associations.csv", agency=agencies["csc"])
    told = Association.objects.get(source_id="S1")
    assert (told.valid_from.isoformat(), told.observed_on.isoformat()) == ("2025-01-10", "2025-03-02")
    assert Association.objects.get(source_id="S2").observed_on.isoformat() == "2025-02-01"   # defaults to valid_from
