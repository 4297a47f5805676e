"""Records arriving by import or push are matched against existing persons as they land, without a full relink."""

import csv

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from engine.linkage import partnership_records
from joinedup.agencies.models import Agency
from joinedup.imports.partnership import create_agencies, partnership_files
from joinedup.imports.services import import_file
from joinedup.linkage.models import LinkRun, RecordMove, ReviewItem, RunKind
from joinedup.linkage.services import relink, train_model
from joinedup.people.models import Person, SourceRecord

LATE = "school-riverside"  # this agency's records arrive after the partnership was linked


@pytest.fixture
def linked(db, tmp_path):
    out = tmp_path / "p"
    call_command("synth", children=250, seed=11, out=str(out))
    create_agencies(out)
    late = []
    for code, path in partnership_files(out):
        if code == LATE:
            late.append(path)
        else:
            import_file(path, agency=Agency.objects.get(code=code))
    train_model(partnership_records(out))  # the partnership's model (population-level m and u)
    relink()
    with (out / "truth" / "records.csv").open() as handle:
        truth = {(row["agency"], row["record_id"]): row["person_key"] for row in csv.DictReader(handle)}
    return late, truth


def _truth_persons(truth):
    """Truth person key -> the persons now holding records of that child (excluding the late agency)."""
    holders = {}
    for record in SourceRecord.objects.select_related("agency").exclude(agency__code=LATE):
        holders.setdefault(truth[(record.agency.code, record.record_id)], set()).add(record.person_id)
    return holders


def test_a_late_agency_file_joins_the_right_persons_without_a_full_relink(linked):
    late, truth = linked
    holders = _truth_persons(truth)
    full_runs = LinkRun.objects.filter(kind=RunKind.FULL).count()
    people_before = set(Person.objects.filter(records__isnull=False).values_list("id", flat=True))
    for path in late:
        import_file(path, agency=Agency.objects.get(code=LATE))
    assert LinkRun.objects.filter(kind=RunKind.FULL).count() == full_runs  # no full relink
    run = LinkRun.objects.get(kind=RunKind.INCREMENTAL)
    arrived = list(SourceRecord.objects.filter(agency__code=LATE).select_related("agency"))
    assert run.records == len(arrived) and run.pairs > 0
    joined = wrong = expected = 0
    for record in arrived:
        key = truth[(record.agency.code, record.record_id)]
        known = holders.get(key, set())
        expected += bool(known)
        if record.person_id in people_before:
            joined += 1
            wrong += record.person_id not in known
    assert wrong == 0, f"{wrong} new records joined someone else"
    assert expected and joined >= 0.8 * expected, (joined, expected)
    # records that joined someone carry no provisional person behind them; new persons are real ones
    assert not Person.objects.filter(records__isnull=True, merged_into__isnull=True).exists()
    placed = RecordMove.objects.filter(run=run)
    assert run.records_moved == placed.count() > 0  # some joined on names, dates and addresses, not identifiers
    assert not placed.filter(from_person__isnull=False, record__agency__code=LATE).exists()  # arrivals, not moves


def test_a_pushed_record_that_conflicts_goes_to_review_not_into_the_person(linked):
    police = Agency.objects.get(code="police")
    base = (SourceRecord.objects.filter(agency=police, person_type="child").exclude(date_of_birth=None)
            .exclude(postcode="").first())
    from joinedup.accounts.models import User

    system = User.objects.create_user("police-system", role="agency_system", agency=police)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=system).key}")
    row = {"record_id": "NEW-DUPLICATE", "person_type": "child", "forename": base.forename, "surname": base.surname,
           "date_of_birth": base.date_of_birth.isoformat(), "sex": base.sex, "address": base.address,
           "postcode": base.postcode}  # the same child as a record police already hold, under another police id
    response = client.post("/api/imports/people/", {"rows": [row]}, format="json")
    assert response.status_code == 201, response.json()
    pushed = SourceRecord.objects.get(agency=police, record_id="NEW-DUPLICATE")
    assert pushed.person_id != base.person_id  # a conflict never merges automatically
    item = ReviewItem.objects.get(open=True, run__kind=RunKind.INCREMENTAL)
    other = item.record_b if item.record_a_id == pushed.id else item.record_a
    assert pushed.id in (item.record_a_id, item.record_b_id) and other.person_id == base.person_id
    assert item.reason == "conflict: two police records" and item.breakdown
    assert LinkRun.objects.get(kind=RunKind.INCREMENTAL).actor == system


def test_a_pushed_record_under_the_agency_s_own_identifier_joins_the_person(linked):
    """A hospital's second registration of a child under the same NHS number is that hospital's same patient."""
    health = Agency.objects.get(code="health")
    base = (SourceRecord.objects.filter(agency=health, person_type="child").exclude(nhs_number="")
            .exclude(date_of_birth=None).first())
    from joinedup.accounts.models import User

    system = User.objects.create_user("health-system", role="agency_system", agency=health)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=system).key}")
    row = {"record_id": "NEW-REGISTRATION", "person_type": "child", "forename": base.forename,
           "surname": base.surname, "date_of_birth": base.date_of_birth.isoformat(), "sex": base.sex,
           "nhs_number": base.nhs_number}
    assert client.post("/api/imports/people/", {"rows": [row]}, format="json").status_code == 201
    pushed = SourceRecord.objects.get(agency=health, record_id="NEW-REGISTRATION")
    assert pushed.person_id == base.person_id
    assert not ReviewItem.objects.filter(open=True, run__kind=RunKind.INCREMENTAL).exists()
    relink()  # and a full relink agrees: no conflict between them, no review item
    base.refresh_from_db()
    pushed.refresh_from_db()
    assert pushed.person_id == base.person_id
    assert not ReviewItem.objects.filter(open=True, record_a__in=[base, pushed], record_b__in=[base, pushed]).exists()
    # the same child pushed again under another NHS number is two patients to the hospital: review, not a merge
    row = {**row, "record_id": "NEW-NUMBER", "nhs_number": "9434765919"}
    assert client.post("/api/imports/people/", {"rows": [row]}, format="json").status_code == 201
    assert SourceRecord.objects.get(agency=health, record_id="NEW-NUMBER").person_id != base.person_id


def test_without_a_trained_model_imports_keep_linking_on_exact_identifiers_only(users):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=users['system']).key}")
    rows = [{"record_id": "P1", "person_type": "child", "forename": "Ty", "surname": "Reed", "date_of_birth": "2011-02-03",
             "nhs_number": "9434765919"},
            {"record_id": "P2", "person_type": "child", "forename": "Ty", "surname": "Reed", "date_of_birth": "2011-02-03"}]
    assert client.post("/api/imports/people/", {"rows": rows}, format="json").status_code == 201
    one, two = SourceRecord.objects.order_by("record_id")
    assert one.person_id != two.person_id  # alike, but no identifier in common and no model to judge them
    assert not LinkRun.objects.exists()
