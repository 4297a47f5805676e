"""References of events, their subjects and shares: set-based triggers instead of per-row foreign keys.

A foreign-key constraint checks every inserted row with its own query and row lock at COMMIT; for an
import of 100,000 events that was about 2.25 s of the server's CPU (docs/benchmarks.md). These
triggers keep the same guarantees with one check per statement:

- a row written to events, subjects or shares (INSERT, COPY or UPDATE) must point at rows that exist:
  PostgreSQL checks the statement's rows together (a transition table) and holds the referenced
  rows with FOR KEY SHARE, as a foreign key does, so no other transaction can delete them before
  this one commits (rows this transaction created itself need no lock);
- a referenced row (an agency, a place, a person's record, an event) cannot be deleted while anything
  still points at it (PostgreSQL; `TRUNCATE`, which Django's flush uses, is not checked).

Violations raise `foreign_key_violation` (Django's IntegrityError). SQLite gets row-level triggers
that check written rows only (see `_sqlite`); deletes there rely on the ORM's on_delete. Tests: joinedup/imports/tests/test_reference_checks.py.
"""

from django.db import migrations, models

# (child table, column, parent table)
REFERENCES = [
    ("events_event", "agency_id", "agencies_agency"),
    ("events_event", "location_id", "places_location"),
    ("events_eventsubject", "event_id", "events_event"),
    ("events_eventsubject", "record_id", "people_sourcerecord"),
    ("events_eventshare", "event_id", "events_event"),
    ("events_eventshare", "agency_id", "agencies_agency"),
]

PG_FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION joinedup_references_exist() RETURNS trigger LANGUAGE plpgsql AS $$
-- Statement-level AFTER INSERT/UPDATE trigger. TG_ARGV: the referencing column, the referenced table.
-- "written" is the transition table of the rows the statement wrote.
DECLARE
    missing bigint;
BEGIN
    -- Hold the referenced rows first (as a foreign key does), then check that every reference exists.
    EXECUTE format('SELECT 1 FROM %2$I p WHERE p.id IN (SELECT DISTINCT w.%1$I FROM written w)'
                   ' AND p.xmin <> pg_current_xact_id()::xid FOR KEY SHARE OF p', TG_ARGV[0], TG_ARGV[1]);
    EXECUTE format('SELECT w.%1$I FROM written w WHERE w.%1$I IS NOT NULL'
                   ' AND NOT EXISTS (SELECT 1 FROM %2$I p WHERE p.id = w.%1$I) LIMIT 1', TG_ARGV[0], TG_ARGV[1])
        INTO missing;
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'insert or update on table "%" violates a reference: %=% is not in "%"',
            TG_TABLE_NAME, TG_ARGV[0], missing, TG_ARGV[1] USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION joinedup_not_referenced() RETURNS trigger LANGUAGE plpgsql AS $$
-- Statement-level AFTER DELETE trigger. TG_ARGV: the referencing table and column.
-- "removed" is the transition table of the deleted rows.
DECLARE
    held bigint;
BEGIN
    EXECUTE format('SELECT r.id FROM removed r WHERE EXISTS (SELECT 1 FROM %1$I c WHERE c.%2$I = r.id) LIMIT 1',
                   TG_ARGV[0], TG_ARGV[1])
        INTO held;
    IF held IS NOT NULL THEN
        RAISE EXCEPTION 'delete on table "%" violates a reference: id % is still referenced from "%".%',
            TG_TABLE_NAME, held, TG_ARGV[0], TG_ARGV[1] USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$;
"""


def _name(child: str, column: str, action: str) -> str:
    return f"ref_{child.removeprefix('events_')}_{column.removesuffix('_id')}_{action}"


def _postgres(child: str, column: str, parent: str) -> list[str]:
    statements = []
    for action in ("insert", "update"):
        statements.append(
            f'CREATE TRIGGER {_name(child, column, action)} AFTER {action.upper()} ON "{child}" '
            f"REFERENCING NEW TABLE AS written FOR EACH STATEMENT "
            f"EXECUTE FUNCTION joinedup_references_exist('{column}', '{parent}')")
    statements.append(
        f'CREATE TRIGGER {_name(child, column, "parent_delete")} AFTER DELETE ON "{parent}" '
        f"REFERENCING OLD TABLE AS removed FOR EACH STATEMENT "
        f"EXECUTE FUNCTION joinedup_not_referenced('{child}', '{column}')")
    return statements


def _sqlite(child: str, column: str, parent: str) -> list[str]:
    message = f"FOREIGN KEY constraint failed: {child}.{column} -> {parent}"
    missing = f'NEW."{column}" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "{parent}" WHERE id = NEW."{column}")'
    return [
        f'CREATE TRIGGER {_name(child, column, "insert")} BEFORE INSERT ON "{child}" WHEN {missing} '
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END",
        f'CREATE TRIGGER {_name(child, column, "update")} BEFORE UPDATE OF "{column}" ON "{child}" WHEN {missing} '
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END",
        # No trigger on deleting the referenced row: Django empties a SQLite database (flush, and so
        # every TransactionTestCase) with one DELETE per table in alphabetical order, which a row-level
        # check would refuse. Deletes through the ORM cascade or protect as on_delete says.
    ]


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FUNCTIONS, params=None)  # no %-placeholders
    for reference in REFERENCES:
        for statement in (_postgres if vendor == "postgresql" else _sqlite)(*reference):
            schema_editor.execute(statement, params=None)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for child, column, parent in REFERENCES:
        for action, table in (("insert", child), ("update", child), ("parent_delete", parent)):
            on = f' ON "{table}"' if vendor == "postgresql" else ""
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {_name(child, column, action)}{on}")
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS joinedup_references_exist(); "
                              "DROP FUNCTION IF EXISTS joinedup_not_referenced();")


class Migration(migrations.Migration):

    dependencies = [
        ("agencies", "0001_initial"),
        ("events", "0001_initial"),
        ("people", "0002_person_merged_into"),
        ("places", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="event",
            name="agency",
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=models.deletion.PROTECT,
                                    related_name="events", to="agencies.agency"),
        ),
        migrations.AlterField(
            model_name="event",
            name="location",
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=models.deletion.PROTECT,
                                    to="places.location"),
        ),
        migrations.AlterField(
            model_name="eventsubject",
            name="event",
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=models.deletion.CASCADE,
                                    to="events.event"),
        ),
        migrations.AlterField(
            model_name="eventsubject",
            name="record",
            field=models.ForeignKey(db_constraint=False, on_delete=models.deletion.CASCADE, to="people.sourcerecord"),
        ),
        migrations.AlterField(
            model_name="eventshare",
            name="event",
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=models.deletion.CASCADE,
                                    to="events.event"),
        ),
        migrations.AlterField(
            model_name="eventshare",
            name="agency",
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=models.deletion.PROTECT,
                                    to="agencies.agency"),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
