"""Each rule, on a small hand-made history: it fires at the moment it becomes knowable, and not when
one element of the pattern is missing. The bulk evaluator must agree on every case."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from engine.prompts import add_working_days, evaluate_child, evaluate_rows

D0 = date(2024, 6, 3)  # a Monday
CHILD_14 = date(2010, 1, 10)
_n = iter(range(1, 10_000))


def ev(offset: int, etype: str, agency: str = "csc", about: str = "child", **attrs) -> dict:
    return {"event_id": f"E{next(_n):05d}", "event_type": etype, "day": D0 + timedelta(days=offset),
            "agency": agency, "about": about, "attributes": attrs or None}


def wd(n: int) -> date:
    return add_working_days(D0, n)


def d(offset: int) -> date:
    return D0 + timedelta(days=offset)


SEXUAL = {"harm": "sexual", "setting": "extra_familial"}
EXPLOIT = {"concern": "exploitation_sexual"}

# rule -> (date of birth, events that raise it, expected moment, events that do not raise it)
CASES = {
    "P01": (CHILD_14, lambda: [ev(0, "csc.missing_episode"), ev(30, "police.missing_report", "police"),
                               ev(60, "csc.missing_episode")], d(60),
            lambda: [ev(0, "csc.missing_episode"), ev(30, "csc.missing_episode"), ev(100, "csc.missing_episode")]),
    "P02": (CHILD_14, lambda: [ev(0, "health.overdose_presentation", "health")], d(0),
            lambda: [ev(0, "health.ae_attendance", "health")]),
    "P03": (CHILD_14, lambda: [ev(0, "health.self_harm_presentation", "health"),
                               ev(100, "health.suicidal_ideation", "school")], d(100),
            lambda: [ev(0, "health.self_harm_presentation", "health"),
                     ev(200, "health.self_harm_presentation", "health")]),
    "P04": (date(2021, 1, 1), lambda: [ev(0, "appointment.was_not_brought", "health"),
                                       ev(50, "appointment.cancelled", "health", cancelled_by="family"),
                                       ev(100, "appointment.rescheduled", "health", requested_by="family")], d(100),
            lambda: [ev(0, "appointment.was_not_brought", "health"), ev(50, "appointment.was_not_brought", "health"),
                     ev(100, "appointment.cancelled", "health", cancelled_by="service")]),
    "P05": (date(2021, 1, 1), lambda: [ev(0, "appointment.was_not_brought", "health"),
                                       ev(30, "appointment.was_not_brought", "health"), ev(60, "csc.closure")], d(60),
            lambda: [ev(0, "appointment.was_not_brought", "health"), ev(30, "appointment.was_not_brought", "health"),
                     ev(40, "csc.assessment"), ev(60, "csc.closure")]),
    "P06": (CHILD_14, lambda: [ev(0, "child.disclosure", "school", **SEXUAL), ev(10, "child.retraction")], d(10),
            lambda: [ev(0, "child.disclosure", "school", **SEXUAL)]),
    "P07": (CHILD_14, lambda: [ev(0, "child.disclosure", "police", **SEXUAL)], wd(2),
            lambda: [ev(0, "child.disclosure", "police", **SEXUAL), ev(1, "csc.strategy_discussion")]),
    "P08": (CHILD_14, lambda: [ev(0, "child.disclosure", "school", harm="physical")], wd(5),
            lambda: [ev(0, "child.disclosure", "school", harm="physical"), ev(3, "health.cp_medical", "health")]),
    "P09": (date(2012, 1, 10), lambda: [ev(0, "health.sexual_health_attendance", "health")], d(0),
            lambda: [ev(0, "health.ae_attendance", "health")]),
    "P10": (CHILD_14, lambda: [ev(0, "police.found_with_adult", "police")], d(0),
            lambda: [ev(0, "police.intelligence_person", "police")]),
    "P11": (CHILD_14, lambda: [ev(0, "health.pregnancy", "health")], d(0),
            lambda: [ev(0, "health.maternity_booking", "health")]),
    "P12": (CHILD_14, lambda: [ev(0, "csc.missing_episode"), ev(20, "police.arrest", "police"),
                               ev(40, "health.sexual_health_attendance", "health")], d(40),
            lambda: [ev(0, "csc.missing_episode"), ev(60, "police.arrest", "police"),
                     ev(120, "health.sexual_health_attendance", "health")]),
    "P13": (CHILD_14, lambda: [ev(0, "safeguarding.concern", "youth", **EXPLOIT)], d(28),
            lambda: [ev(0, "safeguarding.concern", "youth", **EXPLOIT),
                     ev(10, "safeguarding.contextual_forum_discussion")]),
    "P14": (CHILD_14, lambda: [ev(0, "police.domestic_abuse_incident", "police", "household"),
                               ev(100, "police.domestic_abuse_incident", "police"),
                               ev(200, "police.domestic_abuse_incident", "police", "household")], d(200),
            lambda: [ev(0, "police.domestic_abuse_incident", "police", "household"),
                     ev(100, "police.domestic_abuse_incident", "police"),
                     ev(400, "police.domestic_abuse_incident", "police", "household")]),
    "P15": (CHILD_14, lambda: [ev(0, "household.new_partner", "csc", "household")], d(0),
            lambda: [ev(0, "household.move", "csc", "household")]),
    "P16": (CHILD_14, lambda: [ev(0, "household.separation", "csc", "household", threats=True)], d(0),
            lambda: [ev(0, "household.separation", "csc", "household", threats=False)]),
    "P17": (CHILD_14, lambda: [ev(0, "police.domestic_abuse_incident", "police", "household"),
                               ev(30, "household.separation", "csc", contact_restricted=True)], d(30),
            lambda: [ev(30, "household.separation", "csc", contact_restricted=True)]),
    "P18": (D0, lambda: [ev(-100, "health.substance_misuse_treatment", "health", "household"),
                         ev(0, "health.birth", "health", neonatal_abstinence=True)], d(0),
            lambda: [ev(-100, "health.substance_misuse_treatment", "health", "household"),
                     ev(0, "health.birth", "health", neonatal_abstinence=False)]),
    "P19": (D0 - timedelta(days=60), lambda: [ev(0, "health.injury", "health")], d(0),
            lambda: [ev(0, "health.ae_attendance", "health")]),
    "P20": (CHILD_14, lambda: [ev(0, "csc.referral"), ev(100, "school.part_time_timetable_start", "school")], d(100),
            lambda: [ev(100, "school.part_time_timetable_start", "school")]),
    "P21": (CHILD_14, lambda: [ev(0, "police.domestic_abuse_incident", "police", children_present=True)], wd(3),
            lambda: [ev(0, "police.domestic_abuse_incident", "police", children_present=True),
                     ev(1, "csc.contact")]),
    "P22": (CHILD_14, lambda: [ev(0, "school.safeguarding_concern", "school"), ev(10, "health.injury", "health")],
            d(28), lambda: [ev(0, "school.safeguarding_concern", "school"), ev(10, "health.injury", "health"),
                            ev(15, "csc.referral")]),
    "P23": (CHILD_14, lambda: [ev(0, "police.domestic_abuse_incident", "police", "household"),
                               ev(30, "youth.concern", "youth", **EXPLOIT)], d(30),
            lambda: [ev(0, "police.domestic_abuse_incident", "police", "household"),
                     ev(30, "youth.concern", "youth", concern="neglect")]),
    "P24": (date(2008, 1, 10), lambda: [ev(0, "police.domestic_abuse_incident", "police"),
                                        ev(20, "safeguarding.concern", "youth", **EXPLOIT)], d(20),
            lambda: [ev(0, "police.domestic_abuse_incident", "police"), ev(10, "csc.strategy_discussion"),
                     ev(20, "safeguarding.concern", "youth", **EXPLOIT)]),
    "P25": (CHILD_14, lambda: [ev(0, "safeguarding.concern", "school", **EXPLOIT),
                               ev(30, "police.crime_suspect", "police")], d(30),
            lambda: [ev(30, "police.crime_suspect", "police")]),
    "P26": (date(2006, 12, 13), lambda: [ev(0, "safeguarding.concern", "youth", **EXPLOIT)], date(2024, 6, 13),
            lambda: [ev(-400, "safeguarding.concern", "youth", **EXPLOIT)]),
    "P27": (CHILD_14, lambda: [ev(0, "health.self_harm_presentation", "health"),
                               ev(30, "health.camhs_discharge", "health")], d(30),
            lambda: [ev(30, "health.camhs_discharge", "health")]),
    "P28": (CHILD_14, lambda: [ev(0, "police.dvpo", "police", "household"),
                               ev(10, "police.domestic_abuse_incident", "police", "household")], d(10),
            lambda: [ev(0, "police.dvpo", "police", "household"),
                     ev(40, "police.domestic_abuse_incident", "police", "household")]),
    "P29": (CHILD_14, lambda: [ev(0, "csc.cp_plan_end"),
                               ev(100, "police.domestic_abuse_incident", "police", "household")], d(100),
            lambda: [ev(100, "police.domestic_abuse_incident", "police", "household")]),
    "P30": (CHILD_14, lambda: [ev(0, "csc.referral"), ev(2, "csc.no_further_action"), ev(100, "csc.referral")], d(100),
            lambda: [ev(0, "csc.referral"), ev(2, "csc.assessment"), ev(100, "csc.referral")]),
    "P31": (CHILD_14, lambda: [ev(0, "health.substance_misuse_treatment", "health")], d(0),
            lambda: [ev(0, "health.substance_misuse_treatment", "health", "household")]),
    "P32": (date(2007, 9, 1), lambda: [ev(0, "household.homelessness", "csc", young_person_alone=True)], d(0),
            lambda: [ev(0, "household.homelessness", "csc", young_person_alone=False)]),
    "P33": (CHILD_14, lambda: [ev(0, "school.safeguarding_concern", "school", **EXPLOIT),
                               ev(10, "police.found_with_adult", "police")], d(10),
            lambda: [ev(0, "school.safeguarding_concern", "school", **EXPLOIT),
                     ev(10, "school.safeguarding_concern", "school", **EXPLOIT)]),
    "P34": (CHILD_14, lambda: [ev(0, "csc.contact")], wd(1),
            lambda: [ev(0, "csc.contact", outcome="referral"),      # decided; and a JoinedUp referral (D01's)
                     ev(5, "csc.contact", recorded_in="joinedup_referral")]),
    "P35": (CHILD_14, lambda: [ev(0, "csc.referral")], wd(45),
            lambda: [ev(0, "csc.referral"), ev(30, "csc.assessment")]),
    "P36": (CHILD_14, lambda: [ev(0, "csc.strategy_discussion"), ev(1, "csc.section47")], wd(15),
            lambda: [ev(0, "csc.strategy_discussion"), ev(1, "csc.section47"), ev(10, "csc.cp_plan_start")]),
    "P37": (CHILD_14, lambda: [ev(0, "police.domestic_abuse_incident", "police", children_present=True),
                               ev(80, "police.domestic_abuse_incident", "police", children_present=True)], d(80),
            lambda: [ev(0, "police.domestic_abuse_incident", "police", children_present=True),
                     ev(80, "police.domestic_abuse_incident", "police", children_present=False),
                     ev(500, "police.domestic_abuse_incident", "police", children_present=True)]),
    "P38": (D0, lambda: [ev(0, "health.birth", "health", neonatal_abstinence=True)], d(0),
            lambda: [ev(0, "health.birth", "health", neonatal_abstinence=False, special_care=True)]),
    "P39": (D0 - timedelta(days=60), lambda: [ev(0, "appointment.was_not_brought", "health"),
                                              ev(40, "appointment.cancelled", "health", cancelled_by="family")], d(40),
            lambda: [ev(0, "appointment.was_not_brought", "health"),
                     ev(40, "appointment.cancelled", "health", cancelled_by="service"),
                     ev(400, "appointment.was_not_brought", "health")]),
    "P40": (CHILD_14, lambda: [ev(0, "health.sexual_health_attendance", "health"),
                               ev(2, "csc.contact", outcome="no_further_action")], d(2),
            lambda: [ev(0, "health.sexual_health_attendance", "health"), ev(2, "csc.contact", outcome="referral"),
                     ev(200, "csc.no_further_action")]),
}


def test_every_rule_has_a_case(cat):
    assert set(CASES) == {r.id for r in cat.rules}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fires_when_the_pattern_completes(rule_id):
    dob, events, moment, _ = CASES[rule_id]
    rows = events()
    got = [p for p in evaluate_child({"key": "C", "date_of_birth": dob}, rows) if p.rule_id == rule_id]
    assert [p.moment for p in got] == [moment], got
    assert set(got[0].event_ids) <= {r["event_id"] for r in rows} and got[0].event_ids
    # Not knowable a day earlier: with only what was recorded before the moment, nothing is raised.
    before = [r for r in rows if r["day"] < moment]
    earlier = evaluate_child({"key": "C", "date_of_birth": dob}, before, as_of=moment - timedelta(days=1))
    assert not [p for p in earlier if p.rule_id == rule_id]


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_does_not_fire_without_the_whole_pattern(rule_id):
    dob, _, _, events = CASES[rule_id]
    got = [p for p in evaluate_child({"key": "C", "date_of_birth": dob}, events()) if p.rule_id == rule_id]
    assert got == []


def test_the_bulk_evaluator_agrees_on_every_case():
    children, rows = [], []
    for rule_id, (dob, good, _, bad) in sorted(CASES.items()):
        for variant, events in (("good", good), ("bad", bad)):
            key = f"{rule_id}-{variant}"
            children.append({"key": key, "date_of_birth": dob})
            rows += [{**e, "child_key": key} for e in events()]
    incremental = sorted(p for c in children
                         for p in evaluate_child(c, [r for r in rows if r["child_key"] == c["key"]]))
    bulk = evaluate_rows(children, rows)
    assert [p.key for p in bulk] == [p.key for p in incremental]
    assert [p.explanation for p in bulk] == [p.explanation for p in incremental]


def test_deadlines_skip_bank_holidays():
    assert add_working_days(date(2024, 12, 24), 1) == date(2024, 12, 27)
    assert add_working_days(date(2024, 3, 28), 2) == date(2024, 4, 3)  # Good Friday, Easter Monday
    assert add_working_days(date(2024, 6, 1), 1) == date(2024, 6, 3)  # from a Saturday
    rows = [{"event_id": "c1", "event_type": "csc.contact", "day": date(2024, 12, 24), "agency": "csc"}]
    [p] = evaluate_child({"key": "C", "date_of_birth": CHILD_14}, rows)
    assert (p.rule_id, p.moment) == ("P34", date(2024, 12, 27))


def test_deadlines_still_running_are_held_back_until_they_pass():
    rows = [{"event_id": "r1", "event_type": "csc.referral", "day": D0, "agency": "csc"}]
    child = {"key": "C", "date_of_birth": CHILD_14}
    assert [p for p in evaluate_child(child, rows, as_of=wd(44)) if p.rule_id == "P35"] == []
    assert [p.moment for p in evaluate_child(child, rows, as_of=wd(45)) if p.rule_id == "P35"] == [wd(45)]


def test_a_prompt_is_raised_once_per_episode():
    child = {"key": "C", "date_of_birth": CHILD_14}
    rows = [ev(k * 20, "csc.missing_episode") for k in range(6)]  # six episodes, 20 days apart
    assert [p.moment for p in evaluate_child(child, rows) if p.rule_id == "P01"] == [d(40)]
    rows += [ev(300, "csc.missing_episode"), ev(310, "csc.missing_episode"), ev(320, "csc.missing_episode")]
    assert [p.moment for p in evaluate_child(child, rows) if p.rule_id == "P01"] == [d(40), d(320)]


def test_prompts_carry_facts_and_questions_never_a_verdict():
    child = {"key": "C", "date_of_birth": CHILD_14}
    rows = [ev(0, "csc.missing_episode"), ev(30, "police.missing_report", "police"), ev(60, "csc.missing_episode")]
    [p] = [p for p in evaluate_child(child, rows) if p.rule_id == "P01"]
    assert p.explanation == "Went missing on 3 separate days between 3 Jun 2024 and 2 Aug 2024 (recorded by csc, police)."
    assert p.evidence_class == "assumed_indicator" and p.dismissable and p.recipient
    assert all(q.endswith("?") for q in p.questions)
    assert p.key == ("P01", "C", d(60), tuple(sorted(r["event_id"] for r in rows)))


def test_input_may_be_plain_text_dates_and_json_attributes():
    child = {"key": "C", "date_of_birth": "2010-01-10"}
    rows = [{"id": "x1", "type": "household.separation", "occurred_at": "2024-06-03T10:15:00",
             "agency": "csc", "about": "household", "attributes": '{"threats": true}'}]
    assert [(p.rule_id, p.moment) for p in evaluate_child(child, rows)] == [("P16", D0)]


def test_an_event_listed_twice_for_one_child_is_refused():
    row = ev(0, "csc.contact")
    with pytest.raises(ValueError):
        evaluate_child({"key": "C", "date_of_birth": CHILD_14}, [row, dict(row)])


@pytest.mark.parametrize(("rule_id", "dob", "record", "not_sexual"), [
    ("P11", CHILD_14, ev(0, "child.disclosure", "youth", harm="sexual", setting="extra_familial"),
     ev(0, "child.disclosure", "youth", harm="physical", setting="extra_familial")),
    ("P09", date(2012, 1, 10), ev(0, "school.safeguarding_concern", "school", concern="sexual_abuse"),
     ev(0, "school.safeguarding_concern", "school", concern="neglect")),
])
def test_sexual_abuse_told_or_noticed_in_any_agency_raises_the_age_rule(rule_id, dob, record, not_sexual):
    """Issue 14 item 3: not only a clinic attendance or a police report (child_l CL-06, west_sussex WS-06)."""
    child = {"key": "C", "date_of_birth": dob}
    assert [p.moment for p in evaluate_child(child, [record]) if p.rule_id == rule_id] == [record["day"]]
    assert [p for p in evaluate_child(child, [not_sexual]) if p.rule_id == rule_id] == []
    assert [p.key for p in evaluate_rows([child], [{**record, "child_key": "C"}])] == [
        p.key for p in evaluate_child(child, [record])]
