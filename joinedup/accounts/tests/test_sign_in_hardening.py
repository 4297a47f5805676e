"""Sign-in as a security review would try it: repeated wrong passwords lock the username from that address and
are recorded; a password holding the user's name is refused; an idle session ends; API tokens expire."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db
RIGHT = "correct horse battery"


def sign_in(client, password, username="mash"):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_five_wrong_passwords_lock_the_account_from_that_address_and_are_recorded(client, users, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "wrong password!").status_code == 200  # the form again, with its error
    locked = sign_in(client, "wrong password!")
    assert locked.status_code == 429 and "Signing in is paused" in locked.content.decode()
    assert sign_in(client, RIGHT).status_code == 429  # the right password does not get through now
    assert "_auth_user_id" not in client.session
    assert AccessFailureLog.objects.filter(username="mash").count() >= settings.AXES_FAILURE_LIMIT
    assert AccessAttempt.objects.get(username="mash").failures_since_start >= settings.AXES_FAILURE_LIMIT


def test_a_success_before_the_limit_clears_the_count(client, users, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "wrong password!")
    assert sign_in(client, RIGHT).status_code == 302
    assert not AccessAttempt.objects.filter(username="mash").exists()


def test_another_user_is_not_locked_by_someone_elses_failures(client, users, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "wrong password!")
    assert sign_in(client, RIGHT, username="dsl").status_code == 302


@pytest.mark.parametrize("password", ["Socialworker-2026!", "my tester pass 99", "WORKER-socialworker"])
def test_a_password_containing_the_users_own_name_is_refused(users, password):
    with pytest.raises(ValidationError, match="contains your"):
        validate_password(password, users["socialworker"])


def test_a_password_without_the_name_is_accepted(users):
    validate_password("lantern quarry velvet 4821", users["socialworker"])


def test_an_idle_session_is_signed_out_and_sent_back_after_signing_in(client, users, settings):
    client.force_login(users["mash"])
    home = reverse("search:home")
    assert client.get(home).status_code == 200
    session = client.session
    session["joinedup_last_seen"] -= settings.JOINEDUP_IDLE_TIMEOUT_MINUTES * 60 + 1
    session.save()
    idle = client.get(home)
    assert idle.status_code == 302 and idle["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session
    page = client.get(idle["Location"])
    assert "signed out after 30 minutes without activity" in page.content.decode()


def test_an_active_session_carries_on(client, users):
    client.force_login(users["mash"])
    for _ in range(3):
        assert client.get(reverse("search:home")).status_code == 200


def test_an_api_token_expires_and_a_deleted_one_is_revoked(users, settings):
    token = Token.objects.create(user=users["mash"])
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/referrals/").status_code == 200
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - timedelta(days=settings.JOINEDUP_API_TOKEN_DAYS))
    expired = api.get("/api/referrals/")
    assert expired.status_code == 403 and "expired on" in expired.json()["detail"]  # 403: session auth comes first
    token.delete()
    assert api.get("/api/referrals/").status_code == 403
