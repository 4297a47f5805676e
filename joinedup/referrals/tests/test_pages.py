"""Referral pages and API: the same rules as the services, visibility (404), roles (403), My referrals' notice."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from joinedup.referrals import services
from joinedup.referrals.models import Consent, Outcome, Referral
from joinedup.referrals.tests.conftest import CONCERN, FEEDBACK, NEXT, REASONS, WANTED

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    client.force_login(user)
    return client


def make(users, child):
    return services.make_referral(referrer=users["teacher"], person=child, need_level="targeted", concern=CONCERN,
                                  wanted_outcome=WANTED, consent=Consent.GIVEN)


def test_the_person_page_offers_a_referral_to_those_who_refer(client, users, child):
    page = signed_in(client, users["teacher"]).get(reverse("people:detail", args=[child.pk]))
    assert reverse("referrals:new", args=[child.pk]) in page.content.decode()
    page = signed_in(client, users["mash"]).get(reverse("people:detail", args=[child.pk]))
    assert reverse("referrals:new", args=[child.pk]) not in page.content.decode()


def test_making_a_referral_on_the_web_page(client, users, child):
    signed_in(client, users["teacher"])
    url = reverse("referrals:new", args=[child.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Children in need" in page.content.decode()
    refused = client.post(url, {"need_level": "specialist", "concern": "", "wanted_outcome": WANTED,
                                "consent": "refused"})
    text = refused.content.decode()
    assert "Describe the concern" in text and "significant harm" in text and not Referral.objects.exists()
    made = client.post(url, {"need_level": "specialist", "concern": CONCERN, "wanted_outcome": WANTED,
                             "consent": "given"})
    referral = Referral.objects.get()
    assert made.status_code == 302 and made.url == reverse("referrals:detail", args=[referral.pk])


def test_a_child_the_user_may_not_see_is_not_found(client, users, child):
    referral = make(users, child)
    signed_in(client, users["police"])
    assert client.get(reverse("referrals:detail", args=[referral.pk])).status_code == 404
    assert client.get(reverse("referrals:new", args=[child.pk])).status_code == 200  # police hold a record
    signed_in(client, users["analyst"])
    assert client.get(reverse("referrals:new", args=[child.pk])).status_code == 403


def test_the_mash_queue_decision_and_feedback_pages(client, users, child):
    referral = make(users, child)
    assert signed_in(client, users["teacher"]).get(reverse("referrals:queue")).status_code == 403
    signed_in(client, users["mash"])
    queue = client.get(reverse("referrals:queue")).content.decode()
    assert f"R{referral.pk}" in queue and "Working days waited" in queue
    refused = client.post(reverse("referrals:decide", args=[referral.pk]),
                          {"outcome": "nfa", "mash_need_level": "universal", "reasons": "nfa"})
    assert refused.status_code == 400 and "needs reasons as much as any other" in refused.content.decode()
    client.post(reverse("referrals:decide", args=[referral.pk]),
                {"outcome": "strategy", "mash_need_level": "specialist", "reasons": REASONS})
    client.post(reverse("referrals:feedback", args=[referral.pk]), {"feedback": FEEDBACK, "next_steps": NEXT})
    referral.refresh_from_db()
    assert referral.outcome == Outcome.STRATEGY and referral.feedback_at


def test_my_referrals_shows_the_outcome_until_the_referrer_reads_it(client, users, child):
    referral = make(users, child)
    services.decide(referral, actor=users["mash"], outcome=Outcome.STRATEGY, mash_need_level="specialist",
                    reasons=REASONS)
    signed_in(client, users["teacher"])
    assert "The MASH has responded" not in client.get(reverse("referrals:mine")).content.decode()
    detail = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert REASONS not in detail and "you will be told the outcome" in detail     # decided, not yet told
    services.give_feedback(referral, actor=users["mash"], feedback=FEEDBACK, next_steps=NEXT)
    mine = client.get(reverse("referrals:mine")).content.decode()
    assert "The MASH has responded" in mine and "Strategy discussion" in mine
    detail = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert FEEDBACK in detail and NEXT.split(";")[0] in detail and REASONS not in detail
    assert "The MASH has responded" not in client.get(reverse("referrals:mine")).content.decode()
    signed_in(client, users["dsl"])
    assert f"R{referral.pk}" in client.get(reverse("referrals:mine")).content.decode()   # the school's referrals


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_api_applies_the_same_rules(users, child):
    body = {"person": child.pk, "need_level": "specialist", "concern": "", "wanted_outcome": WANTED,
            "consent": "given"}
    refused = api(users["teacher"]).post("/api/referrals/", body, format="json")
    assert refused.status_code == 400 and "Describe the concern" in refused.json()["concern"][0]
    made = api(users["teacher"]).post("/api/referrals/", {**body, "concern": CONCERN}, format="json")
    assert made.status_code == 201
    pk = made.json()["id"]
    assert api(users["police"]).get(f"/api/referrals/{pk}/").status_code == 404
    assert api(users["analyst"]).get("/api/referrals/").status_code == 403
    assert api(users["teacher"]).post(f"/api/referrals/{pk}/decision/", {
        "outcome": "strategy", "mash_need_level": "specialist", "reasons": REASONS}, format="json").status_code == 400
    no_reasons = api(users["mash"]).post(f"/api/referrals/{pk}/decision/", {
        "outcome": "nfa", "mash_need_level": "universal", "reasons": ""}, format="json")
    assert no_reasons.status_code == 400 and "reasons" in no_reasons.json()
    decided = api(users["mash"]).post(f"/api/referrals/{pk}/decision/", {
        "outcome": "strategy", "mash_need_level": "specialist", "reasons": REASONS}, format="json")
    assert decided.status_code == 200 and decided.json()["decision_reasons"] == REASONS
    seen = api(users["teacher"]).get(f"/api/referrals/{pk}/").json()
    assert seen["decision_reasons"] is None and seen["outcome"] is None       # not told yet
    told = api(users["mash"]).post(f"/api/referrals/{pk}/feedback/", {"feedback": FEEDBACK, "next_steps": NEXT},
                                   format="json")
    assert told.status_code == 200 and told.json()["feedback_at"]
    seen = api(users["teacher"]).get(f"/api/referrals/{pk}/").json()
    assert seen["outcome"] == "strategy" and seen["next_steps"] == NEXT and seen["decision_reasons"] is None
    assert [level["code"] for level in api(users["teacher"]).get("/api/referrals/need-levels/").json()] == [
        "universal", "early_help", "targeted", "specialist"]
    waiting = api(users["mash"]).get("/api/referrals/?state=waiting").json()
    assert waiting["count"] == 0


def test_the_chronology_page_shows_the_referral_its_decision_and_the_inbox_and_sharing_rows(client, users, child):
    referral = make(users, child)
    services.decide(referral, actor=users["mash"], outcome=Outcome.STRATEGY, mash_need_level="specialist",
                    reasons=REASONS)
    services.give_feedback(referral, actor=users["mash"], feedback=FEEDBACK, next_steps=NEXT)
    client.force_login(users["mash"])
    page = client.get(reverse("chronology:person", args=[child.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Referral to children&#x27;s social care (MASH)" in text and "MASH decision on the referral" in text
    assert "Referrer told the outcome" in text
    for kind in ("referral", "sharing", "decision"):
        assert client.get(reverse("chronology:person", args=[child.pk]), {"type": kind}).status_code == 200
