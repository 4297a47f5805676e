"""Reference checks probe the referenced table's primary key instead of joining it.

The statement-level checks of migration 0002 wrote `p.id IN (SELECT DISTINCT … FROM written)`. The
planner often answered that with a sequential scan of the referenced table and a hash join, once per
statement: an import of 2,000-row chunks scanned every person's record for every chunk (20 ms a chunk with
50,000 records, and growing with the partnership). Now the distinct ids are gathered into an array and the
referenced rows are found with `id = ANY(array)` (primary-key probes), counted once, and locked FOR KEY
SHARE only if some are neither created nor already locked by this transaction. Same guarantees, same
error. Tests: joinedup/imports/tests/test_reference_checks.py.
"""

from importlib import import_module

from django.db import migrations

NEW = r"""
CREATE OR REPLACE FUNCTION joinedup_references_exist() RETURNS trigger LANGUAGE plpgsql AS $$
-- Statement-level AFTER INSERT/UPDATE trigger. TG_ARGV: the referencing column, the referenced table.
-- "written" is the transition table of the rows the statement wrote.
DECLARE
    ids bigint[];
    found bigint;
    unheld bigint;
    missing bigint;
BEGIN
    EXECUTE format('SELECT array_agg(DISTINCT w.%1$I) FROM written w WHERE w.%1$I IS NOT NULL', TG_ARGV[0])
        INTO ids;
    IF ids IS NULL THEN
        RETURN NULL;
    END IF;
    -- Rows this transaction created, or has already locked (it is their xmax), need no new lock.
    EXECUTE format('SELECT count(*), count(*) FILTER (WHERE p.xmin <> pg_current_xact_id()::xid'
                   ' AND p.xmax <> pg_current_xact_id()::xid) FROM %I p WHERE p.id = ANY($1)', TG_ARGV[1])
        INTO found, unheld USING ids;
    IF found < cardinality(ids) THEN
        EXECUTE format('SELECT x FROM unnest($1) x WHERE NOT EXISTS (SELECT 1 FROM %I p WHERE p.id = x) LIMIT 1',
                       TG_ARGV[1]) INTO missing USING ids;
        RAISE EXCEPTION 'insert or update on table "%" violates a reference: %=% is not in "%"',
            TG_TABLE_NAME, TG_ARGV[0], missing, TG_ARGV[1] USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF unheld > 0 THEN
        -- Hold the referenced rows (as a foreign key does) so no other transaction deletes them first.
        EXECUTE format('SELECT 1 FROM %I p WHERE p.id = ANY($1) AND p.xmin <> pg_current_xact_id()::xid'
                       ' AND p.xmax <> pg_current_xact_id()::xid FOR KEY SHARE OF p', TG_ARGV[1]) USING ids;
    END IF;
    RETURN NULL;
END $$;
"""

# Going back: migration 0002's functions as they were (CREATE OR REPLACE).
OLD = import_module("joinedup.events.migrations.0002_set_based_reference_checks").PG_FUNCTIONS


def _run(sql):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)
    return apply


class Migration(migrations.Migration):

    dependencies = [("events", "0002_set_based_reference_checks")]

    operations = [migrations.RunPython(_run(NEW), _run(OLD))]
