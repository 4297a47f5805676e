"""An import killed with SIGKILL part-way leaves no partial batch (one transaction per file)."""

import os
import signal
import subprocess
import sys
import textwrap

import pytest
from django.db import connection

ROWS = 100_000  # several 16,000-row chunks (engine.ingest.columnar.CHUNK)


def _database_url(tmp_path) -> str:
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    return f"sqlite:///{tmp_path / 'killed.sqlite3'}"


SCRIPT = textwrap.dedent("""
    import sys, django
    django.setup()
    from django.core.management import call_command
    from joinedup.agencies.models import Agency
    from joinedup.events.models import Event
    from joinedup.imports.models import ImportBatch
    from joinedup.people.models import SourceRecord
    if sys.argv[1] == "prepare":
        call_command("migrate", verbosity=0)
        agency, _ = Agency.objects.get_or_create(code="youth", defaults={"name": "Youth", "kind": "youth"})
        call_command("import", sys.argv[2], agency="youth", no_progress=True)
    elif sys.argv[1] == "import":
        call_command("import", sys.argv[2], agency="youth", no_progress=True)
    else:
        print(Event.objects.count(), ImportBatch.objects.filter(kind="events").count(), SourceRecord.objects.count())
""")


@pytest.mark.django_db(transaction=True)
def test_a_sigkilled_import_leaves_nothing_behind(tmp_path):
    people = tmp_path / "people.csv"
    people.write_text("record_id,person_type,forename,surname\nY1,child,Ty,Reed\n")
    events = tmp_path / "events.csv"
    with events.open("w") as handle:
        handle.write("event_id,record_ids,occurred_at,event_type,note\n")
        for n in range(ROWS):
            handle.write(f"E{n},Y1,2025-01-01T10:00,youth.session_attended,Session {n}\n")
    env = {**os.environ, "DATABASE_URL": _database_url(tmp_path), "LOG_LEVEL": "INFO",
           "DJANGO_SETTINGS_MODULE": "joinedup.test_settings"}
    script = tmp_path / "run.py"
    script.write_text(SCRIPT)
    subprocess.run([sys.executable, str(script), "prepare", str(people)], env=env, check=True, timeout=120)

    child = subprocess.Popen([sys.executable, str(script), "import", str(events)], env=env,
                             stderr=subprocess.PIPE, text=True)
    loaded = 0
    for line in child.stderr:
        if "loaded rows up to" in line:
            loaded += 1
            if loaded == 3:  # three chunks written inside the open transaction
                child.send_signal(signal.SIGKILL)
                break
    child.wait(timeout=60)
    assert loaded == 3 and child.returncode == -signal.SIGKILL

    counts = subprocess.run([sys.executable, str(script), "count", ""], env=env, check=True, timeout=120,
                            capture_output=True, text=True).stdout.split()
    assert counts == ["0", "0", "1"], "events or an events batch survived the kill"
