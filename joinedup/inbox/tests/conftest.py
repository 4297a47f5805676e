"""The same child as the referral tests: known to the school, the police and children's social care."""

from joinedup.referrals.tests.conftest import allocated, child, records  # noqa: F401
