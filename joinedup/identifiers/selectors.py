"""The consistent identifier (Children's Wellbeing and Schools Act 2026, s.4): the NHS number is a child's
identifier of record wherever any agency holds it (statutory-2026.md L11-17).

Linkage never merges two NHS numbers into one person (engine/linkage), so a person has at most one; the
agencies whose records hold it are named beside it. It is the identifier, not the health record: whoever may
open the child may read it, and every read of the person is access-logged.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from joinedup.people.models import SourceRecord

__all__ = ["Identifier", "identifier_line", "nhs_number_of", "nhs_numbers_of"]


@dataclass(frozen=True)
class Identifier:
    nhs_number: str
    held_by: tuple[str, ...]         # agency names, alphabetically

    @property
    def spaced(self) -> str:
        """Written as the NHS writes it: 3-3-4 digits."""
        n = self.nhs_number
        return f"{n[:3]} {n[3:6]} {n[6:]}"

    @property
    def held_by_words(self) -> str:
        return ", ".join(self.held_by)


def nhs_numbers_of(person_ids: Iterable[int]) -> dict[int, Identifier]:
    """Each person's NHS number of record and who holds it (persons without one are left out)."""
    held: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    ids = list(person_ids)
    for start in range(0, len(ids), 2000):
        rows = (SourceRecord.objects.filter(person_id__in=ids[start:start + 2000]).exclude(nhs_number="")
                .values_list("person_id", "nhs_number", "agency__name"))
        for person_id, number, agency in rows:
            held[person_id][number].add(agency)
    out = {}
    for person_id, numbers in held.items():
        number, agencies = max(numbers.items(), key=lambda item: (len(item[1]), item[0]))
        out[person_id] = Identifier(number, tuple(sorted(agencies)))
    return out


def nhs_number_of(person) -> Identifier | None:
    return nhs_numbers_of([person.pk]).get(person.pk)


def identifier_line(person) -> str:
    """One line for the heading of an export about the child (chronology CSV and PDF)."""
    found = nhs_number_of(person)
    if found is None:
        return "NHS number: none held by any agency in JoinedUp"
    return f"NHS number: {found.spaced} (the identifier of record; held by {found.held_by_words})"
