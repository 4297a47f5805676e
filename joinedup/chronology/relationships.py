"""Who is around the child, and when: read from the stored households and relationships, not worked out again.

The people around a child are what `joinedup.people.households` stores after linking — who lived in
one of the child's households and while both did (`HouseholdMember`), and how people are related
(`PersonRelationship`), practitioners' corrections included, withdrawn and superseded rows left out —
plus the adults agencies link to the child without a relationship (a "boyfriend", "seen with").
So the person page, the chronology and the prompts (`joinedup.prompts.services._around`) agree, and a
correction made on the person page shows on the chronology.

`around(person_ids)` is the batched, whole-picture reading the prompts use. `relationships_of(person,
agency_id)` is the chronology's: each relationship named from the child's point of view ("mother",
"mother's partner", "described as the child's 'boyfriend'") by engine/households/data/households.yaml,
with the period it held and how it is known. Pass `agency_id` for a reader without the whole picture:
they see only findings that rest on their own agency's records, with the period those records give
(the person page's rule: `households.finding_visible`, `households.finding_as_seen`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from engine.households.inference import household_rules
from engine.households.naming import childs_naming
from joinedup.agencies.models import Agency
from joinedup.associations.models import Association
from joinedup.people.household_models import HouseholdMember, Origin, PersonRelationship
from joinedup.people.households import finding_as_seen, finding_visible
from joinedup.people.models import Person

__all__ = ["Around", "Relationship", "around", "linked_adult", "relationships_of"]

_BATCH = 900  # keeps IN (...) lists inside SQLite's parameter limit
_CURRENT = {"withdrawn": False, "superseded_by__isnull": True}
_HOME_KINDS = {"household_record", "shared_home"}  # evidence that is the household itself
_PARENT_WORDS = ("parent",)  # what-the-person-is-to-the-child codes whose partners are "{parent}'s partner"


@dataclass(frozen=True)
class Relationship:
    person_id: int
    name: str
    label: str
    group: str
    start: date | None
    end: date | None
    known_from: str

    def holds_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    @property
    def period(self) -> str:
        if self.start and self.end:
            return f"{self.start:%-d %b %Y} to {self.end:%-d %b %Y}"
        if self.start:
            return f"from {self.start:%-d %b %Y}"
        if self.end:
            return f"until {self.end:%-d %b %Y}"
        return "dates not recorded"


@dataclass
class Around:
    """What the store holds about the people around one person (every agency's; filter before showing)."""

    households: list[tuple[HouseholdMember, HouseholdMember]]  # (the person's membership, another member's)
    relationships: list[PersonRelationship]                    # the person's own relationships
    partners_of_parents: list[tuple[PersonRelationship, PersonRelationship]]  # (parent of person, parent's partner)
    links: list[Association]                                   # adults linked to them ("boyfriend", "seen with")


def _overlap(a: tuple, b: tuple) -> tuple | None:
    start = max((d for d in (a[0], b[0]) if d), default=None)
    end = min((d for d in (a[1], b[1]) if d), default=None)
    if start and end and start > end:
        return None
    return start, end


def _chunks(values) -> list[list]:
    values = list(values)
    return [values[i:i + _BATCH] for i in range(0, len(values), _BATCH)]


def _to_person(row: PersonRelationship, person_id: int) -> str:
    """What the other person in `row` is to `person_id` (a relationship code)."""
    if row.other_id == person_id:
        return row.relationship  # stored as "<other person> is <relationship> of <person>"
    return household_rules()["relationships"].get(row.relationship, {}).get("inverse", row.relationship)


def around(person_ids, *, details: bool = True) -> dict[int, Around]:
    """The current stored findings around each person, in a handful of queries for any number of people.

    `details=False` leaves out evidence and words (the prompts need only who and when).
    """
    ids = [pid for pid in dict.fromkeys(person_ids) if pid]
    out = {pid: Around([], [], [], []) for pid in ids}
    heavy = () if details else ("evidence", "how_known", "reason")
    related = ("recording_agency", "recorded_by") if details else ()
    mine = []
    for chunk in _chunks(ids):
        mine += list(HouseholdMember.objects.filter(person_id__in=chunk, **_CURRENT).defer(*heavy)
                     .select_related(*related))
    by_household: dict[int, list[HouseholdMember]] = defaultdict(list)
    for chunk in _chunks({m.household_id for m in mine}):
        for m in (HouseholdMember.objects.filter(household_id__in=chunk, **_CURRENT).defer(*heavy)
                  .select_related(*(("person", *related) if details else ()))):
            by_household[m.household_id].append(m)
    for m in sorted(mine, key=lambda m: (m.start_date or date.min, m.id)):
        for other in by_household[m.household_id]:
            if other.person_id != m.person_id:
                out[m.person_id].households.append((m, other))
    rows = {}
    for chunk in _chunks(ids):
        rows.update({r.id: r for r in PersonRelationship.objects.filter(Q(person_id__in=chunk) | Q(other_id__in=chunk),
                                                                         **_CURRENT).defer(*heavy)
                     .select_related(*(("person", "other", *related) if details else ()))})
    parents: dict[int, list[tuple[int, PersonRelationship]]] = defaultdict(list)  # parent -> [(child, row)]
    for row in sorted(rows.values(), key=lambda r: (r.start_date or date.min, r.id)):
        for pid, other in ((row.person_id, row.other_id), (row.other_id, row.person_id)):
            if pid in out and other != pid:
                out[pid].relationships.append(row)
                if _to_person(row, pid) in _PARENT_WORDS:
                    parents[other].append((pid, row))
    for chunk in _chunks(parents):
        partners = (PersonRelationship.objects.filter(Q(person_id__in=chunk) | Q(other_id__in=chunk),
                                                      relationship="partner", **_CURRENT).defer(*heavy)
                    .select_related(*(("person", "other", *related) if details else ())))
        for row in partners:
            for parent, partner in ((row.person_id, row.other_id), (row.other_id, row.person_id)):
                for child, parent_row in parents.get(parent, ()):
                    if partner != child:
                        out[child].partners_of_parents.append((parent_row, row))
    types = list(childs_naming().associated_adults)
    for chunk in _chunks(ids):
        links = (Association.objects.filter(association_type__in=types, other_record__isnull=False)
                 .filter(Q(record__person_id__in=chunk) | Q(other_record__person_id__in=chunk))
                 .select_related("agency", "record__person", "other_record__person"))
        for link in links:
            for pid in {link.record.person_id, link.other_record.person_id}:
                if pid in out:
                    out[pid].links.append(link)
    return out


def linked_adult(link: Association, person_id: int):
    """The other record of a link to an adult around `person_id`, if the link reads that way round; else None."""
    mine_from, mine_to = link.record.person_id == person_id, link.other_record.person_id == person_id
    if mine_from == mine_to:
        return None
    other, direction = (link.other_record, "from_child") if mine_from else (link.record, "to_child")
    if childs_naming().associated_adults[link.association_type].direction not in ("either", direction):
        return None
    return other if other.person_id else None


# ------------------------------------------------------------------------------------------ the chronology's reading


def _names(seen: dict) -> str:
    names = seen["sources"]
    return " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else (names[0] if names else "")


def _known_from(row, seen: dict, what: str = "") -> str:
    """How a stored finding is known, in a few words: "household known to ...", "recorded by a practitioner in ..."."""
    names = _names(seen) or "the agencies' records"
    if row.origin == Origin.PRACTITIONER:
        verb = "confirmed" if row.confirmed else "recorded"
        words = f"{verb} by a practitioner" + (f" in {row.recording_agency.name}" if row.recording_agency_id else "")
    elif row.origin == Origin.INFERRED:
        words = f"inferred by JoinedUp from records of {names}"
    elif what == "household":
        return f"household known to {names}"
    elif {e.get("kind") for e in seen["evidence"]} == {"association"}:
        words = f"link recorded by {names}"
    else:
        words = f"recorded by {names}"
    return f"{what} {words}" if what == "household" else (f"{what}, {words}" if what else words)


_ORDER = {Origin.PRACTITIONER: 0, Origin.DECLARED: 1, Origin.INFERRED: 2}


def relationships_of(person: Person, agency_id: int | None = None) -> dict[int, list[Relationship]]:
    """The people around the child, by person id, each with every relationship known (a person may have several).

    agency_id None: the whole picture. Otherwise only findings resting on that agency's records.
    """
    whole = agency_id is None
    agency = None if whole else Agency.objects.filter(pk=agency_id).first()
    if not whole and agency is None:
        return {}
    naming = childs_naming()
    found = around([person.pk])[person.pk]

    def visible(row) -> bool:
        return finding_visible(row, agency, whole)

    def seen(row) -> dict:
        view = finding_as_seen(row, agency, whole)
        view["evidence"] = row.evidence if whole else [e for e in row.evidence if e.get("agency") == agency.code]
        return view

    def sex(other: Person) -> str:
        return other.sex if other.sex in ("F", "M") else "U"

    rels = [(row, _to_person(row, person.pk)) for row in found.relationships if visible(row)]
    parents = {(row.person if row.person_id != person.pk else row.other).pk:
               naming.parent_word(sex(row.person if row.person_id != person.pk else row.other))
               for row, code in rels if naming.of(code).group == "parent"}
    partnered: dict[int, set[str]] = defaultdict(set)  # partner -> words of the child's parents they are with
    partner_rows = [(p, r) for p, r in found.partners_of_parents if visible(p) and visible(r)]
    for parent_row, row in partner_rows:
        parent = parent_row.person_id if parent_row.person_id != person.pk else parent_row.other_id
        if parent in parents:
            partnered[row.other_id if row.person_id == parent else row.person_id].add(parents[parent])

    def parent_word(other_id: int) -> str:
        words = partnered.get(other_id) or set(parents.values())
        return next(iter(words)) if len(words) == 1 else "parent"

    def name(code: str, other: Person) -> tuple[str, str]:
        n = naming.of(code, other_is_child=other.person_type == "child")
        return n.name(sex(other), parent_word(other.pk)), n.group

    out: list[Relationship] = []
    best: dict[int, tuple] = {}
    for row, code in rels:
        other = row.person if row.person_id != person.pk else row.other
        rank = (_ORDER.get(row.origin, 3), code == "lives_with")
        if other.pk not in best or rank < best[other.pk][0]:
            best[other.pk] = (rank, code)
    for mine, theirs in found.households:
        if not (visible(mine) and visible(theirs)):
            continue
        a, b = seen(mine), seen(theirs)
        period = _overlap((a["start"], a["end"]), (b["start"], b["end"]))
        if period is None:
            continue
        other = theirs.person
        code = best[other.pk][1] if other.pk in best else _role_relationship(theirs.role)
        label, group = name(code, other)
        joint = {"sources": sorted({*a["sources"], *b["sources"]}), "evidence": a["evidence"] + b["evidence"]}
        # A practitioner's record of either membership says how it is known; else the less certain of the two.
        row = min((theirs, mine), key=lambda m: {Origin.PRACTITIONER: 0, Origin.INFERRED: 1}.get(m.origin, 2))
        out.append(Relationship(other.pk, other.display_name, label, group, *period,
                                _known_from(row, joint, "household")))
    in_household = {(r.person_id, r.label, r.start, r.end) for r in out}
    for row, code in rels:
        other = row.person if row.person_id != person.pk else row.other
        view = seen(row)
        label, group = name(code, other)
        from_home = row.origin != Origin.PRACTITIONER and {e.get("kind") for e in view["evidence"]} <= _HOME_KINDS
        if from_home and (other.pk, label, view["start"], view["end"]) in in_household:
            continue  # rests only on the household records the household row above already shows
        out.append(Relationship(other.pk, other.display_name, label, group, view["start"], view["end"],
                                _known_from(row, view)))
    partner = naming.of("parents_partner")
    for parent_row, row in partner_rows:
        parent = parent_row.person_id if parent_row.person_id != person.pk else parent_row.other_id
        other = row.other if row.person_id == parent else row.person
        if other.pk == person.pk or parent not in parents or other.pk in parents:
            continue  # a partner who is the child's parent too is named as their parent
        view = seen(row)
        out.append(Relationship(other.pk, other.display_name, partner.name(sex(other), parents[parent]),
                                partner.group, view["start"], view["end"],
                                _known_from(row, view, f"partner of the child's {parents[parent]}")))
    for link in found.links:
        other = linked_adult(link, person.pk)
        if other is None or not whole and link.agency_id != agency_id:
            continue
        n = naming.associated_adults[link.association_type]
        out.append(Relationship(other.person_id, other.person.display_name, n.name(sex(other.person)), n.group,
                                link.valid_from, link.valid_to,
                                f"{link.get_reliability_display().lower()} link recorded by {link.agency.name}"))
    result: dict[int, list[Relationship]] = {}
    for rel in out:
        if rel not in result.setdefault(rel.person_id, []):
            result[rel.person_id].append(rel)
    return result


def _role_relationship(role: str) -> str:
    """What a household member is to the child when no relationship is stored: from their role there."""
    if role == "child":
        return "lives_with"  # "another child in the household": how they are related is not recorded
    return household_rules()["household_roles"].get(role, "lives_with")
