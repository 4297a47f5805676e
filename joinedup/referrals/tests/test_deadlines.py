"""The MASH decides within one working day (D01, R13) and tells the referrer the outcome (D02, R03): a prompt is
raised when either passes, counted in working days (weekends and England and Wales bank holidays excluded)."""

from datetime import UTC, date, datetime

import pytest

from joinedup.prompts.deadlines import raise_overdue
from joinedup.prompts.models import Prompt
from joinedup.prompts.tests.links import assert_prompt_links_to
from joinedup.referrals import services
from joinedup.referrals.models import Consent, Outcome, Referral
from joinedup.referrals.selectors import decision_due_on, working_days_between
from joinedup.referrals.tests.conftest import CONCERN, FEEDBACK, NEXT, REASONS, WANTED

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(users, child):
    made = services.make_referral(referrer=users["teacher"], person=child, need_level="specialist", concern=CONCERN,
                                  wanted_outcome=WANTED, consent=Consent.GIVEN)
    return made


def received(referral, day: date) -> Referral:
    Referral.objects.filter(pk=referral.pk).update(received_on=day)
    referral.refresh_from_db()
    return referral


def d01(as_of: date) -> list[Prompt]:
    raise_overdue(as_of=as_of)
    return list(Prompt.objects.filter(rule_id="D01"))


def test_a_referral_received_on_friday_is_due_on_monday_not_over_the_weekend(referral):
    received(referral, date(2026, 11, 20))                     # Friday
    assert decision_due_on(referral) == date(2026, 11, 23)     # Monday
    assert d01(date(2026, 11, 22)) == []                       # Sunday: the weekend does not count
    assert d01(date(2026, 11, 23)) == []                       # due today, not yet overdue
    raised = d01(date(2026, 11, 24))
    assert len(raised) == 1 and raised[0].person_id == referral.person_id
    assert raised[0].team == "MASH" and raised[0].assigned_to is None
    assert f"R{referral.pk} from Hill Top Academy" in raised[0].explanation
    assert "vapes" not in raised[0].explanation                # the concern stays with those who may read it


def test_bank_holidays_do_not_count_towards_the_working_day(referral):
    received(referral, date(2026, 4, 2))                       # Thursday before Good Friday and Easter Monday
    assert decision_due_on(referral) == date(2026, 4, 7)
    assert d01(date(2026, 4, 7)) == []
    assert len(d01(date(2026, 4, 8))) == 1


def test_a_decided_referral_raises_no_d01_and_a_picked_up_one_goes_to_its_officer(users, referral):
    received(referral, date(2026, 11, 20))
    services.pick_up(referral, actor=users["mash"])
    raised = d01(date(2026, 11, 24))
    assert raised[0].assigned_to == users["mash"]
    assert_prompt_links_to(raised[0], users["mash"], f"/referrals/{referral.pk}/")
    Prompt.objects.all().delete()
    services.decide(referral, actor=users["mash"], outcome=Outcome.ASSESSMENT, mash_need_level="targeted",
                    reasons=REASONS)
    assert d01(date(2026, 11, 30)) == []


def decided_on(referral, users, moment: datetime) -> None:
    services.decide(referral, actor=users["mash"], outcome=Outcome.STRATEGY, mash_need_level="specialist",
                    reasons=REASONS)
    Referral.objects.filter(pk=referral.pk).update(decided_at=moment)


def test_a_referrer_not_told_the_outcome_raises_a_prompt_to_the_decider(users, referral):
    received(referral, date(2026, 11, 20))
    decided_on(referral, users, datetime(2026, 11, 23, 10, tzinfo=UTC))     # Monday
    raise_overdue(as_of=date(2026, 11, 25))                                  # 2 working days: due Wednesday
    assert not Prompt.objects.filter(rule_id="D02").exists()
    raise_overdue(as_of=date(2026, 11, 26))
    prompt = Prompt.objects.get(rule_id="D02")
    assert prompt.assigned_to == users["mash"] and "not been told" in prompt.title


def test_feedback_meets_d02(users, referral):
    received(referral, date(2026, 11, 20))
    decided_on(referral, users, datetime(2026, 11, 23, 10, tzinfo=UTC))
    referral.refresh_from_db()
    services.give_feedback(referral, actor=users["mash"], feedback=FEEDBACK, next_steps=NEXT)
    raise_overdue(as_of=date(2026, 12, 31))
    assert not Prompt.objects.filter(rule_id__in=["D01", "D02"]).exists()


def test_working_days_waited():
    assert working_days_between(date(2026, 11, 20), date(2026, 11, 23)) == 1     # Friday to Monday
    assert working_days_between(date(2026, 4, 2), date(2026, 4, 7)) == 1         # over Easter
    assert working_days_between(date(2026, 11, 23), date(2026, 11, 23)) == 0
