"""Chronology sources: where chronology rows come from, and the registry other apps add theirs to.

A source is any callable ``source(context) -> Iterable[ChronologyEntry]``. Register it once, usually
from your app's ``AppConfig.ready()``::

    from joinedup.chronology.sources import ChronologyContext, register_source
    from joinedup.chronology.entries import ChronologyEntry

    def prompt_decisions(context: ChronologyContext):
        for decision in Decision.objects.filter(prompt__person=context.person):
            if not context.may_see_agency(decision.agency_id):
                continue
            yield ChronologyEntry(key=f"decision:{decision.pk}", when=decision.decided_at, ...,
                                  kind="decision.no_further_action", group="decision", origin="prompts")

    register_source("prompt decisions", prompt_decisions, kinds=[("decision.no_further_action",
                    "Decision: no further action", "decision")])

The chronology page, its filters, the CSV and the PDF then show those rows with every other row:
no view needs editing. The source decides what the reader may see (``context.whole_picture``,
``context.may_see_agency``); rows it returns are shown as they are. ``kinds`` lists (code, label,
group) for the type filter; group is one of the vocabulary's domains or a new word (e.g. "decision").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from engine.chronology import load_chronology_rules
from engine.vocabulary import load_vocabulary
from joinedup.chronology.entries import NOT_RECORDED, ChronologyEntry
from joinedup.chronology.relationships import Relationship, relationships_of
from joinedup.events.models import Event, EventSubject, InformationSource
from joinedup.people import selectors
from joinedup.people.models import Person

__all__ = ["ChronologyContext", "collect", "register_source", "registered_kinds", "unregister_source"]


@dataclass
class ChronologyContext:
    """What a source needs to know: who reads, about which child, and how much they may see."""

    user: object
    person: Person
    whole_picture: bool
    _relationships: dict | None = field(default=None, repr=False)

    @property
    def agency_id(self) -> int | None:
        return getattr(self.user, "agency_id", None)

    def may_see_agency(self, agency_id: int | None) -> bool:
        """Whether the reader may see a row recorded by this agency (their own, or everything)."""
        return self.whole_picture or (agency_id is not None and agency_id == self.agency_id)

    @property
    def relationships(self) -> dict[int, list[Relationship]]:
        """People around the child, from the stored households and relationships the reader may see (once)."""
        if self._relationships is None:
            if not self.whole_picture and self.agency_id is None:
                self._relationships = {}  # no agency of their own: no records of their own to rest on
            else:
                self._relationships = relationships_of(self.person, None if self.whole_picture else self.agency_id)
        return self._relationships


Source = Callable[[ChronologyContext], Iterable[ChronologyEntry]]
_SOURCES: dict[str, tuple[Source, tuple]] = {}


def register_source(name: str, source: Source, kinds: Iterable[tuple[str, str, str]] = ()) -> None:
    """Add (or replace) a named source of chronology rows; `kinds` are (code, label, group) for the type filter."""
    _SOURCES[name] = (source, tuple(kinds))


def unregister_source(name: str) -> None:
    _SOURCES.pop(name, None)


def registered_kinds() -> list[tuple[str, str, str]]:
    return [kind for _, kinds in _SOURCES.values() for kind in kinds]


def collect(context: ChronologyContext) -> list[ChronologyEntry]:
    """Every registered source's rows for this reader and child, earliest first."""
    entries: list[ChronologyEntry] = []
    for source, _ in list(_SOURCES.values()):
        entries.extend(source(context))
    return sorted(entries, key=lambda e: e.sort_key)


# ------------------------------------------------------------------ agency events (the built-in source)

_SOURCE_WORDS = dict(InformationSource.choices)


def _value(spec, value) -> str:
    voc = load_vocabulary()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(_value(spec, v) for v in value)
    if spec is not None and spec.values_from:
        meaning = voc.code_lists.get(spec.values_from, {}).get(str(value))
        if meaning:
            return f"{meaning} ({value})"
    if spec is not None and spec.type in ("date", "datetime") and isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
            return f"{moment:%-d %b %Y}" + (f" {moment:%H:%M}" if spec.type == "datetime" and "T" in value else "")
        except ValueError:
            return value
    return str(value).replace("_", " ")


def _attribute_words(event_type, name: str, value) -> str:
    spec = event_type.attributes.get(name) if event_type else None
    return f"{name.replace('_', ' ').capitalize()}: {_value(spec, value)}"


def _columns(event: Event) -> tuple[tuple[str, ...], str, str]:
    """(details, action, outcome) in words, from the event's attributes and who it was shared with."""
    rules = load_chronology_rules()
    event_type = load_vocabulary().event_types.get(event.event_type)
    attributes = event.attributes if isinstance(event.attributes, dict) else {}
    details, action, outcome = [], [], []
    for name, value in attributes.items():
        if value in (None, "", []):
            continue
        words = _attribute_words(event_type, name, value)
        if name in rules.action_attributes:
            action.append(words)
        elif name in rules.outcome_attributes:
            outcome.append(words)
        else:
            details.append(words)
    shared = sorted(agency.name for agency in event.shared_with.all())
    if shared:
        action.append("Shared with " + ", ".join(shared))
    return tuple(details), "; ".join(action) or NOT_RECORDED, "; ".join(outcome) or NOT_RECORDED


def _child_seen(event: Event) -> str:
    return {True: "yes", False: "no"}.get(event.child_seen, NOT_RECORDED)


def _entry(event: Event, significance, about: str = "", relationship: str = "") -> ChronologyEntry:
    event_type = load_vocabulary().event_types.get(event.event_type)
    details, action, outcome = _columns(event)
    return ChronologyEntry(
        key=f"event:{event.pk}", when=event.occurred_at, time_known=event.time_known, recorded_at=event.recorded_at,
        agency=event.agency.name, agency_code=event.agency.code, author=event.author, author_role=event.author_role,
        source=_SOURCE_WORDS.get(event.information_source, NOT_RECORDED),
        kind=event.event_type, group=event_type.domain if event_type else "other",
        title=event_type.label if event_type else event.event_type, details=details, note=event.note,
        significance=significance.code, significance_label=significance.label, action=action, outcome=outcome,
        child_seen=_child_seen(event) if not about else f"{_child_seen(event)} (about another person)",
        about=about, relationship=relationship,
        extra={"event_id": event.pk, "location": str(event.location) if event.location_id else ""},
    )


def _visible(events, context: ChronologyContext):
    if context.whole_picture:
        return events
    return events.filter(Q(agency_id=context.agency_id) | Q(eventshare__agency_id=context.agency_id)).distinct()


def _relationship_at(relationships: list[Relationship], rules, event: Event):
    """(relationship, rule, words) under which an event about this person bears on the child, or None."""
    day = timezone.localtime(event.occurred_at).date()
    held = [(r, rules.bearing_rule(r.group, event.event_type)) for r in relationships]
    held = [(r, rule) for r, rule in held if rule]
    for rel, rule in held:
        if rel.holds_on(day):
            return rel, rule, f"{rel.label} ({rel.known_from}, {rel.period})"
    for rel, rule in held:
        if rule.before_relationship and rel.start and day < rel.start:
            return rel, rule, (f"{rel.label}; this happened before that relationship began "
                               f"({rel.known_from}, {rel.period})")
    return None


def agency_events(context: ChronologyContext) -> Iterable[ChronologyEntry]:
    """Every event about the child the reader may see, and events about the people around the child that bear on them."""
    rules = load_chronology_rules()
    direct = list(selectors.visible_events(context.user, context.person)
                  .select_related("agency", "location").prefetch_related("shared_with").order_by())
    seen = {event.pk for event in direct}
    for event in direct:
        yield _entry(event, rules.significance_of(event.event_type, event.attributes))
    relationships = context.relationships
    if not relationships:
        return
    subjects: dict[int, list[int]] = {}
    rows = EventSubject.objects.filter(record__person_id__in=list(relationships),
                                       event__event_type__in=sorted(rules.bearing_types()))
    for event_id, person_id in rows.values_list("event_id", "record__person_id"):
        if event_id not in seen:
            subjects.setdefault(event_id, []).append(person_id)
    if not subjects:
        return
    events = _visible(Event.objects.filter(pk__in=list(subjects)), context)
    for event in events.select_related("agency", "location").prefetch_related("shared_with"):
        for person_id in dict.fromkeys(subjects[event.pk]):
            found = _relationship_at(relationships[person_id], rules, event)
            if found:
                rel, rule, words = found
                yield _entry(event, rules.significance[rule.significance], about=f"{rel.name}, {words}",
                             relationship=rel.label)
                break


register_source("agency events", agency_events)


def all_kinds() -> list[tuple[str, str, str]]:
    """(code, label, group) of every kind of row: the vocabulary's event types and registered sources' kinds."""
    voc = load_vocabulary()
    return [(code, et.label, et.domain) for code, et in voc.event_types.items()] + registered_kinds()


