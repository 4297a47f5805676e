"""Casework deadlines as prompts: a referral not decided in a working day, a referrer not told the outcome,
an escalation stage or a meeting action overdue, information not acknowledged (engine/casework).

Each casework app registers a source of its open records::

    from joinedup.prompts.deadlines import register_deadline_source

    def referral_records(person_ids=None):       # -> iterable of casework records (plain mappings)
        for r in Referral.objects.filter(...):
            yield {"kind": "referral", "key": r.pk, "person_key": r.person_id, "received_on": r.received_on,
                   "decided_at": r.decided_at, "feedback_at": r.feedback_at, "label": r.concern[:60],
                   "assign_to": r.mash_worker_id, "team": "MASH"}

    register_deadline_source("referrals", referral_records,
                             links={"referral": lambda key: reverse("referrals:detail", args=[key])})

`links` (optional) says where each kind of record is read, so that the prompt page can link back to it.
`raise_overdue(as_of)` (daily, from `joinedup prompts`, and after a casework save) stores one prompt per rule
and record, in the named user's queue (`assign_to`, a user id) or else the team's (`team`, MASH by default).
A record about a context gives `context_key` (a Context id) instead of `person_key`: its prompt is a context
prompt, which only whole-picture users (the MASH) see (joinedup/prompts/selectors.py).
A prompt closes, like any other, only by a decision with written reasons.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date

from django.db import transaction
from django.utils import timezone

from engine.casework import load_deadlines, overdue
from joinedup.prompts.models import Prompt

__all__ = ["deadline_record_link", "deadline_sources", "raise_overdue", "register_deadline_source", "short_label",
           "unregister_deadline_source"]

DeadlineSource = Callable[..., Iterable[Mapping]]
RecordLink = Callable[[int], "str | None"]
_SOURCES: dict[str, DeadlineSource] = {}
_LINKS: dict[str, dict[str, RecordLink]] = {}


def short_label(text: str, size: int = 60) -> str:
    """A record's words, on one line and cut to `size` characters, to name it in a prompt."""
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def register_deadline_source(name: str, source: DeadlineSource, *,
                             links: Mapping[str, RecordLink] | None = None) -> None:
    """Add a source of casework records: `source(person_ids=None)` yields records (see the module doc);
    `links` maps each record kind it yields to the address of one record, given its key."""
    _SOURCES[name] = source
    _LINKS[name] = dict(links or {})


def unregister_deadline_source(name: str) -> None:
    _SOURCES.pop(name, None)
    _LINKS.pop(name, None)


def deadline_record_link(prompt: Prompt) -> str | None:
    """Where the casework record a deadline prompt is about can be read (its episode is `kind:key`), or None
    for other prompts, a kind no source links, or a record that no longer exists."""
    if prompt.rule_id not in {rule.id for rule in load_deadlines().rules}:
        return None
    kind, _, key = prompt.episode.partition(":")
    if not key.isdigit():
        return None
    for links in _LINKS.values():
        if kind in links:
            return links[kind](int(key))
    return None


def deadline_sources() -> dict[str, DeadlineSource]:
    return dict(_SOURCES)


@transaction.atomic
def raise_overdue(*, as_of: date | None = None, person_ids: Iterable[int] | None = None,
                  records: Iterable[Mapping] | None = None) -> list[Prompt]:
    """Store a prompt for every deadline passed unmet (from every registered source, or these records).

    Without `as_of` the run is for now: a deadline with a time of day (a datetime due field, given in local
    time) passes at that time; with `as_of`, on the day after it, like every other deadline."""
    now = None if as_of else timezone.localtime().replace(tzinfo=None)
    as_of = as_of or timezone.localdate()
    ids = None if person_ids is None else list(person_ids)
    if records is None:
        records = [record for source in _SOURCES.values() for record in source(person_ids=ids)]
    records = {(r["kind"], str(r["key"])): r for r in records}
    catalogue = load_deadlines()
    created = []
    for due in overdue(records.values(), as_of, catalogue, now=now):
        record = records[(due.record_kind, due.record_key)]
        rule = catalogue.rule(due.rule_id)
        about = ({"person_id": int(due.person_key)} if due.person_key is not None else
                 {"person_id": None, "context_id": int(due.context_key)})
        made, new = Prompt.objects.get_or_create(
            **about, rule_id=due.rule_id, episode=due.episode,
            defaults={
                "title": due.title, "evidence_class": due.evidence_class, "moment": due.moment,
                "explanation": due.explanation, "questions": list(due.questions),
                "learning": " ".join(c.note for c in rule.learning if c.note),
                "citation": "; ".join(str(c) for c in rule.learning), "recipient": due.recipient,
                "assigned_to_id": record.get("assign_to"),
                "team": "" if record.get("assign_to") else record.get("team") or "MASH",
                "dismissable": due.dismissable,
            })
        if new:
            created.append(made)
    return created
