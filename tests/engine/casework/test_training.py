"""Training pathways (engine/casework/training.yaml, R77): volunteers' pathway, refresher expiry, the loader."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.casework.training import (
    CURRENT,
    EXPIRED,
    MISSING,
    TrainingError,
    add_months,
    build_training,
    load_training,
    read_training,
)

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
USER_ROLES = {"practitioner", "dsl", "mash_officer", "team_manager", "analyst", "administrator"}


def _cited(citation) -> str:
    files = {p.name[:3]: p for p in (SHARED / "seeds").glob("0*.txt")}
    files["guidance"] = SHARED / "docs" / "practice-guidance.md"
    if citation.file not in files or not files[citation.file].exists():
        pytest.skip("the seed texts are not beside this checkout")
    lines = files[citation.file].read_text(encoding="utf-8").splitlines()
    first, last = citation.line_range
    assert 1 <= first <= last <= len(lines), citation
    return " ".join(lines[first - 1:last])


# ------------------------------------------------------------------------------------------------------- R77


def test_r77_volunteers_have_a_pathway_with_exploitation_awareness_and_appropriate_language():
    training = load_training()
    volunteer = training.pathway("volunteer")
    assert not volunteer.joinedup_role
    codes = {course.code for course in volunteer.courses}
    assert {"exploitation_awareness", "appropriate_language"} <= codes
    assert "volunteers" in _cited(volunteer.learning[0]).lower()        # 001 L229-231: "to include volunteers"
    exploitation = training.course("exploitation_awareness")
    assert "victimblaming and labelling" in _cited(exploitation.learning[0]).replace("-", "")
    assert exploitation.refresher_months


def test_r77_everyone_who_works_with_young_people_attends_exploitation_training():
    training = load_training()
    for role in ("volunteer", "support_staff", "practitioner", "dsl", "mash_officer", "team_manager"):
        assert "exploitation_awareness" in {c.code for c in training.pathway(role).courses}, role
    for pathway in training.pathways:                                     # everyone learns the language guidance
        assert "appropriate_language" in {c.code for c in pathway.courses}, pathway.role


def test_every_joinedup_role_that_signs_in_has_a_pathway_and_systems_do_not():
    training = load_training()
    assert {p.role for p in training.pathways if p.joinedup_role} == USER_ROLES
    assert not training.has_pathway("agency_system")
    assert {p.role for p in training.non_user_roles} == {"volunteer", "support_staff"}


def test_r77_compliance_counts_refresher_expiry():
    volunteer = load_training().pathway("volunteer")
    attended = {"safeguarding_essentials": [date(2025, 1, 10)],
                "exploitation_awareness": [date(2023, 3, 1)],             # 36-month refresher
                "appropriate_language": [date(2024, 6, 1)]}
    before = volunteer.check(attended, date(2026, 2, 28))
    assert before.up_to_date and all(c.state == CURRENT for c in before.courses)
    after = volunteer.check(attended, date(2026, 3, 1))                   # three years on: expired that day
    assert not after.up_to_date
    [expired] = after.expired
    assert (expired.course.code, expired.state, expired.expires_on) == ("exploitation_awareness", EXPIRED,
                                                                        date(2026, 3, 1))
    assert "expired on 1 Mar 2026" in expired.words()
    refreshed = volunteer.check({**attended, "exploitation_awareness": [date(2023, 3, 1), date(2026, 2, 20)]},
                                date(2026, 3, 1))
    assert refreshed.up_to_date                                           # the latest attendance counts


def test_a_course_never_attended_is_missing_and_attendance_after_the_day_does_not_count():
    practitioner = load_training().pathway("practitioner")
    check = practitioner.check({"safeguarding_essentials": [date(2026, 5, 1)]}, date(2026, 4, 30))
    assert {c.course.code: c.state for c in check.courses} == {
        "safeguarding_essentials": MISSING, "exploitation_awareness": MISSING, "appropriate_language": MISSING,
        "multi_agency_working": MISSING}
    assert check.missing[0].words() == "not attended"


def test_a_course_with_no_refresher_never_expires():
    doc = copy.deepcopy(read_training())
    doc["courses"][0]["refresher_months"] = None
    training = build_training(doc)
    course = training.courses[0]
    pathway = next(p for p in training.pathways if course in p.courses)
    check = pathway.check({course.code: [date(2000, 1, 1)]}, date(2040, 1, 1))
    assert next(c for c in check.courses if c.course == course).state == CURRENT
    assert course.refresher() == "once; no refresher"


@given(st.dates(date(2000, 1, 1), date(2040, 12, 31)), st.integers(1, 120))
def test_add_months_lands_in_the_right_month_and_never_overshoots(day, months):
    later = add_months(day, months)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    assert later.day <= day.day and (later.day == day.day or (later + timedelta(days=1)).day == 1)


# ------------------------------------------------------------------------------------------------ citations


def test_every_course_and_pathway_cites_lines_that_exist():
    training = load_training()
    for item in (*training.courses, *training.pathways):
        assert item.learning, item
        for citation in item.learning:
            assert _cited(citation).strip(), (item, citation)


# ------------------------------------------------------------------------------------------------- the loader


@pytest.mark.parametrize("change, message", [
    (lambda d: d["courses"][0].__setitem__("pass_mark", 80), "unknown key 'pass_mark'"),
    (lambda d: d["courses"][0].__setitem__("risk_band", "high"), "risk_band"),
    (lambda d: d["pathways"][0].__setitem__("priority_level", 1), "priority_level"),
    (lambda d: d["courses"][0].__setitem__("covers", "Scores each learner as high risk"), "score, rating or band"),
    (lambda d: d["courses"][0].__setitem__("refresher_months", 0), "refresher_months"),
    (lambda d: d["courses"][1].__setitem__("code", d["courses"][0]["code"]), "code repeated"),
    (lambda d: d["pathways"][0]["courses"].append("juggling"), "unknown courses"),
    (lambda d: d["pathways"][0].__setitem__("learning", []), "learning must be a non-empty list"),
    (lambda d: d["pathways"][0]["learning"][0].__setitem__("lines", ""), "cite the lines"),
    (lambda d: d["courses"][0].__setitem__("title", "Girls putting herself at risk"), "putting herself at risk"),
])
def test_the_loader_refuses_bad_training_files_and_names_the_problem(change, message):
    doc = copy.deepcopy(read_training())
    change(doc)
    with pytest.raises(TrainingError, match=message):
        build_training(doc)
