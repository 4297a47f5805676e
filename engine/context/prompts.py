"""Context prompts: places, adults and groups that connect children with concerns (rules.yaml).

Each prompt names the context and every child counted at its moment, the event that brought the
count to k (`trigger_event_id`), the events and recorded links behind it, the facts in words and
questions to consider. Never a score or band.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

import numpy as np

from engine.context.graph import NO_START, ContextGraph
from engine.context.model import ADULT, PLACE, ContextPrompt, Event
from engine.context.rules import ContextRule, ContextRules, load_rules

FAMILY_KINDS = ("household", "lives_with", "parent_of", "sibling_of", "related_to")
HOME_KINDS = ("lives_at",)


@lru_cache(maxsize=1)
def _event_labels() -> dict[str, str]:
    try:
        from engine.vocabulary import load_vocabulary
        return {c: t.label for c, t in load_vocabulary().event_types.items()}
    except Exception:  # the vocabulary is optional for the graph; fall back to codes
        return {}


class Concerns:
    """Concern events per child (rules.yaml `concern.types`), sorted by day."""

    def __init__(self, events: dict[str, Event], types: Iterable[str]):
        types = frozenset(types)
        self.by_child: dict[str, list[tuple[date, str]]] = defaultdict(list)
        for ev in events.values():
            if ev.event_type in types:
                for k in ev.subjects:
                    self.by_child[k].append((ev.day, ev.event_id))
        for v in self.by_child.values():
            v.sort()

    def within(self, child: str, lo: date, hi: date) -> list[tuple[date, str]]:
        return [(d, e) for d, e in self.by_child.get(child, ()) if lo <= d <= hi]


class ContextPrompts:
    """Evaluate the context rules over one graph. `evaluate()` returns every prompt, sorted."""

    def __init__(self, graph: ContextGraph, events: dict[str, Event], rules: ContextRules | None = None):
        self.g = graph
        self.events = events
        self.rules = rules or load_rules()
        self.concerns = Concerns(events, self.rules.concern_types)
        self._family: dict[str, frozenset[str]] = {}

    # ------------------------------------------------------------------ helpers
    def family(self, key: str) -> frozenset[str]:
        """People linked to `key` by a household or family link (any time)."""
        if key not in self._family:
            self._family[key] = frozenset(self.g.other_end(int(e), key)
                                          for e in self.g.incident(key, kinds=FAMILY_KINDS))
        return self._family[key]

    def households(self, children: Iterable[str]) -> int:
        """How many families the children come from (children linked by household or family are one)."""
        parent = {c: c for c in children}

        def find(x):
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x
        for c in parent:
            for o in self.family(c):
                if o in parent:
                    parent[find(o)] = find(c)
        return len({find(c) for c in parent})

    def _dated_child_links(self, key: str, rule: ContextRule) -> list[tuple[date, str, int]]:
        """(day, child, edge id) for every dated link of the rule's kinds from `key` to a child."""
        out = []
        excluded = set()
        if self.g.kind_of(key) == PLACE:
            excluded = {self.g.other_end(int(e), key) for e in self.g.incident(key, kinds=HOME_KINDS)}
        else:
            excluded = set(self.family(key))
        for e in self.g.incident(key, kinds=rule.link_kinds).tolist():
            s = int(self.g.start[e])
            if s == NO_START:
                continue  # an undated link cannot be placed in a window
            day = date.fromordinal(s)
            other = self.g.other_end(e, key)
            if other != key and other not in excluded and self.g.is_child(other, day):
                out.append((day, other, e))
        out.sort()
        return out

    def _prompt(self, rule: ContextRule, key: str, kind: str, moment: date, children: list[str],
                eids: Iterable[int], concern_ids: Iterable[str], trigger: str, extra: dict | None = None
                ) -> ContextPrompt:
        events, assocs, facts = set(concern_ids), set(), []
        labels = _event_labels()
        for e in sorted(set(eids), key=lambda e: (int(self.g.start[e]), e)):
            lk = self.g.link(e)
            events.update(lk.provenance.event_ids)
            if lk.provenance.association_id:
                assocs.add(lk.provenance.association_id)
                p = lk.provenance
                facts.append(f"{self.g.node(lk.source)['label']} {lk.kind.replace('_', ' ')} "
                             f"{self.g.node(lk.target)['label']}"
                             f"{' from ' + lk.start.isoformat() if lk.start else ''} (recorded by {p.agency or 'unknown'},"
                             f" {p.how_known or 'how known not recorded'}, {p.reliability or 'reliability not recorded'})")
        for eid in sorted(events, key=lambda i: (self.events[i].day, i) if i in self.events else (date.min, i)):
            ev = self.events.get(eid)
            if ev is not None:
                facts.append(f"{ev.day.isoformat()}: {labels.get(ev.event_type, ev.event_type)} "
                             f"({', '.join(ev.subjects)}; {ev.agency or 'agency not recorded'}, {eid})")
        days = [int(self.g.start[e]) for e in eids if int(self.g.start[e]) != NO_START]
        first = date.fromordinal(min(days)) if days else moment
        names = [self._name(c, moment) for c in children]
        text = rule.because.format(n=len(children), context=self._name(key, moment) if kind in (PLACE, ADULT) else key,
                                   children=", ".join(names), first=first.isoformat(), last=moment.isoformat(),
                                   days=rule.window_days, **(extra or {}))
        explanation = text + " What the records say (information, not fact): " + "; ".join(facts) + "."
        return ContextPrompt(rule.id, key, moment, tuple(sorted(children)), tuple(sorted(events)),
                             tuple(sorted(assocs)), kind, rule.title, trigger, rule.evidence, rule.recipient,
                             rule.dismissable, explanation, rule.questions)

    def _name(self, key: str, day: date) -> str:
        node = self.g.node(key)
        age = self.g.age(key, day) if node["kind"] in ("child", "adult") else None
        label = node["label"] if node["label"] != key else key
        return f"{label}{'' if label == key else ' (' + key + ')'}{f', aged {age}' if age is not None else ''}"

    # ------------------------------------------------------------------ rules
    def context_children(self, rule: ContextRule, kind: str) -> list[ContextPrompt]:
        """place_children / adult_children: k children with concerns linked to one place or adult."""
        out = []
        want = PLACE if kind == PLACE else ADULT
        for key in self.g.keys:
            if self.g.kind_of(key) != want:
                continue
            if kind == ADULT and self.g.is_child(key):
                continue
            links = self._dated_child_links(key, rule)
            if len({c for _, c, _ in links}) < rule.children_at_least:
                continue
            out.extend(self._threshold(rule, key, want, links))
        return out

    def _threshold(self, rule: ContextRule, key: str, kind: str, links: list[tuple[date, str, int]]
                   ) -> list[ContextPrompt]:
        w = timedelta(days=rule.window_days)
        children = {c for _, c, _ in links}
        days = sorted({d for d, _, _ in links} | {d for c in children for d, _ in self.concerns.by_child.get(c, ())
                                                  if links[0][0] <= d <= links[-1][0] + w})
        out, last_moment, last_set, before = [], None, frozenset(), frozenset()
        for d in days:
            lo = d - w
            in_window = [(day, c, e) for day, c, e in links if lo <= day <= d]
            counted, concern_ids = {}, []
            for _day, c, e in in_window:
                cs = self.concerns.within(c, lo, d)
                if cs:
                    counted.setdefault(c, []).append(e)
                    concern_ids.extend(i for _, i in cs)
            today, before = frozenset(counted) - before, frozenset(counted)
            if len(counted) < rule.children_at_least or self.households(counted) < rule.households_at_least:
                continue
            new = frozenset(counted) - last_set
            in_episode = last_moment is not None and d - last_moment <= timedelta(days=rule.episode_days)
            if in_episode and not new:
                continue
            trigger = self._trigger(d, (today & new) or new or frozenset(counted), counted)
            out.append(self._prompt(rule, key, kind, d, sorted(counted), [e for es in counted.values() for e in es],
                                    concern_ids, trigger))
            if not in_episode:
                last_moment = d
            last_set = last_set | frozenset(counted) if in_episode else frozenset(counted)
        return out

    def _trigger(self, day: date, new: frozenset[str], counted: dict[str, list[int]]) -> str:
        """The event on `day` that brought a newly counted child in: a linking event first, then a recorded
        link, then the child's concern that day."""
        links_today = [e for c in sorted(new) for e in counted[c] if int(self.g.start[e]) == day.toordinal()]
        for e in links_today:
            if self.g.link(e).provenance.event_ids:
                return self.g.link(e).provenance.event_ids[0]
        for e in links_today:
            return self.g.link(e).provenance.association_id
        for c in sorted(new):
            for d, eid in self.concerns.by_child.get(c, ()):
                if d == day:
                    return eid
        return ""

    def pivotal_adults(self, rule: ContextRule) -> list[ContextPrompt]:
        out = []
        w = timedelta(days=rule.window_days)
        for key in self.g.keys:
            if self.g.kind_of(key) != ADULT or self.g.is_child(key):
                continue
            links = self._dated_child_links(key, rule)
            if len({c for _, c, _ in links}) < rule.children_at_least:
                continue
            last_moment, last_set, before = None, frozenset(), frozenset()
            for d in sorted({d for d, _, _ in links}):
                counted: dict[str, list[int]] = {}
                for day, c, e in links:
                    if d - w <= day <= d:
                        counted.setdefault(c, []).append(e)
                today, before = frozenset(counted) - before, frozenset(counted)
                if len(counted) < rule.children_at_least or self.households(counted) < rule.households_at_least:
                    continue
                groups = self.g.separate_groups(counted, key, d - w, d)
                if len(groups) < rule.separate_groups_at_least:
                    continue
                new = frozenset(counted) - last_set
                in_episode = last_moment is not None and d - last_moment <= timedelta(days=rule.episode_days)
                if in_episode and not new:
                    continue
                concern_ids = [i for c in counted for _, i in self.concerns.within(c, d - w, d)]
                out.append(self._prompt(rule, key, ADULT, d, sorted(counted), [e for es in counted.values() for e in es],
                                        concern_ids, self._trigger(d, (today & new) or new or frozenset(counted), counted),
                                        {"groups": len(groups)}))
                if not in_episode:
                    last_moment = d
                last_set = last_set | frozenset(counted) if in_episode else frozenset(counted)
        return out

    def peer_groups(self, rule: ContextRule, as_of: Iterable[date], seed: int = 0) -> list[ContextPrompt]:
        out, fired = [], {}
        w = timedelta(days=rule.window_days)
        for day in sorted(as_of):
            part = self.g.communities(day - w, day, kinds=rule.link_kinds, exclude=(), seed=seed)
            for members in part.groups(min_size=rule.children_at_least):
                if rule.max_size and len(members) > rule.max_size:
                    continue
                children = [m for m in members if self.g.is_child(m, day)]
                with_concerns = [c for c in children if self.concerns.within(c, day - w, day)]
                if len(children) < rule.children_at_least or len(with_concerns) < rule.concerns_at_least \
                        or self.households(with_concerns) < rule.households_at_least:
                    continue  # brothers and sisters are a family, not a peer group
                key = "peer-group:" + min(children)
                prev = fired.get(frozenset(children))
                if prev is not None and day - prev <= timedelta(days=rule.episode_days):
                    continue
                fired[frozenset(children)] = day
                mset = set(members)
                eids = {int(e) for m in children for e in self.g.incident(m, day - w, day, kinds=rule.link_kinds)
                        if self.g.other_end(int(e), m) in mset}
                concern_ids = [i for c in with_concerns for _, i in self.concerns.within(c, day - w, day)]
                out.append(self._prompt(rule, key, "peer_group", day, sorted(with_concerns), eids, concern_ids, ""))
        return out

    def missing_together(self, rule: ContextRule) -> list[ContextPrompt]:
        out = []
        w = timedelta(days=rule.window_days)
        kinds = rule.link_kinds
        mask = self.g._kind_mask(kinds)
        eids = np.flatnonzero(mask[self.g.kind]) if mask is not None else np.arange(self.g.n_links)
        fired: dict[frozenset, date] = {}
        eids = eids[np.argsort(self.g.start[eids], kind="stable")]   # by first shared day: each window is a slice
        starts = self.g.start[eids]
        for d in sorted({date.fromordinal(int(s)) for s in starts}):
            lo, hi = np.searchsorted(starts, (d - w).toordinal(), "left"), np.searchsorted(starts, d.toordinal(), "right")
            in_win = [int(e) for e in eids[lo:hi]]
            adj = defaultdict(set)
            for e in in_win:
                a, b = self.g.keys[self.g.src[e]], self.g.keys[self.g.dst[e]]
                adj[a].add(b)
                adj[b].add(a)
            seen = set()
            for start in sorted(adj):
                if start in seen:
                    continue
                comp, stack = set(), [start]
                while stack:
                    x = stack.pop()
                    if x not in comp:
                        comp.add(x)
                        stack.extend(adj[x] - comp)
                seen |= comp
                ce = [e for e in in_win if self.g.keys[self.g.src[e]] in comp]
                occasions = {int(self.g.start[e]) for e in ce}
                if len(comp) < rule.children_at_least or len(occasions) < rule.occasions_at_least:
                    continue
                if not any(int(self.g.start[e]) == d.toordinal() for e in ce):
                    continue
                fs = frozenset(comp)
                prev = fired.get(fs)
                if prev is not None and d - prev <= timedelta(days=rule.episode_days):
                    continue
                fired[fs] = d
                trig = next((self.g.link(e).provenance.event_ids[0] for e in ce
                             if int(self.g.start[e]) == d.toordinal()), "")
                out.append(self._prompt(rule, "missing-together:" + min(comp), "missing_together", d, sorted(comp),
                                        ce, [], trig, {"occasions": len(occasions)}))
        return out

    def evaluate(self, as_of: Iterable[date] = ()) -> list[ContextPrompt]:
        """Every context prompt. Peer groups are found as of each day in `as_of` (community detection is
        over the whole period, so it runs at chosen moments, e.g. monthly)."""
        out: list[ContextPrompt] = []
        for rule in self.rules.rules:
            if rule.kind == "place_children":
                out += self.context_children(rule, PLACE)
            elif rule.kind == "adult_children":
                out += self.context_children(rule, ADULT)
            elif rule.kind == "pivotal_adult":
                out += self.pivotal_adults(rule)
            elif rule.kind == "peer_group":
                out += self.peer_groups(rule, as_of)
            elif rule.kind == "missing_together":
                out += self.missing_together(rule)
        return sorted(out)


def context_prompts(graph: ContextGraph, events: dict[str, Event], rules: ContextRules | None = None,
                    as_of: Iterable[date] = ()) -> list[ContextPrompt]:
    return ContextPrompts(graph, events, rules).evaluate(as_of)
