"""Plain records the context graph is built from and the prompts it raises (no Django, no igraph here).

Every link is information, never fact: it carries where it came from (the events or the association
behind it, the agency, how it is known and whether it was verified).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# Kinds of node.
CHILD, ADULT, PLACE, GROUP = "child", "adult", "place", "group"
NODE_KINDS = (CHILD, ADULT, PLACE, GROUP)

# Kinds of link the graph builds from events and records (associations keep their own type code).
EVENT_LINK_KINDS = {
    "at_place": "recorded at the place",
    "co_present": "at the same place on the same day",
    "co_subject": "named together in one record",
    "missing_together": "missing at the same time",
    "arrested_together": "arrested or stopped together",
    "adult_with_child": "adult found or seen with the child",
    "household": "lived in the same household",
    "school": "on the roll of the school",
}
# Structural links: true of most children, so they are left out of peer-group detection and of the
# "separate groups" test for pivotal adults (every child at one school would otherwise be one group).
STRUCTURAL_KINDS = frozenset({"household", "school", "attends", "lives_at", "lives_with", "parent_of",
                              "sibling_of", "related_to", "partner_of"})


@dataclass(frozen=True)
class Provenance:
    """Where a link comes from. `event_ids` for links made from events, `association_id` for recorded links."""

    event_ids: tuple[str, ...] = ()
    association_id: str = ""
    agency: str = ""
    how_known: str = ""
    reliability: str = ""
    note: str = ""

    @property
    def verified(self) -> bool:
        return self.reliability == "verified" or (bool(self.event_ids) and not self.association_id)

    def as_dict(self) -> dict:
        return {"event_ids": list(self.event_ids), "association_id": self.association_id or None,
                "agency": self.agency or None, "how_known": self.how_known or None,
                "reliability": self.reliability or None, "verified": self.verified, "note": self.note or None}


@dataclass(frozen=True)
class Link:
    """One edge of the multigraph: `source` and `target` are node keys; `start`..`end` the days it holds."""

    source: str
    target: str
    kind: str
    start: date | None
    end: date | None
    provenance: Provenance


@dataclass(frozen=True)
class Event:
    """An event as the context graph needs it: who it is about, where, and when (day and end day)."""

    event_id: str
    event_type: str
    day: date
    agency: str = ""
    subjects: tuple[str, ...] = ()
    place: str | None = None
    end: date | None = None  # missing episodes: the day the child was found or returned


@dataclass(frozen=True, order=True)
class ContextPrompt:
    """A prompt about a context (a place, an adult, a peer group, children missing together).

    `context_key` names the place, adult or group (for a peer group or children missing together, a
    key made from the children); `child_keys` every child counted at `moment`; `event_ids` the events
    behind it (sorted); `association_ids` the recorded links behind it. `explanation` states the facts;
    `questions` are for the practitioner; there is no score, rating or band.
    """

    rule_id: str
    context_key: str
    moment: date
    child_keys: tuple[str, ...]
    event_ids: tuple[str, ...]
    association_ids: tuple[str, ...] = field(compare=False, default=())
    context_kind: str = field(compare=False, default="")
    title: str = field(compare=False, default="")
    trigger_event_id: str = field(compare=False, default="")
    evidence_class: str = field(compare=False, default="")
    recipient: str = field(compare=False, default="")
    dismissable: bool = field(compare=False, default=True)
    explanation: str = field(compare=False, default="")
    questions: tuple[str, ...] = field(compare=False, default=())

    @property
    def key(self) -> tuple[str, str, date, tuple[str, ...]]:
        return (self.rule_id, self.context_key, self.moment, self.child_keys)

    def as_dict(self) -> dict:
        return {"rule_id": self.rule_id, "context_key": self.context_key, "context_kind": self.context_kind,
                "moment": self.moment.isoformat(), "child_keys": list(self.child_keys),
                "event_ids": list(self.event_ids), "association_ids": list(self.association_ids),
                "trigger_event_id": self.trigger_event_id, "title": self.title,
                "evidence_class": self.evidence_class, "recipient": self.recipient,
                "dismissable": self.dismissable, "explanation": self.explanation,
                "questions": list(self.questions)}
