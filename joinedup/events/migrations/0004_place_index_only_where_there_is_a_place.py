"""Events are indexed by place only where they have one (most have none; each entry cost every import).

The field change (db_index off) is made in the migration state only: on SQLite, altering the field would
rebuild the events table, which the reference triggers of migration 0002 name. The database drops the
old full index and builds the partial one.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0003_reference_checks_by_index"),
        ("places", "0002_location_keys_keep_numbers"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="event",
                    name="location",
                    field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True,
                                            on_delete=django.db.models.deletion.PROTECT, to="places.location"),
                ),
            ],
            database_operations=[
                migrations.RunSQL('DROP INDEX IF EXISTS "events_event_location_id_2fb4171f"',
                                  'CREATE INDEX "events_event_location_id_2fb4171f" ON "events_event" ("location_id")'),
            ],
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(condition=models.Q(("location__isnull", False)), fields=["location"], name="event_place"),
        ),
    ]
