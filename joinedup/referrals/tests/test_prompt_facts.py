"""A referral made through JoinedUp is a contact at children's social care for the prompt catalogue: a child
referred this way is not prompted as "concerns from two or more agencies and no referral" (P22, R04), and its
decision deadline is D01 alone, never also P34."""

from datetime import UTC, date, datetime, timedelta

import pytest

from joinedup.prompts.deadlines import raise_overdue
from joinedup.prompts.models import Prompt
from joinedup.prompts.services import evaluate_everyone, evaluate_people
from joinedup.referrals import services
from joinedup.referrals.models import Consent, Outcome, Referral
from joinedup.referrals.tests.conftest import CONCERN, REASONS, WANTED

pytestmark = pytest.mark.django_db

FIRST = date(2026, 9, 7)          # a Monday
AFTER = FIRST + timedelta(days=60)


@pytest.fixture
def two_agencies_worried(child, records, make_event):
    """The school and the police each record a concern about Amira within ten days."""
    make_event("school", "SC1", records["school"], "school.safeguarding_concern",
               occurred_at=datetime(2026, 9, 7, 10, tzinfo=UTC))
    make_event("police", "PC1", records["police"], "safeguarding.concern",
               occurred_at=datetime(2026, 9, 17, 22, tzinfo=UTC))
    return child


def refer(child, users, received_on: date) -> Referral:
    referral = services.make_referral(referrer=users["teacher"], person=child, need_level="specialist",
                                      concern=CONCERN, wanted_outcome=WANTED, consent=Consent.GIVEN)
    Referral.objects.filter(pk=referral.pk).update(received_on=received_on)
    referral.refresh_from_db()
    return referral


def rules_raised(evaluate, child) -> set[str]:
    """The rules raised for the child, one child at a time or through the set-based evaluator."""
    if evaluate is evaluate_people:
        return {p.rule_id for p in evaluate_people([child.pk], as_of=AFTER)}
    return {p.rule_id for p in evaluate_everyone(person_ids=[child.pk], as_of=AFTER)}


@pytest.mark.parametrize("evaluate", [evaluate_people, evaluate_everyone])
def test_without_a_referral_p22_is_raised(two_agencies_worried, evaluate):
    assert "P22" in rules_raised(evaluate, two_agencies_worried)


@pytest.mark.parametrize("evaluate", [evaluate_people, evaluate_everyone])
def test_a_referral_made_in_joinedup_means_a_referral_was_made(two_agencies_worried, users, evaluate):
    refer(two_agencies_worried, users, FIRST + timedelta(days=12))
    raised = rules_raised(evaluate, two_agencies_worried)
    assert "P22" not in raised
    assert "P34" not in raised                      # undecided, but its one-working-day deadline is D01's
    assert not Prompt.objects.filter(rule_id__in=["P22", "P34"]).exists()


def test_a_referral_made_after_the_deadline_does_not_undo_the_prompt(two_agencies_worried, users):
    refer(two_agencies_worried, users, FIRST + timedelta(days=40))           # the 28 days had passed
    assert "P22" in rules_raised(evaluate_people, two_agencies_worried)


def test_an_undecided_referral_is_d01_alone_and_a_decided_one_carries_its_outcome(child, users):
    referral = refer(child, users, date(2026, 11, 20))
    assert "P34" not in {p.rule_id for p in evaluate_people([child.pk], as_of=date(2026, 12, 31))}
    assert [p.rule_id for p in raise_overdue(as_of=date(2026, 11, 24), person_ids=[child.pk])] == ["D01"]
    services.decide(referral, actor=users["mash"], outcome=Outcome.ASSESSMENT, mash_need_level="targeted",
                    reasons=REASONS)
    from joinedup.referrals.prompt_facts import referral_facts

    [(person_id, row)] = list(referral_facts([child.pk]))
    assert person_id == child.pk and row["event_type"] == "csc.contact" and row["day"] == date(2026, 11, 20)
    assert row["attributes"] == {"recorded_in": "joinedup_referral", "outcome": "referral"}
    assert row["agency"] == "mash"
    assert not Prompt.objects.filter(rule_id="P34").exists()
