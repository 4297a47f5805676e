"""Load associations between a person's record and another record, a place or a peer group."""

from engine.ingest import ParsedRow
from engine.names import normalise_name
from joinedup.associations.models import Association, PeerGroup
from joinedup.imports.loaders.bulk import lookup
from joinedup.imports.loaders.context import LoadContext, split_existing, stored
from joinedup.people.models import SourceRecord
from joinedup.places.services import location_from_values, resolve_locations

__all__ = ["load_associations"]

_UPDATABLE = ["association_type", "record", "other_record", "location", "group", "valid_from", "valid_to",
              "observed_on", "how_known", "reliability", "note", "content_hash", "import_batch"]


def load_associations(ctx: LoadContext, rows: list[ParsedRow]) -> list:
    rejected: list = []
    wanted = {row.values["record_id"] for row in rows} | {
        row.values["other_record_id"] for row in rows if "other_record_id" in row.values
    }
    records = dict(lookup(SourceRecord, "record_id", wanted, ["id"], agency_id=ctx.agency.id))
    usable = []
    for row in rows:
        missing = next((row.values[f] for f in ("record_id", "other_record_id")
                        if f in row.values and row.values[f] not in records), None)
        if missing is not None:
            rejected.append(ctx.error(row, "record_id", f"no people record {missing!r} from {ctx.agency.code}; import people first"))
        else:
            usable.append(row)
    existing = stored(ctx, Association, [row.key for row in usable])
    new, changed = split_existing(ctx, usable, existing, rejected)
    todo = [(None, row) for row in new] + changed
    places = {row.line: location_from_values(row.values, ctx.agency.code) for _, row in todo}
    locations = resolve_locations([place for place in places.values() if place])
    groups = _groups({row.values["group_name"] for _, row in todo if "group_name" in row.values})
    built = [_association(ctx, row, records, places[row.line], locations, groups, pk) for pk, row in todo]
    updates = [a for a in built if a.id is not None]
    Association.objects.bulk_create([a for a in built if a.id is None])
    if updates:
        Association.objects.bulk_update(updates, _UPDATABLE)
    ctx.created += len(built) - len(updates)
    ctx.updated += len(updates)
    return rejected


def _groups(names: set[str]) -> dict[str, int]:
    keys = {normalise_name(name): name for name in names}
    if not keys:
        return {}
    PeerGroup.objects.bulk_create([PeerGroup(key=k, name=n) for k, n in keys.items()], ignore_conflicts=True)
    ids = dict(PeerGroup.objects.filter(key__in=keys).values_list("key", "id"))
    return {name: ids[key] for key, name in keys.items()}


def _association(ctx, row, records, place, locations, groups, pk) -> Association:
    values = row.values
    return Association(
        id=pk,
        agency=ctx.agency,
        source_id=row.key,
        association_type=values["association_type"],
        record_id=records[values["record_id"]],
        other_record_id=records.get(values.get("other_record_id")),
        location_id=locations[place["key"]] if place else None,
        group_id=groups.get(values.get("group_name")),
        valid_from=values.get("valid_from"),
        valid_to=values.get("valid_to"),
        observed_on=values.get("observed_on") or values.get("valid_from"),
        how_known=values["how_known"],
        reliability=values["reliability"],
        note=values.get("note", ""),
        content_hash=row.content_hash,
        import_batch=ctx.batch,
    )
