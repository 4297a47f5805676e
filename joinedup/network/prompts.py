"""Context prompts in the platform: raise them from the partnership's graph, store them once, show them to MASH.

`raise_context_prompts(as_of=..., batch=..., person_ids=...)` builds the partnership's context graph from the
database (`joinedup.network.partnership.build`), runs the context rules (engine/context/rules.yaml: C01 a
place, C02 an adult, linked to k children with concerns; C03 a pivotal adult; C04 a peer group found by
community detection; C05 children missing together) and stores what it finds as `prompts.Prompt` rows:

* about a place: `Prompt.context` is the place's `contexts.Context` (made if there is none yet: kind
  location, or school for a school);
* about an adult: `Prompt.person` is the adult;
* about a peer group or children missing together: a `associations.PeerGroup` and its `Context`, named
  without naming any child;

always naming every child (`Prompt.children`), with the events behind it (`PromptEvidence`), and the
recorded links and the record that brought the count to k (`network.ContextPromptBasis`). Each goes to
the MASH team's queue and closes, like any prompt, only by a decision with reasons.

Raised once per episode: a further child joining the pattern while the prompt is open is added to it (the
explanation then names every child, and the history says when each joined); once it has been decided, a
further child raises a new prompt. Evaluating again changes nothing.

Who sees them: only users who see the whole picture (`joinedup.prompts.selectors.prompts_for`), because a
context prompt names children other users may not know of.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from engine.context import ContextPrompt, ContextRules, context_prompts, load_rules
from engine.context.build import MISSING_TYPES
from joinedup.associations.models import Association, PeerGroup
from joinedup.contexts.models import Context, ContextKind
from joinedup.events.models import Event, EventSubject
from joinedup.network.models import ContextPromptBasis
from joinedup.network.partnership import build
from joinedup.network.rows import Scope, around, association_key, key_id, person_key
from joinedup.places.models import Location, LocationKind
from joinedup.prompts.models import Prompt, PromptEvidence, Status

log = logging.getLogger(__name__)

__all__ = ["context_prompt_details", "is_context_prompt", "raise_context_prompts",
           "raise_after_import", "store"]

TEAM = "MASH"
GROUP_NAMES = {"peer_group": "Peer group found in agencies' records", "missing_together": "Children missing together"}


def is_context_prompt(prompt: Prompt) -> bool:
    return prompt.is_about_a_context


# ---------------------------------------------------------------------------------------------- raising
def raise_context_prompts(*, as_of: date | None = None, person_ids: Iterable[int] | None = None,
                          event_ids: set[str] | None = None, association_ids: set[str] | None = None,
                          scope: Scope | None = None, rules: ContextRules | None = None) -> list[Prompt]:
    """Evaluate the context rules over the partnership as on `as_of` (default today) and store new prompts.

    With `person_ids`, only prompts naming one of those people (a child, or the adult) are stored; with
    `event_ids` / `association_ids`, only prompts resting on one of those records (an import's). With `scope`,
    the graph holds only that part of the partnership (`joinedup.network.rows.around`).
    """
    as_of = as_of or timezone.localdate()
    partnership = build(until=as_of, scope=scope)
    found = context_prompts(partnership.graph, partnership.events, rules, as_of=[as_of])
    if person_ids is not None:
        keys = {person_key(pid) for pid in person_ids}
        found = [f for f in found if keys & set(f.child_keys) or f.context_key in keys]
    if event_ids is not None or association_ids is not None:
        events, links = event_ids or set(), association_ids or set()
        found = [f for f in found if events & set(f.event_ids) or links & set(f.association_ids)]
    return store(found)


# Rules a file's neighbourhood can decide: a place or adult connecting k children, children missing together.
# Pivotal adults and peer groups depend on the shape of the whole partnership: the daily run raises them.
NEIGHBOURHOOD_KINDS = {"place_children", "adult_children", "missing_together"}


def raise_after_import(batch) -> list[Prompt]:
    """After an import of events or associations (once the partnership is linked): prompts resting on the file.

    A file none of whose events could make a link or count as a concern (no place, one person, not a missing
    episode, not a concern: most health appointments) cannot change a context prompt, and costs one query.
    The rest are evaluated over the file's neighbourhood only (the people and places within two hops of it,
    and every child missing in the period), so the cost follows the file, not the size of the partnership.
    """
    rules = load_rules()
    local = replace(rules, rules=tuple(r for r in rules.rules if r.kind in NEIGHBOURHOOD_KINDS))
    look_back = timedelta(days=max(r.window_days for r in local.rules))
    if batch.kind == "events":
        events = Event.objects.filter(import_batch=batch)
        relevant = events.filter(Q(location__isnull=False) | Q(event_type__in=rules.concern_types | MISSING_TYPES))
        ids = {str(pk) for pk in relevant.values_list("id", flat=True)}
        ids |= {str(pk) for pk in EventSubject.objects.filter(event__import_batch=batch).values("event_id")
                .annotate(n=Count("id")).filter(n__gt=1).values_list("event_id", flat=True)}
        if not ids:
            return []
        first = events.order_by("occurred_at").values_list("occurred_at", flat=True).first()
        since = timezone.localtime(first).date() - look_back
        people = set(EventSubject.objects.filter(event__import_batch=batch, record__person__isnull=False)
                     .values_list("record__person_id", flat=True))
        places = set(events.filter(location__isnull=False).values_list("location_id", flat=True))
        if _too_large(Scope(frozenset(people), frozenset(places), since), batch):
            return []                      # the file alone is a bulk load: no need to look around it
        scope = _with_missing(around(people, places, since=since), since)
        if _too_large(scope, batch):
            return []
        return raise_context_prompts(event_ids=ids, scope=scope, rules=local)
    if batch.kind == "associations":
        links = Association.objects.filter(import_batch=batch)
        ids = {association_key(pk) for pk in links.values_list("id", flat=True)}
        if not ids:
            return []
        first = min((d for d in links.values_list("valid_from", flat=True) if d), default=timezone.localdate())
        people = set(links.values_list("record__person_id", flat=True)) | set(
            links.values_list("other_record__person_id", flat=True))
        places = set(links.values_list("location_id", flat=True))
        scope = around(people, places, since=first - look_back)
        if _too_large(scope, batch):
            return []
        return raise_context_prompts(association_ids=ids, scope=scope, rules=local)
    return []


def _too_large(scope: Scope, batch) -> bool:
    """A bulk load's neighbourhood is most of the partnership: the daily run raises its prompts instead."""
    limit = getattr(settings, "JOINEDUP_CONTEXT_IMPORT_LIMIT", 5000)
    if len(scope.person_ids) <= limit:
        return False
    log.info("%s: %s people around the file (limit %s); context prompts are left to the daily run",
             batch.source, len(scope.person_ids), limit)
    return True


def _with_missing(scope: Scope, since: date) -> Scope:
    """Add everyone reported missing since `since`: two children missing at the same time need no other link."""
    start = timezone.make_aware(datetime.combine(since, time.min))
    missing = set(EventSubject.objects.filter(event__event_type__in=MISSING_TYPES, event__occurred_at__gte=start,
                                              record__person__isnull=False).values_list("record__person_id", flat=True))
    return replace(scope, person_ids=scope.person_ids | missing)


# ---------------------------------------------------------------------------------------------- storing
def _subject(found: ContextPrompt) -> dict | None:
    """What the prompt is about: {"context": Context} for a place or group, {"person_id": id} for an adult."""
    if found.context_kind == "adult":
        pid = key_id(found.context_key, "person")
        return {"person_id": pid} if pid else None
    if found.context_kind == "place":
        loc_id = key_id(found.context_key, "place")
        if loc_id is None:
            return None  # a school roll is not a place an agency recorded
        location = Location.objects.get(pk=loc_id)
        kind = ContextKind.SCHOOL if location.kind == LocationKind.SCHOOL else ContextKind.LOCATION
        context, _ = Context.objects.get_or_create(location=location, defaults={
            "kind": kind, "name": str(location)[:200],
            "description": "Recorded by JoinedUp when a context prompt about this place was raised."})
        return {"context": context}
    words = GROUP_NAMES.get(found.context_kind, "Children linked in agencies' records")
    group, _ = PeerGroup.objects.get_or_create(key=f"joinedup:{found.context_key}"[:200], defaults={
        "name": f"{words} (from {found.moment:%-d %b %Y})"})
    context, _ = Context.objects.get_or_create(group=group, defaults={
        "kind": ContextKind.PEER_GROUP, "name": group.name,
        "description": f"Found by JoinedUp ({found.rule_id}: {found.title.lower()}). The children are named on "
                       "the prompt, which only the MASH sees."})
    return {"context": context}


def _ids(keys: Iterable[str], prefix: str) -> list[int]:
    return sorted({i for i in (key_id(k, prefix) for k in keys) if i is not None})


def _trigger(found: ContextPrompt) -> dict:
    if found.trigger_event_id.startswith("association-"):
        return {"association": key_id(found.trigger_event_id, "association")}
    return {"event": int(found.trigger_event_id)} if found.trigger_event_id.isdigit() else {}


@transaction.atomic
def store(found: Iterable[ContextPrompt]) -> list[Prompt]:
    """Keep each context prompt once (see the module doc); returns the prompts newly raised."""
    rules = load_rules()
    created: list[Prompt] = []
    for item in sorted(found, key=lambda f: (f.moment, f.rule_id, f.context_key)):
        subject = _subject(item)
        if subject is None:
            continue
        rule = rules.rule(item.rule_id)
        children = _ids(item.child_keys, "person")
        if not children:
            continue
        episode = timedelta(days=rule.episode_days)
        earlier = list(Prompt.objects.filter(rule_id=item.rule_id, moment__gte=item.moment - episode,
                                             moment__lte=item.moment, **subject)
                       .order_by("-moment", "-id").prefetch_related("children"))
        covering = [p for p in earlier if set(children) <= {c.pk for c in p.children.all()}]
        if covering:  # already raised with every one of these children; an open one takes any record since
            if covering[0].status == Status.OPEN:
                _add_basis(covering[0], item)
            continue
        latest = earlier[0] if earlier else None
        if latest is not None and latest.status == Status.OPEN:
            _grow(latest, item, children)
            continue
        if Prompt.objects.filter(rule_id=item.rule_id, episode=item.moment.isoformat(), **subject).exists():
            continue
        prompt = Prompt.objects.create(
            **subject, rule_id=item.rule_id, title=item.title, evidence_class=item.evidence_class,
            moment=item.moment, episode=item.moment.isoformat(), explanation=item.explanation,
            questions=list(item.questions), learning=" ".join(c.note for c in rule.learning if c.note),
            citation="; ".join(str(c) for c in rule.learning), recipient=item.recipient, team=TEAM,
            dismissable=item.dismissable)
        prompt.children.set(children)
        _evidence(prompt, item)
        trigger = _trigger(item)
        basis = ContextPromptBasis.objects.create(
            prompt=prompt, context_key=item.context_key, trigger_event_id=_existing(Event, trigger.get("event")),
            trigger_association_id=_existing(Association, trigger.get("association")),
            history=[_history(item, children)])
        basis.associations.set(_existing_many(Association, _ids(item.association_ids, "association")))
        created.append(prompt)
    return created


def _existing(model, pk: int | None) -> int | None:
    return pk if pk is not None and model.objects.filter(pk=pk).exists() else None


def _existing_many(model, pks: list[int]) -> list[int]:
    return list(model.objects.filter(pk__in=pks).values_list("pk", flat=True)) if pks else []


def _history(item: ContextPrompt, children: list[int]) -> dict:
    return {"moment": item.moment.isoformat(), "children": children, "trigger": item.trigger_event_id}


def _evidence(prompt: Prompt, item: ContextPrompt) -> None:
    ids = _existing_many(Event, [int(e) for e in item.event_ids if e.isdigit()])
    have = set(PromptEvidence.objects.filter(prompt=prompt).values_list("event_id", flat=True))
    PromptEvidence.objects.bulk_create([PromptEvidence(prompt=prompt, event_id=e) for e in ids if e not in have])


def _add_basis(prompt: Prompt, item: ContextPrompt) -> ContextPromptBasis:
    """Add the events and recorded links behind `item` to an open prompt (records that arrived since)."""
    _evidence(prompt, item)
    basis, _ = ContextPromptBasis.objects.get_or_create(prompt=prompt, defaults={"context_key": item.context_key})
    basis.associations.add(*_existing_many(Association, _ids(item.association_ids, "association")))
    return basis


def _grow(prompt: Prompt, item: ContextPrompt, children: list[int]) -> None:
    """A further child joined the pattern while the prompt is open: name every child, add what it rests on."""
    prompt.children.add(*children)
    prompt.explanation = item.explanation
    prompt.save(update_fields=["explanation"])
    basis = _add_basis(prompt, item)
    basis.history = [*basis.history, _history(item, children)]
    basis.save(update_fields=["history"])


# ---------------------------------------------------------------------------------------------- showing
def context_prompt_details(request, prompt: Prompt) -> dict:
    """What the prompt page shows for a context prompt (to a whole-picture user): the context or adult, every
    child (each read is logged), the recorded links behind it with how each is known, the record that
    brought the count to k, and when each child joined."""
    from joinedup.audit.services import log_access

    children = list(prompt.children.order_by("display_name", "id"))
    for person in children + ([prompt.person] if prompt.person_id else []):
        log_access(request, person, f"context prompt {prompt.rule_id}")
    basis = ContextPromptBasis.objects.filter(prompt=prompt).select_related(
        "trigger_event__agency", "trigger_association__agency").first()
    links = list(basis.associations.select_related("agency", "record__person", "other_record__person", "location",
                                                   "group").order_by("valid_from", "id")) if basis else []
    names = {c.pk: c.display_name for c in children}
    history, before = [], set()
    for h in (basis.history if basis else []):
        joined = [names.get(c, f"person {c}") for c in h["children"] if c not in before]
        history.append({"moment": date.fromisoformat(h["moment"]), "count": len(h["children"]), "joined": joined})
        before |= set(h["children"])
    events = list(prompt.events.select_related("agency", "location").prefetch_related("shared_with")
                  .order_by("occurred_at", "id"))
    who: dict[int, list[tuple[int, str]]] = {}
    for event_id, pid, name in (EventSubject.objects.filter(event__in=events, record__person__isnull=False)
                                .order_by("position").values_list("event_id", "record__person_id",
                                                                  "record__person__display_name")):
        if pid not in (p for p, _ in who.get(event_id, ())):
            who.setdefault(event_id, []).append((pid, name))
    trigger = basis.trigger_event_id if basis else None
    rows = [{"event": e, "who": who.get(e.pk, []), "trigger": e.pk == trigger} for e in events]
    return {"context_prompt": True, "children": children, "adult": prompt.person, "links": links,
            "context_events": rows, "trigger_event": basis.trigger_event if basis else None,
            "trigger_association": basis.trigger_association if basis else None, "history": history}
