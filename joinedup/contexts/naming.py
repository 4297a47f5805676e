"""Which children are connected to a context, and whether a piece of text names one of them.

A context conference discusses the place or group, not individual children (guidance §3.8): a record of
the discussion that names a child connected to the context is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from engine.names import normalise_name
from joinedup.associations.models import Association
from joinedup.events.models import EventSubject
from joinedup.people.models import Person, SourceRecord

__all__ = ["children_connected", "named_children"]

_POSSESSIVE = re.compile(r"['\u2019]s\b", re.IGNORECASE)


def children_connected(context) -> set[int]:
    """Person ids of children linked to the context: by an association to its place or group, by an event
    recorded at its place, or by a prompt about it."""
    ids: set[int] = set()
    links = Association.objects.none()
    if context.location_id:
        links = Association.objects.filter(location_id=context.location_id)
        subjects = EventSubject.objects.filter(event__location_id=context.location_id, record__person__isnull=False)
        ids.update(subjects.values_list("record__person_id", flat=True))
    elif context.group_id:
        links = Association.objects.filter(group_id=context.group_id)
    ids.update(links.filter(record__person__isnull=False).values_list("record__person_id", flat=True))
    if context.pk:
        ids.update(context.prompts.values_list("children__id", flat=True))
    ids.discard(None)
    return set(Person.objects.filter(pk__in=ids, person_type="child", merged_into__isnull=True)
               .values_list("pk", flat=True))


def _full_names(person_ids: Iterable[int]) -> dict[str, int]:
    """Every full name (forename and surname, with and without middle names) any agency records, normalised."""
    names: dict[str, int] = {}
    ids = list(person_ids)
    for i in range(0, len(ids), 2000):
        chunk = ids[i:i + 2000]
        rows = SourceRecord.objects.filter(person_id__in=chunk).values_list(
            "person_id", "forename", "middle_names", "surname")
        for person_id, forename, middle, surname in rows:
            for parts in ((forename, surname), (forename, middle, surname)):
                name = normalise_name(" ".join(p for p in parts if p))
                if len(name.split()) >= 2:
                    names.setdefault(name, person_id)
        for person_id, display in Person.objects.filter(pk__in=chunk).values_list("pk", "display_name"):
            name = normalise_name(display)
            if len(name.split()) >= 2:
                names.setdefault(name, person_id)
    return names


def named_children(text: str, person_ids: Iterable[int]) -> list[int]:
    """Ids of the children whose full name appears in `text` (whole words, ignoring case and punctuation)."""
    text = text or ""
    variants = {f" {normalise_name(t)} " for t in (text, _POSSESSIVE.sub("", text))}
    found = {person_id for name, person_id in _full_names(person_ids).items()
             if any(f" {name} " in words for words in variants)}
    return sorted(found)
