"""Writes about people. Linking records to persons happens here (exact identifiers for now)."""

from joinedup.people.models import Person, SourceRecord

__all__ = ["assign_people", "refresh_summaries"]

# National identifiers that mean the same person whichever agency holds them.
_STRONG_IDENTIFIERS = ("nhs_number", "upn")


def assign_people(records: list[SourceRecord]) -> set[int]:
    """Give each new (unsaved) record a Person: the one already holding the same NHS number or UPN, else a new one.

    Returns the ids of existing persons that gained a record (their summaries may need refreshing).
    This is deterministic linkage on national identifiers only. Once a linkage model is trained, the
    import then matches the new records probabilistically against existing persons before the file
    commits (`joinedup.linkage.services.link_arrivals`); the persons made here for records that join
    someone else are provisional and removed.
    """
    if not records:
        return set()
    known: dict[tuple[str, str], int] = {}
    for identifier in _STRONG_IDENTIFIERS:
        values = {getattr(r, identifier) for r in records if getattr(r, identifier)}
        if values:
            matches = (
                SourceRecord.objects.filter(**{f"{identifier}__in": values}, person__isnull=False)
                .values_list(identifier, "person_id")
            )
            known.update({(identifier, value): person_id for value, person_id in matches})
    pending: list[SourceRecord] = []
    joined: set[int] = set()
    claims: dict[tuple[str, str], SourceRecord] = {}
    for record in records:
        keys = [(i, getattr(record, i)) for i in _STRONG_IDENTIFIERS if getattr(record, i)]
        person_id = next((known[key] for key in keys if key in known), None)
        if person_id is not None:
            record.person_id = person_id
            joined.add(person_id)
            continue
        twin = next((claims[key] for key in keys if key in claims), None)
        if twin is not None:
            record._twin = twin
        else:
            pending.append(record)
            claims.update({key: record for key in keys})
    people = Person.objects.bulk_create([_person_from(record) for record in pending])
    for record, person in zip(pending, people, strict=True):
        record.person_id = person.id
    for record in records:
        if getattr(record, "_twin", None) is not None:
            record.person_id = record._twin.person_id
            joined.add(record.person_id)
    return joined


def _person_from(record: SourceRecord) -> Person:
    return Person(
        person_type=record.person_type,
        display_name=record.full_name,
        date_of_birth=record.date_of_birth,
        sex=record.sex,
    )


def refresh_summaries(person_ids) -> None:
    """Re-derive each person's name, date of birth and sex from all their records (the most common known value)."""
    from collections import Counter

    people = Person.objects.in_bulk(set(person_ids))
    if not people:
        return
    records: dict[int, list[SourceRecord]] = {}
    for record in SourceRecord.objects.filter(person_id__in=people).order_by("id"):
        records.setdefault(record.person_id, []).append(record)
    changed = []
    for person_id, person in people.items():
        held = records.get(person_id, [])
        if not held:
            continue
        named = [r.full_name for r in held if r.forename or r.surname]
        births = [r.date_of_birth for r in held if r.date_of_birth]
        sexes = [r.sex for r in held if r.sex != "U"]
        summary = {
            "display_name": Counter(named).most_common(1)[0][0] if named else person.display_name,
            "date_of_birth": Counter(births).most_common(1)[0][0] if births else None,
            "sex": Counter(sexes).most_common(1)[0][0] if sexes else "U",
        }
        if any(getattr(person, field) != value for field, value in summary.items()):
            for field, value in summary.items():
                setattr(person, field, value)
            changed.append(person)
    Person.objects.bulk_update(changed, ["display_name", "date_of_birth", "sex"])
