"""The audit chain: number and hash-chain every entry already written, then make both logs append-only on
PostgreSQL (a trigger refuses UPDATE and DELETE of an entry or of the people an action concerned)."""

from django.db import migrations, models

from joinedup.audit.chain import GENESIS, HEAD, access_content, action_content, entry_hash

_TABLES = ("audit_accesslog", "audit_actionlog", "audit_actionlog_persons")


def chain_existing(apps, schema_editor):
    AccessLog, ActionLog = apps.get_model("audit", "AccessLog"), apps.get_model("audit", "ActionLog")
    Head = apps.get_model("audit", "AuditChainHead")
    entries = [(e.at, 0, e.id, e) for e in AccessLog.objects.all()]
    entries += [(e.at, 1, e.id, e) for e in ActionLog.objects.prefetch_related("persons")]
    seq, prev = 0, GENESIS
    for _, kind, _, e in sorted(entries, key=lambda item: item[:3]):
        seq += 1
        e.seq, e.prev_hash = seq, prev
        if kind == 0:
            content = access_content(seq=seq, user_id=e.user_id, person_id=e.person_id, agency_code=e.agency_code,
                                     role=e.role, what=e.what, route=e.route, request_id=e.request_id, at=e.at)
        else:
            e.person_ids = sorted(p.pk for p in e.persons.all())
            content = action_content(seq=seq, user_id=e.user_id, agency_code=e.agency_code, role=e.role,
                                     action=e.action, reason=e.reason, detail=e.detail, person_ids=e.person_ids,
                                     at=e.at)
        prev = e.entry_hash = entry_hash(prev, content)
        e.save()
    Head.objects.create(name=HEAD, seq=seq, entry_hash=prev)


def append_only(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite: `joinedup audit verify` finds a change; there is no trigger to refuse it
    schema_editor.execute("""
        CREATE OR REPLACE FUNCTION joinedup_audit_append_only() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION 'the audit log is append-only: %% of %% refused', TG_OP, TG_TABLE_NAME
                USING ERRCODE = 'insufficient_privilege';
        END $$ LANGUAGE plpgsql""")
    for table in _TABLES:
        schema_editor.execute(f'CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON "{table}" '
                              f"FOR EACH ROW EXECUTE FUNCTION joinedup_audit_append_only()")


def allow_changes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in _TABLES:
        schema_editor.execute(f'DROP TRIGGER IF EXISTS {table}_append_only ON "{table}"')
    schema_editor.execute("DROP FUNCTION IF EXISTS joinedup_audit_append_only()")


class Migration(migrations.Migration):

    dependencies = [("audit", "0002_actionlog")]

    operations = [
        migrations.CreateModel(
            name="AuditChainHead",
            fields=[
                ("name", models.CharField(max_length=20, primary_key=True, serialize=False)),
                ("seq", models.PositiveBigIntegerField(default=0)),
                ("entry_hash", models.CharField(max_length=64)),
            ],
        ),
        migrations.AlterField("accesslog", "at", models.DateTimeField(db_index=True)),
        migrations.AlterField("actionlog", "at", models.DateTimeField(db_index=True)),
        migrations.AddField("accesslog", "seq", models.PositiveBigIntegerField(null=True)),
        migrations.AddField("accesslog", "prev_hash", models.CharField(default="", max_length=64), preserve_default=False),
        migrations.AddField("accesslog", "entry_hash", models.CharField(default="", max_length=64), preserve_default=False),
        migrations.AddField("actionlog", "seq", models.PositiveBigIntegerField(null=True)),
        migrations.AddField("actionlog", "prev_hash", models.CharField(default="", max_length=64), preserve_default=False),
        migrations.AddField("actionlog", "entry_hash", models.CharField(default="", max_length=64), preserve_default=False),
        migrations.AddField("actionlog", "person_ids", models.JSONField(
            default=list, help_text="the people it concerned, as chained (persons is their index)")),
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
        migrations.AlterField("accesslog", "seq", models.PositiveBigIntegerField(
            unique=True, help_text="the entry's place in the audit chain")),
        migrations.AlterField("actionlog", "seq", models.PositiveBigIntegerField(
            unique=True, help_text="the entry's place in the audit chain")),
        migrations.RunPython(append_only, allow_changes),
    ]
