"""Cumulative-pattern prompts: the rule catalogue (rules.yaml) as data, and two evaluators that agree.

The catalogue holds the patterns serious case reviews name (repeated missing episodes, self-harm,
was-not-brought then closure, a retraction after an allegation, concerns from two agencies and no
referral, statutory timescales ...). Each rule has a pattern, an evidence class, its learning with
citations, the questions a practitioner should consider (never a verdict), who receives it and
whether it may be dismissed. There is no score, rating or band anywhere.

Input, for one child: the child's own events ("about": "child") and the events of the people around
the child that bear on them ("household": people they live with, while they live there; "associate":
associated people). Each event once per child, as a dict:

    {"event_id": "NPE00000017", "event_type": "police.domestic_abuse_incident",
     "day": date(2024, 3, 1),            # or "occurred_at": datetime / ISO text
     "agency": "police", "about": "household",
     "attributes": {"children_present": False}}   # dict or JSON text; may be None

Signs read from an event's narrative text (engine/signs) arrive as extra rows of type `text.<category>`
with the event's id, day and agency (`engine.signs.evaluator_rows`); an event id may therefore appear
once per (type, about).

Evaluate one child (what runs after each import, for the children the import touched):

    from engine.prompts import evaluate_child
    prompts = evaluate_child({"key": "C1", "date_of_birth": date(2011, 5, 2)}, events, as_of=date.today())

Evaluate everyone at once (set-based DuckDB SQL, written so it could run on Spark):

    from engine.prompts import evaluate_rows, evaluate_tables
    prompts = evaluate_rows(children, events_with_child_key, as_of=...)          # plain dicts
    prompts = evaluate_tables(con, children="children", events="child_events")    # existing tables
    # tables: children(child_key, date_of_birth DATE);
    #         child_events(child_key, event_id, event_type, day DATE, agency, about, attributes JSON text)

Both return the same sorted list of `Prompt` (rule_id, child_key, moment, event_ids, title,
evidence_class, recipient, dismissable, explanation, questions); `Prompt.key` is (rule id, child,
moment, contributing events), which identifies a prompt across re-evaluations, so a caller raises
each prompt once by storing its key. The moment is the day the prompt became knowable: the day of
the event that completed the pattern, or the deadline day that passed with no response (`as_of`
holds back deadlines still running; re-evaluate daily so that they fall due). A prompt is raised
once per episode: a qualifying moment within `episode_days` of the previous one does not raise
another.

The same statements, generated in Spark's dialect, run on Spark: `engine.prompts.spark.evaluate_spark`.

Other entry points: `load_catalogue()` (the validated rules), `add_working_days()` (England and
Wales), `render_markdown()` (docs/prompts.md), `engine.prompts.synth.read_synth()` (input from a
synthetic partnership's truth files).
"""

from .bulk import evaluate_rows, evaluate_tables
from .calendar import add_working_days
from .catalogue import load_catalogue
from .incremental import evaluate_child
from .model import EVIDENCE_CLASSES, Catalogue, CatalogueError, Prompt, Rule, Sign
from .render import render_markdown

__all__ = [
    "EVIDENCE_CLASSES",
    "Catalogue",
    "CatalogueError",
    "Prompt",
    "Rule",
    "Sign",
    "add_working_days",
    "evaluate_child",
    "evaluate_rows",
    "evaluate_tables",
    "load_catalogue",
    "render_markdown",
]
