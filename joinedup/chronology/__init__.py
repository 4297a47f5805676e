"""The child's multi-agency chronology (issue 4): page, filters, PDF and CSV exports, and asking the MASH.

Rows come from *chronology sources* registered in ``joinedup.chronology.sources``: the built-in one
gives every agency's events about the child and the events about the people around the child that bear
on the child (``engine/chronology/chronology.yaml``). Another app (prompt decisions, casework decisions)
adds its rows, without editing any view, by registering a callable that yields
``joinedup.chronology.entries.ChronologyEntry``::

    from joinedup.chronology.sources import register_source
    register_source("prompt decisions", my_source, kinds=[("decision.no_further_action", "…", "decision")])

See the ``sources`` module docstring and docs/chronology.md.
"""
