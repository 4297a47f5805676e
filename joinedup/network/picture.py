"""The network around a child, adult, place or group, as one user may see it.

The privacy rule (docs/network.md):

* Whole-picture users (MASH officers) see every link and everyone by name.
* Everyone else sees a link only if their agency may read the record it rests on: an event their
  agency recorded or was sent, an association their agency recorded, a household or relationship
  finding resting on their agency's records, their own school's roll. A child's allocated worker
  also sees every link of that child (they see the child's whole picture), and no further.
  People on those links are named only if the user may open them (`visible_people`); anyone else is
  "another young person" or "an adult", known to another agency, with no name, id or date of birth.
  Places are always named. The user is told how many further links rest on records they cannot read.
* Only what is reachable from the centre through the links shown is shown: a hidden link never
  reveals who is behind it.

Every person shown by name is written to the access log with what was read.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils import timezone

from engine.context.model import EVENT_LINK_KINDS, STRUCTURAL_KINDS, Link
from engine.vocabulary import load_vocabulary
from joinedup.associations.models import HowKnown
from joinedup.audit.services import log_accesses
from joinedup.network.partnership import Partnership, current
from joinedup.network.rows import Readers, key_id
from joinedup.people.models import Person
from joinedup.people.selectors import is_allocated, visible_people

__all__ = ["HOPS", "MAX_NODES", "Period", "context_centres", "kind_label", "link_category", "network_for"]

HOPS = (1, 2, 3)
MAX_NODES = 400
NOT_EVENT_KINDS = frozenset({"household", "school"})
HOW_KNOWN = dict(HowKnown.choices)
RELIABILITY = {"verified": "Verified", "probable": "Probable", "unverified": "Not verified", "unknown": "Not known"}


@dataclass(frozen=True)
class Period:
    start: date | None = None
    end: date | None = None

    def words(self) -> str:
        if self.start and self.end:
            return f"{self.start:%-d %b %Y} to {self.end:%-d %b %Y}"
        if self.start:
            return f"from {self.start:%-d %b %Y}"
        if self.end:
            return f"up to {self.end:%-d %b %Y}"
        return "all records"


def kind_label(kind: str) -> str:
    """A link kind in words: the graph's own kinds, else the association vocabulary's label."""
    if kind in EVENT_LINK_KINDS:
        return EVENT_LINK_KINDS[kind]
    at = load_vocabulary().association_types.get(kind)
    return at.label if at else kind.replace("_", " ")


def link_category(kind: str) -> str:
    """event (made from events), structure (home, school, family) or record (an agency's recorded link)."""
    if kind in EVENT_LINK_KINDS and kind not in NOT_EVENT_KINDS:
        return "event"
    if kind in STRUCTURAL_KINDS or kind in NOT_EVENT_KINDS:
        return "structure"
    return "record"


def readers_of(link: Link, readers: Readers) -> set[int]:
    """Agency ids that may read the record(s) behind a link (whole-picture users aside)."""
    prov = link.provenance
    if prov.event_ids:
        sets = [readers.events.get(e, set()) for e in prov.event_ids]
        return set.intersection(*sets) if sets else set()
    if prov.association_id:
        agency = readers.associations.get(prov.association_id)
        return {agency} if agency else set()
    if prov.note.startswith("relationship "):
        return readers.relationships.get(prov.note, set())
    if prov.note.startswith("household "):
        hh = prov.note.split(" ", 1)[1]
        return readers.households.get((hh, link.source), set()) & readers.households.get((hh, link.target), set())
    if link.kind == "lives_at":
        return readers.homes.get((link.source, link.target), set())
    if link.kind == "school":
        agency = key_id(link.target, "school")
        return {agency} if agency else set()
    return set()


def _age(dob: date | None, day: date) -> int | None:
    if dob is None:
        return None
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def network_for(request, centres: list[str], *, hops: int = 2, period: Period = Period(), what: str = "network view",
                partnership: Partnership | None = None) -> dict:
    """The JSON-ready network around the `centres` (node keys) as `request.user` may see it; logs each person named.

    Raises KeyError if a centre is not in the partnership's graph.
    """
    user = request.user
    p = partnership or current()
    g = p.graph
    raw_nodes: dict[str, dict] = {}
    eids_set: set[int] = set()
    truncated = False
    for centre in centres:
        raw = g.network(centre, hops=hops, start=period.start, end=period.end, max_nodes=MAX_NODES, with_links=False)
        truncated = truncated or bool(raw["truncated"])
        eids_set.update(int(e) for e in raw["links"])
        for n in raw["nodes"]:
            seen = raw_nodes.get(n["id"])
            if seen is None or n["hop"] < seen["hop"] or (n["expanded"] and not seen["expanded"]):
                raw_nodes[n["id"]] = n
    eids = sorted(eids_set)
    links = {e: g.link(e) for e in eids}
    whole = user.sees_whole_picture
    if whole:
        shown = set(eids)
    else:
        allocated = {c for c in centres if key_id(c, "person") is not None
                     and is_allocated(user, Person(pk=key_id(c, "person")))}
        shown = {e for e, lk in links.items()
                 if user.agency_id in readers_of(lk, p.readers) or allocated & {lk.source, lk.target}}
    # only what is reachable from a centre through the links shown
    hop_of = {c: 0 for c in centres}
    frontier = list(centres)
    by_node: dict[str, list[int]] = {}
    for e in shown:
        by_node.setdefault(links[e].source, []).append(e)
        by_node.setdefault(links[e].target, []).append(e)
    for h in range(1, hops + 1):
        nxt = []
        for u in frontier:
            if h > 1 and not raw_nodes.get(u, {}).get("expanded", False):
                continue  # a hub (a school, a busy venue) is shown, not followed
            for e in by_node.get(u, ()):
                o = links[e].target if links[e].source == u else links[e].source
                if o not in hop_of:
                    hop_of[o] = h
                    nxt.append(o)
        frontier = nxt
    kept = [e for e in shown if links[e].source in hop_of and links[e].target in hop_of]

    person_ids = {key_id(k, "person") for k in hop_of} - {None}
    named = set(person_ids) if whole else set(
        visible_people(user).filter(pk__in=person_ids).values_list("pk", flat=True))
    ref_day = period.end or timezone.localdate()
    contexts = _contexts({key_id(k, "place") for k in hop_of} - {None}, {key_id(k, "group") for k in hop_of} - {None})
    ids: dict[str, str] = {}
    nodes = []
    for key, h in sorted(hop_of.items(), key=lambda kv: (kv[1], kv[0])):
        n = raw_nodes[key]
        node = {"id": key, "hop": h, "expanded": bool(n["expanded"]), "degree": n["degree"], "centre": h == 0,
                "anonymous": False, "url": None, "network_url": None, "detail": ""}
        pid = key_id(key, "person")
        if pid is not None:
            child = g.is_child(key, ref_day)
            node["kind"] = "child" if child else "adult"
            if pid in named:
                dob = g.dobs[g.index[key]] if g.dobs is not None else None
                age = _age(dob, ref_day)
                node.update(label=n["label"], detail=f"aged {age}" if age is not None else "age not recorded",
                            url=reverse("people:detail", args=[pid]),
                            network_url=reverse("network:person", args=[pid]))
            else:
                node.update(id=f"anon-{len(ids) + 1}", anonymous=True,
                            label="Another young person" if child else "An adult",
                            detail="known to another agency")
        else:
            node["kind"] = n["kind"]
            node["label"] = n["label"]
            if key.startswith("school-"):
                node["detail"] = "school roll"
            context_id = contexts.get(key)
            if context_id:
                node["network_url"] = reverse("network:context", args=[context_id])
            if not n["expanded"] and h < hops and n["degree"]:
                node["detail"] = (node["detail"] + "; " if node["detail"] else "") + \
                    f"{n['degree']} links in the period, not followed"
        ids[key] = node["id"]
        nodes.append(node)

    labels = {node["id"]: node["label"] for node in nodes}
    out_links = [_link_json(e, links[e], ids, labels, p) for e in sorted(kept)]
    legend = Counter(lk["kind"] for lk in out_links)
    _log(request, sorted(named), what, hops, period)
    return {
        "centres": [ids[c] for c in centres], "hops": hops,
        "period": {"start": period.start.isoformat() if period.start else None,
                   "end": period.end.isoformat() if period.end else None, "words": period.words()},
        "whole_picture": whole, "truncated": truncated,
        "withheld": len(eids) - len(kept),
        "nodes": nodes, "links": out_links,
        "legend": [{"kind": k, "label": kind_label(k), "category": link_category(k), "count": legend[k]}
                   for k in sorted(legend, key=lambda k: (link_category(k), kind_label(k)))],
    }


def context_centres(user, context) -> list[str]:
    """Where the network around a context starts: its place or group. A peer group JoinedUp found (no agency
    recorded links to it) starts, for whole-picture users, from the children its prompts name."""
    from joinedup.network.rows import group_key, person_key, place_key

    if context.location_id:
        return [place_key(context.location_id)]
    if not context.group_id:
        return []
    centres = [group_key(context.group_id)]
    if user.sees_whole_picture and context.group.key.startswith("joinedup:"):
        children = sorted(set(context.prompts.values_list("children__id", flat=True)) - {None})
        centres += [person_key(pk) for pk in children]
    return centres


def _contexts(place_ids: set[int], group_ids: set[int]) -> dict[str, int]:
    from joinedup.contexts.models import Context
    from joinedup.network.rows import group_key, place_key

    out = {}
    if place_ids:
        out.update({place_key(loc): pk for pk, loc in
                    Context.objects.filter(location_id__in=place_ids).values_list("id", "location_id")})
    if group_ids:
        out.update({group_key(grp): pk for pk, grp in
                    Context.objects.filter(group_id__in=group_ids).values_list("id", "group_id")})
    return out


def _link_json(eid: int, lk: Link, ids: dict[str, str], labels: dict[str, str], p: Partnership) -> dict:
    prov = lk.provenance
    types = load_vocabulary().event_types
    events = []
    for event_id in prov.event_ids:
        ev = p.events.get(event_id)
        if ev is not None:
            et = types.get(ev.event_type)
            events.append({"id": event_id, "type": ev.event_type, "label": et.label if et else ev.event_type,
                           "date": ev.day.isoformat(), "agency": ev.agency})
    if events:
        how_known = "from the events recorded"
    elif prov.note.startswith("household "):
        how_known = "lived at one home in the same period (households pieced together from agencies' records)"
    else:
        how_known = HOW_KNOWN.get(prov.how_known, prov.how_known or "")
    agency = prov.agency or ("; ".join(sorted({e["agency"] for e in events})) if events else "")
    if prov.note.startswith("household "):
        agency = "JoinedUp (households pieced together from agencies' records)"
    return {
        "id": f"e{eid}", "source": ids[lk.source], "target": ids[lk.target],
        "source_label": labels[ids[lk.source]], "target_label": labels[ids[lk.target]], "kind": lk.kind,
        "label": kind_label(lk.kind), "category": link_category(lk.kind),
        "start": lk.start.isoformat() if lk.start else None, "end": lk.end.isoformat() if lk.end else None,
        "agency": agency,
        "how_known": how_known,
        "reliability": RELIABILITY.get(prov.reliability, prov.reliability or ""),
        "verified": prov.verified,
        "association_id": prov.association_id or None,
        "note": "" if prov.note.startswith(("household ", "relationship ")) else prov.note,
        "events": events,
    }


def _log(request, person_ids: list[int], what: str, hops: int, period: Period) -> None:
    """One access-log entry per person shown by name (a network may name dozens), chained as one batch."""
    text = f"{what} ({hops} hop{'s' if hops != 1 else ''}, {period.words()})"
    log_accesses(request, person_ids, text)
