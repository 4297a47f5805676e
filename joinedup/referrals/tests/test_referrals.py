"""Referrals: what a referral must say, the MASH's decision with reasons, feedback to the referrer (R03, R13),
who may read a referral, and the referral on the child's chronology."""

import pytest
from django.core import mail

from joinedup.audit.models import ActionLog
from joinedup.chronology.sources import ChronologyContext, collect
from joinedup.referrals import services
from joinedup.referrals.models import Consent, Outcome, Referral
from joinedup.referrals.selectors import referrals_for
from joinedup.referrals.tests.conftest import CONCERN, FEEDBACK, NEXT, REASONS, WANTED

pytestmark = pytest.mark.django_db


def refer(user, person, **overrides):
    fields = {"need_level": "specialist", "concern": CONCERN, "wanted_outcome": WANTED, "consent": Consent.GIVEN,
              "consent_reason": ""}
    fields.update(overrides)
    return services.make_referral(referrer=user, person=person, **fields)


def test_a_teacher_refers_a_child_their_school_works_with(users, child, django_capture_on_commit_callbacks):
    users["mash"].email = "mash@example.org"
    users["mash"].save()
    with django_capture_on_commit_callbacks(execute=True):
        referral = refer(users["teacher"], child)
    assert referral.referrer_agency.code == "school" and referral.referrer_role == "Practitioner"
    assert referral.received_on is not None and referral.decided_at is None
    assert ActionLog.objects.filter(action="referral made", persons=child).exists()
    assert [m.to for m in mail.outbox] == [["mash@example.org"]]
    assert "Amira" not in mail.outbox[0].body and "vapes" not in mail.outbox[0].body  # no case detail by email


@pytest.mark.parametrize(("field", "value", "words"), [
    ("concern", "", "Describe the concern"),
    ("concern", "worried", "Describe the concern"),
    ("wanted_outcome", "n/a", "Say what you want to happen"),
    ("need_level", "level 3", "level of need"),
    ("consent", "maybe", "consented"),
])
def test_a_referral_must_say_what_the_concern_is_and_what_should_happen(users, child, field, value, words):
    with pytest.raises(services.Refused) as refused:
        refer(users["teacher"], child, **{field: value})
    assert words in " ".join(refused.value.errors[field])
    assert not Referral.objects.exists()


def test_without_consent_the_reason_for_sharing_is_required(users, child):
    for consent in (Consent.REFUSED, Consent.NOT_SOUGHT):
        with pytest.raises(services.Refused) as refused:
            refer(users["teacher"], child, consent=consent, consent_reason="")
        assert "significant harm" in refused.value.errors["consent_reason"][0]
    referral = refer(users["teacher"], child, consent=Consent.NOT_SOUGHT,
                     consent_reason="Telling the mother first could alert the adult and place Amira at greater risk.")
    assert referral.consent == Consent.NOT_SOUGHT and "greater risk" in referral.consent_reason


def test_only_children_the_referrer_may_see_and_only_non_mash_roles(users, child, make_record):
    elsewhere = make_record("health", "H9", "Jay", "Bell", nhs_number="9434765919").person
    with pytest.raises(services.Refused):
        refer(users["teacher"], elsewhere)
    with pytest.raises(services.Refused):
        refer(users["mash"], child)
    with pytest.raises(services.Refused):
        refer(users["analyst"], child)


def test_the_mash_decides_with_reasons_and_no_further_action_needs_them_too(users, child):
    referral = refer(users["teacher"], child)
    with pytest.raises(services.Refused) as refused:
        services.decide(referral, actor=users["mash"], outcome=Outcome.NFA, mash_need_level="early_help", reasons="")
    assert "reasons" in refused.value.errors["reasons"][0]
    with pytest.raises(services.Refused):
        services.decide(referral, actor=users["teacher"], outcome=Outcome.STRATEGY, mash_need_level="specialist",
                        reasons=REASONS)
    decided = services.decide(referral, actor=users["mash"], outcome=Outcome.STRATEGY, mash_need_level="specialist",
                              reasons=REASONS)
    assert decided.decided_at and decided.decided_by == users["mash"] and decided.mash_worker == users["mash"]
    assert ActionLog.objects.filter(action="referral decision: strategy", reason=REASONS).exists()
    with pytest.raises(services.Refused, match="already been decided"):
        services.decide(referral, actor=users["mash"], outcome=Outcome.NFA, mash_need_level="universal",
                        reasons=REASONS)


def test_feedback_follows_the_decision_and_reaches_the_referrer(users, child, django_capture_on_commit_callbacks):
    users["teacher"].email = "teacher@example.org"
    users["teacher"].save()
    referral = refer(users["teacher"], child)
    with pytest.raises(services.Refused, match="decision before"):
        services.give_feedback(referral, actor=users["mash"], feedback=FEEDBACK, next_steps=NEXT)
    services.decide(referral, actor=users["mash"], outcome=Outcome.STRATEGY, mash_need_level="specialist",
                    reasons=REASONS)
    with pytest.raises(services.Refused) as refused:
        services.give_feedback(referral, actor=users["mash"], feedback=FEEDBACK, next_steps="")
    assert "what will happen next" in refused.value.errors["next_steps"][0]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        told = services.give_feedback(referral, actor=users["mash"], feedback=FEEDBACK, next_steps=NEXT)
    assert told.feedback_at and told.feedback_by == users["mash"]
    assert [m.to for m in mail.outbox] == [["teacher@example.org"]]
    assert f"R{referral.pk}" in mail.outbox[0].subject and "section 47" not in mail.outbox[0].body


def test_who_may_read_a_referral(users, child, allocated, make_user):
    referral = refer(users["teacher"], child)
    assert referrals_for(users["teacher"]).filter(pk=referral.pk).exists()
    assert referrals_for(users["dsl"]).filter(pk=referral.pk).exists()            # the referrer's agency
    assert referrals_for(users["mash"]).filter(pk=referral.pk).exists()
    assert referrals_for(users["socialworker"]).filter(pk=referral.pk).exists()   # allocated: whole picture
    assert not referrals_for(users["police"]).filter(pk=referral.pk).exists()     # holds a record, not the referral
    assert not referrals_for(users["analyst"]).exists()
    colleague = make_user("nurse", "practitioner", "health")
    assert not referrals_for(colleague).exists()


def test_the_referral_decision_and_feedback_are_on_the_chronology(users, child):
    referral = refer(users["teacher"], child)
    services.decide(referral, actor=users["mash"], outcome=Outcome.STRATEGY, mash_need_level="specialist",
                    reasons=REASONS)
    services.give_feedback(referral, actor=users["mash"], feedback=FEEDBACK, next_steps=NEXT)

    def keys(user, whole):
        return {e.key.split(":")[0] for e in collect(ChronologyContext(user=user, person=child, whole_picture=whole))
                if e.origin == "referrals"}

    assert keys(users["mash"], True) == {"referral", "referral-decision", "referral-feedback"}
    assert keys(users["teacher"], False) == {"referral", "referral-feedback"}   # told the outcome, not the reasons
    assert keys(users["police"], False) == set()
