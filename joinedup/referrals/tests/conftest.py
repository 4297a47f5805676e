"""A child known to the school, the police and children's social care, with an allocated social worker."""

from datetime import date

import pytest


@pytest.fixture
def records(users, make_record):
    school = make_record("school", "S1", "Amira", "Khan", born=date(2012, 6, 1), nhs_number="4857773456")
    police = make_record("police", "P1", "Amira", "Khan", born=date(2012, 6, 1), nhs_number="4857773456")
    csc = make_record("csc", "C1", "Amira", "Khan", born=date(2012, 6, 1), nhs_number="4857773456")
    return {"school": school, "police": police, "csc": csc}


@pytest.fixture
def child(records):
    return records["school"].person


@pytest.fixture
def allocated(child, users):
    from joinedup.people.models import Allocation

    return Allocation.objects.create(person=child, worker=users["socialworker"], start_date=date(2025, 1, 1))


CONCERN = ("Amira told her form tutor that an adult man she met online collects her from the park after school "
           "and gives her vapes; she has been seen getting into his car twice this week.")
WANTED = "A strategy discussion and an assessment of the risk of exploitation."
REASONS = ("Adult male, gifts and car pick-ups fit the pattern of grooming for sexual exploitation; police hold two "
           "missing episodes this month. Threshold for section 47 enquiries is met.")
FEEDBACK = "The MASH held a strategy discussion today and section 47 enquiries have started."
NEXT = ("A social worker from the assessment team will visit Amira and her mother tomorrow; call the MASH at once "
        "if she is missing again or the car is seen.")
