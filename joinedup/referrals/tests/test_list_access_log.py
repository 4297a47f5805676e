"""List pages and list APIs log the children they show: one chained access-log entry per child per view."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from joinedup.audit.models import AccessLog
from joinedup.audit.verify import verify
from joinedup.referrals import services
from joinedup.referrals.models import Consent
from joinedup.referrals.tests.conftest import CONCERN, WANTED

pytestmark = pytest.mark.django_db


@pytest.fixture
def referred(users, child, make_record):
    other = make_record("school", "S2", "Leon", "Baptiste").person
    for person in (child, other):
        services.make_referral(referrer=users["teacher"], person=person, need_level="targeted", concern=CONCERN,
                               wanted_outcome=WANTED, consent=Consent.GIVEN)
    return {child.pk, other.pk}


def logged(user, what):
    return set(AccessLog.objects.filter(user=user, what=what).values_list("person_id", flat=True))


def test_the_mash_queue_logs_each_child_it_shows(client, users, referred):
    client.force_login(users["mash"])
    assert client.get(reverse("referrals:queue")).status_code == 200
    assert logged(users["mash"], "MASH referrals queue") == referred
    assert verify().intact


def test_my_referrals_logs_each_child_listed(client, users, referred):
    client.force_login(users["teacher"])
    assert client.get(reverse("referrals:mine")).status_code == 200
    assert logged(users["teacher"], "referrals list") == referred


def test_the_referrals_api_list_logs_the_children_on_the_page(users, referred):
    api = APIClient()
    api.force_authenticate(users["mash"])
    response = api.get("/api/referrals/")
    assert response.status_code == 200
    assert logged(users["mash"], "referrals (API)") == referred


def test_a_list_showing_nobody_logs_nothing(client, users, child):
    client.force_login(users["mash"])
    assert client.get(reverse("referrals:queue")).status_code == 200
    assert not AccessLog.objects.exists()
