"""The child's chronology as data: significance in words, action and outcome, and what bears on the child.

    from engine.chronology import load_chronology_rules
    rules = load_chronology_rules()
    rules.significance_of("police.domestic_abuse_incident", {"children_present": True}).label
    # -> "significant — harm to the child"
    rules.bearing_rule("household_adult", "police.arrest")  # -> BearingRule violence_by_adults_at_home

The rules live in chronology.yaml beside this file, with their citations. No scores, ratings or bands.
"""

from .rules import BearingRule, ChronologyRules, Significance, load_chronology_rules, parse_rules

__all__ = ["BearingRule", "ChronologyRules", "Significance", "load_chronology_rules", "parse_rules"]
