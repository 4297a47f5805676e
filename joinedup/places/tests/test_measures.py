"""The three figures count event types the vocabulary knows, and no record counts as two kinds."""

from engine.context.rules import load_rules
from engine.vocabulary import load_vocabulary
from joinedup.places.measures import MEASURES, SERVICE_TYPES, measure, measures


def test_every_event_type_a_figure_counts_is_in_the_vocabulary():
    known = load_vocabulary().event_types
    for m in measures():
        assert m.event_types and set(m.event_types) <= set(known), m.key


def test_concerns_are_the_context_rules_concerns_without_referrals():
    assert set(measure("concerns").event_types) == load_rules().concern_types - {"csc.referral"}
    assert measure("referrals").event_types == ("csc.referral",)


def test_help_is_never_also_a_concern_or_a_referral():
    assert not set(SERVICE_TYPES) & load_rules().concern_types
    assert {"csc.early_help_assessment", "csc.cp_plan_start", "health.camhs_attendance",
            "youth.session_attended"} <= set(SERVICE_TYPES)


def test_concerns_are_counted_at_places_and_referrals_and_help_where_children_live():
    assert [(m.key, m.where) for m in measures()] == [("concerns", "place"), ("referrals", "home"),
                                                      ("services", "home")]
    assert tuple(m.key for m in measures()) == MEASURES
