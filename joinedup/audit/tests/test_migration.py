"""A partnership upgrading with log entries already written gets them numbered and chained, in the order written."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from joinedup.audit.models import AccessLog, ActionLog
from joinedup.audit.verify import verify

BEFORE, AFTER = [("audit", "0002_actionlog")], [("audit", "0003_audit_chain")]


@pytest.mark.django_db(transaction=True)
def test_entries_written_before_the_chain_are_chained_in_the_order_written(users, make_record):
    person = make_record("csc", "C1", "Ana", "Reyes").person
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    OldAccess, OldAction = old.get_model("audit", "AccessLog"), old.get_model("audit", "ActionLog")
    late = OldAccess.objects.create(user_id=users["mash"].pk, person_id=person.pk, what="person page", route="/p/")
    early = OldAccess.objects.create(user_id=users["mash"].pk, person_id=person.pk, what="chronology", route="/c/")
    OldAccess.objects.filter(pk=early.pk).update(at=datetime(2026, 1, 1, tzinfo=UTC))
    action = OldAction.objects.create(user_id=users["mash"].pk, action="household.edit", reason="moved")
    action.persons.add(person.pk)
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    assert AccessLog.objects.get(pk=early.pk).seq == 1
    assert AccessLog.objects.get(pk=late.pk).seq in (2, 3)
    assert ActionLog.objects.get(pk=action.pk).person_ids == [person.pk]
    report = verify()
    assert report.intact, report.problems
    assert report.entries == report.head_seq == 3
