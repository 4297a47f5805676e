"""Evaluate every rule for one child, in memory: what runs on each import for the children it touched."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from datetime import date

from .calendar import add_months, add_working_days, age_in_months, day_number, from_day_number
from .catalogue import load_catalogue
from .events import ChildEvent, child_event, matches, to_date
from .explain import make_prompt
from .model import Catalogue, Prompt, Rule


class _Signs:
    """The child's events of each sign, sorted by day."""

    def __init__(self, catalogue: Catalogue, events: list[ChildEvent]):
        found: dict[str, set] = {}
        index = catalogue.sign_index
        for e in events:
            for plain, names in index.get(e.event_type, ()):
                if matches(plain, e):
                    for name in names:
                        found.setdefault(name, set()).add((e.dn, e.event_id, e.agency))
        self.cache = {name: sorted(rows) for name, rows in found.items()}
        self.days = {name: [r[0] for r in rows] for name, rows in self.cache.items()}

    def __call__(self, name: str) -> list[tuple[int, str, str]]:
        return self.cache.get(name, [])

    def between(self, name: str, lo: int, hi: int) -> list[tuple[int, str, str]]:
        days = self.days.get(name)
        if not days:
            return []
        return self.cache[name][bisect_left(days, lo):bisect_right(days, hi)]


def evaluate_child(child: Mapping, events: Iterable[Mapping], *, as_of: date | None = None,
                   catalogue: Catalogue | None = None) -> list[Prompt]:
    """Every prompt the catalogue raises for one child, sorted by moment.

    child:  {"key": str, "date_of_birth": date | "YYYY-MM-DD"}
    events: dicts with event_id (or id), event_type (or type), day (or occurred_at), agency, about
            ("child" for the child's own events, "household" or "associate" for the people around them;
            default "child") and attributes (dict or JSON text). Each event once per child.
    as_of:  prompts whose moment is later than this day are not raised yet (deadlines still running).
    """
    cat = catalogue or load_catalogue()
    dob = to_date(child["date_of_birth"])
    rows = [child_event(e) for e in events]
    # A sign read from an event's text (type text.<category>) shares the event's id, so the prompt's
    # evidence links back to the record it was read from; each (id, type, about) appears once.
    ids = [(r.event_id, r.event_type, r.about) for r in rows]
    if len(ids) != len(set(ids)):
        raise ValueError("each event may appear only once per child")
    signs = _Signs(cat, rows)
    limit = day_number(as_of) if as_of else None
    out = []
    for rule in cat.rules:
        out += _evaluate_rule(rule, str(child["key"]), dob, signs, limit)
    return sorted(out)


def _window(rule: Rule, signs: _Signs, d: int):
    """(ok, facts) for the window ending on day d: contributing events and whether every part holds."""
    p = rule.pattern
    lo = d - p.window_days
    contributing = {}
    for part in p.parts:
        found = signs.between(part.sign, lo, d)
        if len({dn for dn, _, _ in found}) < part.at_least:
            return None
        contributing.update({eid: (dn, agency) for dn, eid, agency in found})
    agencies = {a for _, a in contributing.values()}
    if len(agencies) < p.agencies_at_least:
        return None
    days = [dn for dn, _ in contributing.values()]
    return contributing, agencies, min(days), max(days), len(set(days))


def _evaluate_rule(rule: Rule, key: str, dob: date, signs: _Signs, limit: int | None) -> list[Prompt]:
    p = rule.pattern
    found = []  # (moment, trigger day, facts)
    if p.kind == "birthday":
        b = day_number(add_months(dob, p.at_age_months))
        facts = _window(rule, signs, b)
        if facts and (limit is None or b <= limit):
            found.append((b, b, facts))
    else:
        days = sorted({dn for s in p.trigger_signs for dn, _, _ in signs(s)})
        for d in days:
            if not p.age_months_min <= age_in_months(dob, from_day_number(d)) < p.age_months_below:
                continue
            facts = _window(rule, signs, d)
            if facts is None:
                continue
            first = facts[2]
            if any(signs.between(u, first, d) for u in p.unless):
                continue
            moment = d
            if p.kind == "then_no":
                anchor = first if p.from_first else d
                if p.within_working_days is not None:
                    moment = day_number(add_working_days(from_day_number(anchor), p.within_working_days))
                else:
                    moment = anchor + p.within_days
                if any(signs.between(n, anchor, moment) for n in p.no):
                    continue
            if limit is not None and moment > limit:
                continue
            found.append((moment, d, facts))
    found.sort(key=lambda f: (f[0], f[1]))
    out, previous = [], None
    for moment, _d, (contributing, agencies, first, last, n_days) in found:
        if previous is None or previous < moment - rule.episode_days:
            out.append(make_prompt(rule, key, dob, moment, contributing, agencies, first, last, n_days))
        previous = moment
    return out
