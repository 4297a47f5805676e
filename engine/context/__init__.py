"""The context graph: places, peer groups and adults of concern that connect children (issue 5).

Pure Python (numpy + igraph), never Django. The platform passes plain rows in and gets plain,
JSON-ready data out. Every link is information, never fact: each keeps the events or the association
behind it (agency, how it is known, whether verified).

Build
    graph, events = build_graph(persons, places, groups, events, associations, households, rolls)
        persons       {key, person_type: child | adult, date_of_birth?, label?}
        places        {key, kind?, label?}                 groups {key, label?}
        events        {event_id, event_type, day, agency?, person_keys, place?, end? | attributes}
        associations  {association_id, agency, person_key, association_type,
                       other_person_key? | place? | group?, valid_from?, valid_to?, how_known?, reliability?, note?}
        households    {household_id, person_key, start?, end?, place?}    rolls {place, person_key, agency?}
    Links from events: at_place, co_present (same place, same day), co_subject, arrested_together,
    adult_with_child, missing_together (overlapping missing episodes); from records: household,
    lives_at, school, and every association under its own type code (engine/context/build.py).
    graph, events, rows = partnership_graph(out_dir)    # a synthetic partnership (engine.synth output)

Read (ContextGraph, engine/context/graph.py)
    graph.network(key, hops=2, start=None, end=None, kinds=None, exclude=(), hub_degree=200, max_nodes=1000)
        -> {"centre", "period", "hops", "nodes": [{id, kind, label, date_of_birth, hop, expanded, degree}],
            "links": [{id, source, target, kind, label, start, end,
                       provenance: {event_ids, association_id, agency, how_known, reliability, verified, note}}],
            "truncated"}            the browser's network view around a child, adult, place or group
    graph.links(key, start, end, kinds)            -> [Link(source, target, kind, start, end, provenance)]
    graph.components(start, end) / graph.communities(start, end, method="leiden"|"multilevel", seed=0)
        -> Partition(.membership, .groups(min_size), .group_of(key))   (igraph; structural links left out of
           communities by default)
    graph.structure(...) -> (components, communities) over one igraph graph built once (the bench)
    graph.separate_groups(children, without=adult, start, end)   how children fall apart without one adult

Prompts (engine/context/prompts.py, rules in engine/context/rules.yaml)
    context_prompts(graph, events, rules=None, as_of=[days for peer groups]) -> [ContextPrompt]
    ContextPrompt(rule_id, context_key, moment, child_keys, event_ids, association_ids, context_kind, title,
                  trigger_event_id, evidence_class, recipient, dismissable, explanation, questions); .as_dict()
    C01 a place, C02 an adult, linked to k children with concerns (from at least two families) in a window;
    C03 a pivotal adult (the children fall into separate groups without them); C04 peer groups by community
    detection; C05 children missing together. No score, rating or band anywhere.
"""

from engine.context.build import BuildOptions, build_graph
from engine.context.graph import ContextGraph, Partition
from engine.context.model import ContextPrompt, Event, Link, Provenance
from engine.context.prompts import ContextPrompts, context_prompts
from engine.context.rules import ContextRule, ContextRules, ContextRulesError, build_rules, load_rules
from engine.context.synth import partnership_graph, read_partnership

__all__ = ["BuildOptions", "ContextGraph", "ContextPrompt", "ContextPrompts", "ContextRule", "ContextRules",
           "ContextRulesError", "Event", "Link", "Partition", "Provenance", "build_graph", "build_rules",
           "context_prompts", "load_rules", "partnership_graph", "read_partnership"]
