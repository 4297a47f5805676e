"""The administrator manages users, roles and agencies in the admin site, and sees no case data there (issue 16)."""

import json

import pytest
from django.contrib import admin
from django.urls import reverse

from joinedup.accounts.demo import ensure_demo_accounts
from joinedup.accounts.models import User
from joinedup.agencies.models import Agency


@pytest.fixture
def demo_admin(tmp_path, agencies, client):
    """The administrator exactly as `joinedup demo` makes it, signed in with its generated password."""
    secrets_file = tmp_path / "demo-logins.json"
    ensure_demo_accounts(secrets_file, allocate=0)
    password = json.loads(secrets_file.read_text())["admin"]
    signed_in = client.post(reverse("login"), {"username": "admin", "password": password})  # through the lock-out
    assert signed_in.status_code == 302 and "_auth_user_id" in client.session
    return User.objects.get(username="admin")


def test_the_demo_administrator_opens_the_user_list_and_a_user_s_role(demo_admin, client):
    assert demo_admin.is_staff and not demo_admin.is_superuser
    index = client.get("/admin/").content.decode()
    assert "Users" in index and "Agencies" in index
    users = client.get("/admin/accounts/user/")
    assert users.status_code == 200
    assert "socialworker" in users.content.decode() and "police-system" in users.content.decode()
    teacher = User.objects.get(username="teacher")
    page = client.get(f"/admin/accounts/user/{teacher.pk}/change/")
    assert page.status_code == 200
    assert 'name="role"' in page.content.decode()
    assert 'name="is_superuser"' not in page.content.decode()     # only a superuser grants superuser status


def test_the_administrator_adds_an_agency_but_deletes_nothing(demo_admin, client):
    response = client.post("/admin/agencies/agency/add/", {"code": "hospice", "name": "Northshire Children's Hospice",
                                                           "kind": "health"})
    assert response.status_code == 302 and Agency.objects.filter(code="hospice").exists()
    teacher = User.objects.get(username="teacher")
    assert client.get(f"/admin/accounts/user/{teacher.pk}/delete/").status_code == 403


def test_an_administrator_made_in_the_admin_is_staff_and_other_roles_are_not(make_user, client):
    made = make_user("kim", "administrator", None)
    assert made.is_staff
    client.force_login(make_user("teacher2", "practitioner", "school"))
    assert client.get("/admin/accounts/user/").status_code == 302    # to the admin login: not for them


def test_no_case_data_model_is_registered_with_the_admin_site():
    registered = {f"{model._meta.app_label}.{model._meta.model_name}" for model in admin.site._registry}
    sign_in_records = {"axes.accessattempt", "axes.accessfailurelog", "axes.accesslog"}  # who failed to sign in
    assert registered <= {"accounts.user", "agencies.agency", "auth.group", "authtoken.tokenproxy",
                          *sign_in_records}, registered
