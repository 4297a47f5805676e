"""Relationships between linked people: declared by agencies, and the ones JoinedUp infers from them.

Declared: a person-to-person association of a relationship type (parent_of, sibling_of, ...), or a
member's role in an agency's household (a "parent" is parent or carer of the household's children).
Inferred, and marked so: children of one household are brothers or sisters; children with one
parent are; a parent and the parent's partner in one household are partners; people in one inferred
household with no recorded relationship "live in the same household". Mappings are data
(data/households.yaml).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from engine.households.inference import (
    HOUSEHOLD_RECORD,
    InferredHousehold,
    RecordEvidence,
    Sighting,
    household_rules,
)

__all__ = ["DeclaredLink", "InferredRelationship", "LinkEvidence", "infer_relationships", "relationship_noun"]

ASSOCIATION = "association"
HOUSEHOLD = "household_record"
SHARED_HOME = "shared_home"


@dataclass(frozen=True, slots=True)
class DeclaredLink:
    """A person-to-person association an agency holds (association type from associations.yaml)."""

    person: int | str
    other: int | str
    association_type: str
    agency: str
    agency_name: str
    ref: str
    start: date | None = None
    end: date | None = None
    how_known: str = ""       # e.g. "From a record"
    reliability: str = ""     # e.g. "Verified"


@dataclass(frozen=True, slots=True)
class LinkEvidence(RecordEvidence):
    """A record a relationship rests on, and the one person it places (None: it concerns both)."""

    detail: str = ""
    about: int | str | None = None


@dataclass(slots=True)
class InferredRelationship:
    """`person` is `relationship` of `other` (e.g. parent of), from `start` to `end`; declared or inferred."""

    person: int | str
    other: int | str
    relationship: str
    start: date | None
    end: date | None
    declared: bool
    evidence: list[LinkEvidence]
    how_known: list[str] = field(default_factory=list)

    @property
    def agencies(self) -> list[str]:
        """Agencies whose own records support the whole relationship (for a shared home: hold both people there)."""
        both = {e.agency for e in self.evidence if e.agency and e.about is None}
        each = [{e.agency for e in self.evidence if e.about == person} for person in (self.person, self.other)]
        if any(e.about is not None for e in self.evidence):
            both |= each[0] & each[1]
        return sorted(both)


def relationship_noun(code: str, *, towards: bool = False) -> str:
    """What the person is to the other ('Parent or carer'), or with towards=True what the other is to them."""
    table = household_rules()["relationships"]
    if code not in table:
        return code.replace("_", " ").capitalize()
    return table[table[code]["inverse"]]["noun"] if towards else table[code]["noun"]


def _canonical(relationship: str, person, other) -> tuple[str, object, object]:
    """One direction per relationship: 'child of' is stored as 'parent of' reversed; symmetric pairs ordered."""
    rules = household_rules()
    table = rules["relationships"]
    primary = set(rules["associations"].values()) | set(rules["household_roles"].values())
    inverse = table.get(relationship, {}).get("inverse", relationship)
    if relationship not in primary and inverse in primary:
        return inverse, other, person
    if inverse == relationship and str(other) < str(person):
        return relationship, other, person
    return relationship, person, other


def _overlap(a: tuple, b: tuple) -> tuple | None:
    start = max((d for d in (a[0], b[0]) if d), default=None)
    ends = [d for d in (a[1], b[1]) if d]
    end = min(ends) if ends else None
    point = a[0] is not None and a[0] == a[1] or b[0] is not None and b[0] == b[1]
    if start and end and (end < start or (end == start and not point)):
        return None
    return start, end


def _union(a: tuple, b: tuple) -> tuple:
    start = None if a[0] is None or b[0] is None else min(a[0], b[0])
    end = None if a[1] is None or b[1] is None else max(a[1], b[1])
    return start, end


class _Found:
    def __init__(self) -> None:
        self.items: dict[tuple, InferredRelationship] = {}

    def add(self, relationship: str, person, other, period: tuple, declared: bool, evidence: LinkEvidence,
            words: str) -> None:
        if person == other:
            return
        relationship, person, other = _canonical(relationship, person, other)
        key = (relationship, person, other)
        found = self.items.get(key)
        if found is None:
            self.items[key] = InferredRelationship(person, other, relationship, period[0], period[1], declared,
                                                   [evidence], [words])
            return
        if declared and not found.declared:
            found.declared, found.how_known = True, [words]
            found.start, found.end = period
        elif declared == found.declared:
            found.start, found.end = _union((found.start, found.end), period)
            if words not in found.how_known:
                found.how_known.append(words)
        found.evidence.append(evidence)

    def pairs(self) -> set[frozenset]:
        return {frozenset((r.person, r.other)) for r in self.items.values()}

    def has(self, relationship: str, person, other) -> bool:
        return _canonical(relationship, person, other) in self.items


def infer_relationships(links: list[DeclaredLink], sightings: list[Sighting],
                        households: list[InferredHousehold]) -> list[InferredRelationship]:
    """Declared relationships with their evidence, then those inferred from them and from shared homes."""
    rules = household_rules()
    found = _Found()
    for link in links:
        relationship = rules["associations"].get(link.association_type)
        if relationship is None or link.other is None:
            continue
        detail = "; ".join(part for part in (link.how_known, link.reliability) if part)
        found.add(relationship, link.person, link.other, (link.start, link.end), True,
                  LinkEvidence(link.agency, link.agency_name, ASSOCIATION, link.ref, link.start, link.end, detail),
                  f"Declared by {link.agency_name} as a link between them"
                  f"{' (' + detail + ')' if detail else ''}.")
    _from_household_roles(found, sightings, rules)
    _from_common_parents(found)
    _from_shared_homes(found, households)
    return sorted(found.items.values(), key=lambda r: (str(r.person), str(r.other), r.relationship))


def _from_household_roles(found: _Found, sightings: list[Sighting], rules: dict) -> None:
    households: dict[str, dict] = defaultdict(dict)
    for s in sightings:
        if s.kind != HOUSEHOLD_RECORD or not s.household_ref:
            continue
        members = households[s.household_ref]
        role, period, refs, agency = members.get(s.person, (s.role, None, [], s))
        period = (s.start, s.end) if period is None else _union(period, (s.start, s.end))
        members[s.person] = (s.role or role, period, [*refs, s.ref], agency)
    for household_ref, members in households.items():
        children = [p for p, (role, *_rest) in members.items() if role == "child"]
        for person, (role, period, refs, s) in members.items():
            relationship = rules["household_roles"].get(role)
            if relationship is None:
                continue
            for child in children:
                if child == person:
                    continue
                together = _overlap(period, members[child][1])
                if together is None:
                    continue
                evidence = LinkEvidence(s.agency, s.agency_name, HOUSEHOLD, ",".join(sorted(set(refs))),
                                        together[0], together[1], f"household {household_ref}: role {role}")
                if role == "child":
                    if not found.has("sibling", person, child):
                        found.add("sibling", person, child, together, False, evidence,
                                  f"Inferred: {s.agency_name} records both as children of one household; no agency "
                                  f"has recorded them as brother or sister.")
                    continue
                found.add(relationship, person, child, together, True, evidence,
                          f"Declared by {s.agency_name}: their household record gives this role "
                          f"({relationship_noun(relationship)}).")
        parents = [p for p, (role, *_rest) in members.items() if role in ("parent", "step_parent")]
        partners = [p for p, (role, *_rest) in members.items() if role == "parent_partner"]
        for parent in parents:
            for partner in partners:
                together = _overlap(members[parent][1], members[partner][1])
                if together is None or found.has("partner", parent, partner):
                    continue
                s = members[partner][3]
                found.add("partner", parent, partner, together, False,
                          LinkEvidence(s.agency, s.agency_name, HOUSEHOLD, household_ref, together[0], together[1],
                                       f"household {household_ref}"),
                          f"Inferred: {s.agency_name} records one as a parent and the other as the parent's partner "
                          f"in one household.")


def _from_common_parents(found: _Found) -> None:
    children_of: dict = defaultdict(list)
    for rel in list(found.items.values()):
        if rel.relationship in ("parent", "step_parent") and rel.declared:
            children_of[rel.person].append(rel)
    for rels in children_of.values():
        for i, a in enumerate(rels):
            for b in rels[i + 1:]:
                if a.other == b.other or found.has("sibling", a.other, b.other):
                    continue
                together = _overlap((a.start, a.end), (b.start, b.end)) or (None, None)
                source = a.evidence[0]
                found.add("sibling", a.other, b.other, together, False,
                          LinkEvidence(source.agency, source.agency_name, "common_parent", source.ref, None, None,
                                       "the same parent or carer"),
                          "Inferred: both have the same parent or carer recorded; they may be half- or "
                          "step-siblings.")


def _from_shared_homes(found: _Found, households: list[InferredHousehold]) -> None:
    related = found.pairs()
    for household in households:
        members = household.members
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if a.person == b.person or frozenset((a.person, b.person)) in related:
                    continue
                # Recorded dates within the margin count as together (inference.py): then the span of both.
                together = _overlap((a.start, a.end), (b.start, b.end)) or _union((a.start, a.end), (b.start, b.end))
                names = sorted({e.agency_name for e in (*a.evidence, *b.evidence)})
                words = (f"Inferred: recorded at the same address ({household.address}) in the same period "
                         f"({', '.join(names)}); how they are related is not recorded.")
                for one in (a, b):
                    for code, name in sorted({(e.agency, e.agency_name) for e in one.evidence}):
                        found.add("lives_with", a.person, b.person, together, False,
                                  LinkEvidence(code, name, SHARED_HOME, household.key, together[0], together[1],
                                               household.address, about=one.person), words)
