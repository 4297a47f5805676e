"""Prompts are raised from every agency's events about a child, once, with the events behind them."""

from datetime import UTC, date, datetime

import pytest

from joinedup.prompts.models import Prompt
from joinedup.prompts.services import evaluate_people


def _at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(hour=10, tzinfo=UTC)


@pytest.fixture
def child(make_record):
    school = make_record("school", "S1", "Amira", "Khan", born=date(2011, 6, 1), nhs_number="4857773456")
    make_record("police", "P1", "Amira", "Khan", born=date(2011, 6, 1), nhs_number="4857773456")
    return school.person


def test_three_missing_episodes_across_agencies_raise_one_prompt_with_its_events(child, make_event):
    police = child.records.get(agency__code="police")
    school = child.records.get(agency__code="school")
    events = [make_event("police", "M1", police, "police.missing_report", occurred_at=_at("2026-01-05")),
              make_event("police", "M2", police, "police.missing_report", occurred_at=_at("2026-02-01")),
              make_event("school", "A1", school, "school.attendance_concern", occurred_at=_at("2026-02-10"))]
    assert not [p for p in evaluate_people([child.pk], as_of=date(2026, 3, 1)) if p.rule_id == "P01"]
    events.append(make_event("police", "M3", police, "police.missing_report", occurred_at=_at("2026-03-02")))
    raised = [p for p in evaluate_people([child.pk], as_of=date(2026, 3, 3)) if p.rule_id == "P01"]
    assert len(raised) == 1
    prompt = raised[0]
    assert prompt.moment == date(2026, 3, 2)               # the day the third episode made the pattern knowable
    assert set(prompt.events.values_list("source_id", flat=True)) == {"M1", "M2", "M3"}
    assert prompt.team == "MASH" and prompt.assigned_to is None
    assert "score" not in prompt.explanation.lower()
    # Evaluating again (another import touching the child) raises nothing new.
    assert not [p for p in evaluate_people([child.pk], as_of=date(2026, 3, 4)) if p.rule_id == "P01"]
    assert Prompt.objects.filter(person=child, rule_id="P01").count() == 1


def test_a_prompt_goes_to_the_allocated_worker_by_name(child, make_event, users):
    from joinedup.people.models import Allocation

    Allocation.objects.create(person=child, worker=users["socialworker"], start_date=date(2025, 1, 1))
    record = child.records.get(agency__code="school")
    make_event("health", "H1", record, "health.self_harm_presentation", occurred_at=_at("2026-04-01"))
    prompt = Prompt.objects.get(pk=next(p.pk for p in evaluate_people([child.pk], as_of=date(2026, 4, 2))
                                        if p.rule_id == "P02"))
    assert prompt.assigned_to == users["socialworker"] and not prompt.dismissable


def test_set_based_and_one_child_at_a_time_raise_the_same_prompts(child, make_record, make_event):
    from joinedup.prompts.services import evaluate_everyone

    other = make_record("health", "H9", "Leo", "Marsh", born=date(2010, 2, 2)).person
    police = child.records.get(agency__code="police")
    health = other.records.get()
    for n, day in enumerate(["2026-01-05", "2026-02-01", "2026-03-02"]):
        make_event("police", f"M{n}", police, "police.missing_report", occurred_at=_at(day))
    make_event("health", "SH1", health, "health.self_harm_presentation", occurred_at=_at("2026-02-11"))
    make_event("health", "SH2", health, "health.overdose_presentation", occurred_at=_at("2026-05-11"))

    def raised():
        return {(p.person_id, p.rule_id, p.moment, frozenset(p.events.values_list("id", flat=True)))
                for p in Prompt.objects.all()}

    assert evaluate_everyone(as_of=date(2026, 6, 1))
    together = raised()
    Prompt.objects.all().delete()
    evaluate_people([child.pk, other.pk], as_of=date(2026, 6, 1))
    assert raised() == together
    assert {rule for _, rule, _, _ in together} >= {"P01", "P02", "P03"}
