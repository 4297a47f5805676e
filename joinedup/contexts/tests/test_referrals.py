"""Referring a context: no child is asked for or needed (R05, 001 L243-249); a place or group is one record."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from joinedup.associations.models import PeerGroup
from joinedup.audit.models import ActionLog
from joinedup.contexts.forms import ReferralForm
from joinedup.contexts.models import Context, ContextKind, ContextReferral
from joinedup.contexts.services import ContextRefused, refer

FORM = {
    "kind": "park", "name": "Riverside Park", "address": "", "postcode": "NR2 1ZZ",
    "concern": "Groups of older men meet young teenagers by the skate ramp after dark and offer them alcohol.",
    "how_known": "reported_by_third_party", "source_detail": "A park warden told the neighbourhood officer.",
    "observed_on": "2026-11-02", "reliability": "unverified", "threshold_level": "",
}


def test_the_referral_form_asks_for_no_child_and_says_so(client, users):
    client.force_login(users["teacher"])
    response = client.get(reverse("contexts:refer"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "You can make this referral without naming a child." in page
    form = ReferralForm(levels=[])
    assert not [name for name in form.fields if any(w in name for w in ("child", "person", "young", "subject"))]


def test_a_practitioner_refers_a_place_without_naming_any_child(client, users):
    client.force_login(users["teacher"])
    response = client.post(reverse("contexts:refer"), FORM)
    context = Context.objects.get()
    assert response.status_code == 302 and response.url == reverse("contexts:detail", args=[context.pk])
    assert (context.kind, context.name, context.location.kind) == (ContextKind.LOCATION, "Riverside Park", "park")
    referral = context.referrals.get()
    assert referral.agency.code == "school" and referral.referred_by == users["teacher"]
    assert (referral.how_known, referral.reliability, referral.observed_on) == (
        "reported_by_third_party", "unverified", date(2026, 11, 2))
    entry = ActionLog.objects.get(action="context: referral")
    assert entry.user == users["teacher"] and not entry.persons.exists()
    assert entry.detail["context"] == context.pk and entry.detail["context_created"] is True
    page = client.get(response.url).content.decode()
    assert "offer them alcohol" in page and "Hill Top Academy" in page and "Not verified" in page


def test_the_same_place_referred_again_by_another_agency_is_the_same_context(client, users, takeaway):
    client.force_login(users["teacher"])
    form = {**FORM, "kind": "takeaway", "name": "Chicken Express", "address": "4 station road",
            "postcode": "nr1 4ab"}
    client.post(reverse("contexts:refer"), form)
    assert Context.objects.count() == 1
    assert takeaway.referrals.count() == 2
    assert set(takeaway.referrals.values_list("agency__code", flat=True)) == {"police", "school"}


def test_a_referral_about_an_existing_context_or_known_place(client, users, takeaway):
    client.force_login(users["dsl"])
    subject_only = {k: v for k, v in FORM.items() if k not in ("kind", "name", "address", "postcode")}
    client.post(f"{reverse('contexts:refer')}?context={takeaway.pk}", subject_only)
    client.post(f"{reverse('contexts:refer')}?location={takeaway.location_id}", subject_only)
    assert takeaway.referrals.count() == 3 and Context.objects.count() == 1


def test_a_peer_group_is_found_by_the_name_agencies_import_it_under(users):
    group = PeerGroup.objects.create(key="station boys", name="Station Boys")
    referral = refer(user=users["socialworker"], group_name="station  BOYS",
                     concern="Older members are recruiting year 8 boys to carry drugs to the coast.",
                     how_known="intelligence", observed_on=date(2026, 10, 20), reliability="probable")
    assert referral.context.group == group and referral.context.kind == ContextKind.PEER_GROUP


def test_a_threshold_level_is_recorded_from_the_partnership_continuum(client, users):
    client.force_login(users["teacher"])
    client.post(reverse("contexts:refer"), {**FORM, "threshold_level": "early_help"})
    referral = ContextReferral.objects.get()
    assert referral.threshold_level == "early_help"
    page = client.get(reverse("contexts:detail", args=[referral.context_id])).content.decode()
    assert "Early help" in page
    with pytest.raises(ContextRefused):
        refer(user=users["teacher"], context=referral.context, concern="Another sighting of the same men there.",
              how_known="observed", observed_on=date(2026, 11, 3), reliability="verified", threshold_level="level-9")


@pytest.mark.parametrize("change, message", [
    ({"concern": "n/a"}, "Write what is happening there"),
    ({"observed_on": str(date.today() + timedelta(days=3))}, "cannot be in the future"),
    ({"name": "", "address": ""}, "Give the name of the place"),
])
def test_an_incomplete_referral_is_refused_with_a_message(client, users, change, message):
    client.force_login(users["teacher"])
    response = client.post(reverse("contexts:refer"), {**FORM, **change})
    assert response.status_code == 200 and message in response.content.decode()
    assert not ContextReferral.objects.exists() and not ActionLog.objects.exists()


@pytest.mark.parametrize("role", ["admin", "analyst", "system"])
def test_roles_that_read_no_case_data_cannot_refer_or_read_contexts(client, users, takeaway, role):
    client.force_login(users[role])
    assert client.get(reverse("contexts:list")).status_code == 403
    assert client.get(reverse("contexts:detail", args=[takeaway.pk])).status_code == 403
    assert client.post(reverse("contexts:refer"), FORM).status_code == 403


def test_the_list_filters_by_kind_and_the_nav_links_to_it(client, users, takeaway):
    refer(user=users["teacher"], place={"kind": "online", "name": "Snapchat group ‘after school’"},
          concern="An adult account sends year 9 girls messages offering money for photos.",
          how_known="reported_by_child", observed_on=date(2026, 11, 1), reliability="unverified")
    client.force_login(users["teacher"])
    page = client.get(reverse("contexts:list")).content.decode()
    assert "Chicken Express" in page and "after school" in page
    assert f'href="{reverse("contexts:list")}">Contexts</a>' in page
    page = client.get(reverse("contexts:list"), {"kind": "online"}).content.decode()
    assert "Chicken Express" not in page and "after school" in page
    client.force_login(users["analyst"])
    assert f'href="{reverse("contexts:list")}"' not in client.get("/").content.decode()
