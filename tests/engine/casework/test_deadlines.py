"""Casework deadlines (engine/casework/deadlines.yaml): working days, what meets a deadline, and the loader."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.casework import DeadlinesError, build_deadlines, load_deadlines, overdue
from engine.casework.deadlines import read_deadlines
from engine.prompts.calendar import add_working_days, is_working_day

SHARED = Path(__file__).resolve().parents[3].parent / "shared"


def referral(received, decided=None, feedback=None, key=1):
    return {"kind": "referral", "key": key, "person_key": 7, "received_on": received, "decided_at": decided,
            "feedback_at": feedback, "label": "bruising seen at school"}


def test_a_referral_received_on_friday_is_due_by_the_end_of_monday():
    friday = date(2026, 11, 20)
    assert overdue([referral(friday)], date(2026, 11, 23)) == []          # Monday: still in time
    [late] = overdue([referral(friday)], date(2026, 11, 24))
    assert (late.rule_id, late.due, late.moment, late.person_key) == ("D01", date(2026, 11, 23), date(2026, 11, 24), "7")
    assert "20 Nov 2026" in late.explanation and "23 Nov 2026" in late.explanation
    assert late.episode == "referral:1" and not late.dismissable


def test_bank_holidays_do_not_count_as_working_days():
    christmas_eve = date(2026, 12, 24)                                      # Thursday; 25th and 28th are holidays
    [late] = overdue([referral(christmas_eve)], date(2026, 12, 30))
    assert late.due == date(2026, 12, 29)
    assert overdue([referral(christmas_eve)], date(2026, 12, 29)) == []


def test_a_decision_meets_d01_and_starts_the_feedback_clock_d02():
    received, decided = date(2026, 3, 2), date(2026, 3, 2)
    assert [o.rule_id for o in overdue([referral(received, decided)], date(2026, 3, 4))] == []
    [late] = overdue([referral(received, decided)], date(2026, 3, 5))      # two working days after the decision
    assert late.rule_id == "D02" and "referrer" in late.explanation
    assert overdue([referral(received, decided, feedback=date(2026, 3, 3))], date(2026, 6, 1)) == []


def test_a_due_date_field_and_an_immediate_rule():
    action = {"kind": "meeting_action", "key": 3, "person_key": 9, "agreed_on": date(2026, 1, 5),
              "due_on": date(2026, 1, 19), "completed_on": None, "label": "Visit the family with the school nurse"}
    assert overdue([action], date(2026, 1, 19)) == []
    [late] = overdue([action], date(2026, 1, 22))
    assert late.rule_id == "D05" and "(3 days overdue)" in late.explanation
    ended = {"kind": "escalation", "key": 4, "person_key": 9, "closed_on": date(2026, 2, 2), "outcome": ""}
    assert [o.rule_id for o in overdue([ended], date(2026, 2, 2))] == ["D04"]   # on the day it closed
    assert overdue([{**ended, "outcome": "Strategy discussion agreed"}], date(2026, 2, 2)) == []
    assert overdue([{**ended, "closed_on": None}], date(2026, 2, 2)) == []          # still open: no clock


def test_a_record_about_a_context_is_overdue_about_that_context_not_a_child():
    action = {"kind": "context_action", "key": 5, "context_key": 12, "agreed_on": date(2026, 3, 2),
              "due_on": date(2026, 3, 16), "closed_on": None, "label": "Licensing visit to the takeaway"}
    assert overdue([action], date(2026, 3, 16)) == []
    [late] = overdue([action], date(2026, 3, 18))
    assert (late.rule_id, late.person_key, late.context_key, late.episode) == ("D10", None, "12", "context_action:5")
    assert "(2 days overdue)" in late.explanation and "Licensing visit" in late.explanation
    assert overdue([{**action, "closed_on": date(2026, 3, 17)}], date(2026, 4, 1)) == []
    with pytest.raises(ValueError, match="exactly one"):
        overdue([{**action, "person_key": 7}], date(2026, 3, 18))
    with pytest.raises(ValueError, match="exactly one"):
        overdue([{k: v for k, v in action.items() if k != "context_key"}], date(2026, 3, 18))


@given(st.dates(date(2000, 1, 1), date(2040, 12, 31)), st.integers(0, 40), st.booleans())
def test_overdue_exactly_when_the_deadline_passed_unmet(received, after, decided):
    as_of = received + timedelta(days=after)
    found = {o.rule_id for o in overdue([referral(received, received if decided else None,
                                                   feedback=received if decided else None)], as_of)}
    due = add_working_days(received, 1)
    assert ("D01" in found) == (not decided and as_of > due)
    assert is_working_day(due) and due > received


def test_every_rule_cites_lines_that_exist():
    files = {p.name[:3]: p for p in (SHARED / "seeds").glob("0*.txt")}
    files["guidance"] = SHARED / "docs" / "practice-guidance.md"
    if not all(p.exists() for p in files.values()) or len(files) < 6:
        pytest.skip("the seed texts are not beside this checkout")
    for rule in load_deadlines().rules:
        for citation in rule.learning:
            lines = files[citation.file].read_text(encoding="utf-8").splitlines()
            first, _, last = citation.lines.partition("-")
            first, last = int(first), int(last or first)
            assert 1 <= first <= last <= len(lines), (rule.id, citation)
            assert " ".join(lines[first - 1:last]).strip(), (rule.id, citation)


@pytest.mark.parametrize("change, message", [
    (lambda d: d["rules"][0].__setitem__("due", {"hours": 3}), "due must be one of"),
    (lambda d: d["rules"][0].__setitem__("because", "Overdue by {weeks}"), "unknown placeholders"),
    (lambda d: d["rules"][0].__setitem__("questions", ["Do this now."]), "questions"),
    (lambda d: d["rules"][0].__setitem__("risk_score", 3), "risk_score"),
    (lambda d: d["rules"][1].__setitem__("id", "D01"), "id repeated"),
    (lambda d: d["rules"][0]["learning"][0].__setitem__("lines", "12-x"), "lines"),
    (lambda d: d["rules"][0].__setitem__("title", "Girl putting herself at risk"), "putting herself at risk"),
])
def test_the_loader_refuses_bad_rules_and_names_the_problem(change, message):
    doc = copy.deepcopy(read_deadlines())
    change(doc)
    with pytest.raises(DeadlinesError, match=message):
        build_deadlines(doc)


def encompass(incident, due_at, sent=None):
    return {"kind": "encompass_notification", "key": 4, "person_key": 7, "incident_on": incident.date(),
            "due_at": due_at, "sent_at": sent, "label": "Hill Top Academy"}


def test_a_deadline_with_a_time_of_day_passes_at_that_time_when_the_run_knows_the_time():
    from datetime import datetime

    record = encompass(datetime(2026, 12, 4, 22, 40), datetime(2026, 12, 7, 8, 40))
    monday = date(2026, 12, 7)
    assert overdue([record], monday, now=datetime(2026, 12, 7, 8, 39)) == []
    [late] = overdue([record], monday, now=datetime(2026, 12, 7, 8, 40))
    assert (late.rule_id, late.moment, late.due, late.episode) == ("D11", monday, monday, "encompass_notification:4")
    assert "08:40 on 07 Dec 2026" in late.explanation and "Hill Top Academy" in late.explanation
    # a run for a past day (no time) counts from the next day, like every other deadline
    assert overdue([record], monday) == []
    assert [o.rule_id for o in overdue([record], date(2026, 12, 8))] == ["D11"]
    # sent, even late, the notification no longer waits
    assert overdue([encompass(datetime(2026, 12, 4, 22, 40), datetime(2026, 12, 7, 8, 40),
                              sent=datetime(2026, 12, 7, 9, 5))], monday, now=datetime(2026, 12, 7, 10)) == []
