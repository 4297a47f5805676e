"""Load household memberships over time; the household is created on first mention."""

from engine.ingest import ParsedRow
from joinedup.imports.loaders.bulk import lookup
from joinedup.imports.loaders.context import LoadContext, split_existing, stored
from joinedup.people.models import Household, HouseholdMembership, SourceRecord
from joinedup.places.services import location_from_values, resolve_locations

__all__ = ["load_households"]


def load_households(ctx: LoadContext, rows: list[ParsedRow]) -> list:
    rejected: list = []
    records = dict(lookup(SourceRecord, "record_id", {row.values["record_id"] for row in rows}, ["id"],
                          agency_id=ctx.agency.id))
    usable = []
    for row in rows:
        if row.values["record_id"] in records:
            usable.append(row)
        else:
            rejected.append(ctx.error(row, "record_id", f"no people record {row.values['record_id']!r} from {ctx.agency.code}; import people first"))
    existing = stored(ctx, HouseholdMembership, [row.key for row in usable])
    new, changed = split_existing(ctx, usable, existing, rejected)
    todo = [(None, row) for row in new] + changed
    households = _households(ctx, [row for _, row in todo])
    places = {row.key: _place(ctx, row) for _, row in todo}
    locations = resolve_locations([place for place in places.values() if place])
    built = [
        HouseholdMembership(
            id=pk,
            agency=ctx.agency,
            source_id=row.key,
            household_id=households[row.values["household_id"]],
            record_id=records[row.values["record_id"]],
            role=row.values["role"],
            location_id=locations[places[row.key]["key"]] if places[row.key] else None,
            start_date=row.values.get("start_date"),
            end_date=row.values.get("end_date"),
            content_hash=row.content_hash,
            import_batch=ctx.batch,
        )
        for pk, row in todo
    ]
    updates = [m for m in built if m.id is not None]
    HouseholdMembership.objects.bulk_create([m for m in built if m.id is None])
    if updates:
        HouseholdMembership.objects.bulk_update(
            updates, ["household", "record", "role", "location", "start_date", "end_date", "content_hash", "import_batch"]
        )
    ctx.created += len(built) - len(updates)
    ctx.updated += len(updates)
    return rejected


def _place(ctx: LoadContext, row: ParsedRow) -> dict | None:
    """The address of this membership's period (a household that moves keeps one id)."""
    place = {"location_address": row.values.get("address", ""), "location_postcode": row.values.get("postcode", "")}
    return location_from_values(place, ctx.agency.code)


def _households(ctx: LoadContext, rows: list[ParsedRow]) -> dict[str, int]:
    """Household source id -> Household id, creating households (and their address) on first mention."""
    wanted = {}
    for row in rows:
        wanted.setdefault(row.values["household_id"], _place(ctx, row))
    known = dict(lookup(Household, "source_id", wanted, ["id"], agency_id=ctx.agency.id))
    missing = {sid: place for sid, place in wanted.items() if sid not in known}
    if missing:
        locations = resolve_locations([place for place in missing.values() if place])
        Household.objects.bulk_create([
            Household(agency=ctx.agency, source_id=sid, location_id=locations[place["key"]] if place else None)
            for sid, place in missing.items()
        ])
        known = dict(lookup(Household, "source_id", wanted, ["id"], agency_id=ctx.agency.id))
    return known
