"""Load identity records; new records are attached to a Person as they land."""

from engine.ingest import ParsedRow
from engine.names import phonetic_key
from joinedup.imports.loaders.context import LoadContext, split_existing, stored
from joinedup.people.models import SourceRecord
from joinedup.people.services import assign_people, refresh_summaries

__all__ = ["load_people"]

_FIELDS = ("person_type", "forename", "middle_names", "surname", "date_of_birth", "sex", "address",
           "postcode", "nhs_number", "upn", "police_id", "la_child_id")


def record_fields(values: dict) -> dict:
    fields = {name: values.get(name, "") for name in _FIELDS}
    fields["date_of_birth"] = values.get("date_of_birth")
    fields["sex"] = values.get("sex", "U")
    fields["former_surnames"] = ";".join(values.get("former_surnames", []))
    fields["forename_key"] = phonetic_key(fields["forename"])
    fields["surname_key"] = phonetic_key(fields["surname"])
    return fields


def load_people(ctx: LoadContext, rows: list[ParsedRow]) -> list:
    rejected: list = []
    existing = stored(ctx, SourceRecord, [row.key for row in rows], key_column="record_id")
    new, changed = split_existing(ctx, rows, existing, rejected)
    records = [
        SourceRecord(
            agency=ctx.agency,
            record_id=row.key,
            content_hash=row.content_hash,
            import_batch=ctx.batch,
            **record_fields(row.values),
        )
        for row in new
    ]
    joined_existing = assign_people(records)
    SourceRecord.objects.bulk_create(records)
    ctx.created += len(records)
    partial = [(pk, row) for pk, row in changed if row.extra.get("partial")]
    whole = [(pk, row) for pk, row in changed if not row.extra.get("partial")]
    if whole:
        updates = [SourceRecord(id=pk, content_hash=row.content_hash, import_batch=ctx.batch, **record_fields(row.values))
                   for pk, row in whole]
        SourceRecord.objects.bulk_update(updates, [*_FIELDS, "former_surnames", "forename_key", "surname_key",
                                                   "content_hash", "import_batch"])
        ctx.updated += len(updates)
    if partial:
        _fill_in(ctx, partial)
    if changed:
        joined_existing |= set(SourceRecord.objects.filter(id__in=[pk for pk, _ in changed])
                               .values_list("person_id", flat=True))
    refresh_summaries(joined_existing - {None})
    return rejected


def _fill_in(ctx: LoadContext, changed: list) -> None:
    """Apply rows that carry only some fields (SSDA903 Header): update those fields, blank nothing."""
    stored = SourceRecord.objects.in_bulk([pk for pk, _ in changed])
    for pk, row in changed:
        record = stored[pk]
        given = {name: value for name, value in record_fields(row.values).items()
                 if name in row.values and name in _FIELDS}
        differs = {name: value for name, value in given.items() if getattr(record, name) != value}
        if not differs:
            ctx.unchanged += 1
            continue
        for name, value in differs.items():
            setattr(record, name, value)
        record.save(update_fields=[*differs, "updated_at"])
        ctx.updated += 1
