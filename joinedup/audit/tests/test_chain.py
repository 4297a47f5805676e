"""The audit chain finds an edited, deleted or reordered entry, on SQLite and on PostgreSQL (where a trigger
refuses the change in the first place: the tampering here goes round it, as a database superuser could)."""

import contextlib
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.test import RequestFactory

from joinedup.audit.chain import access_content, entry_hash
from joinedup.audit.models import AccessLog, ActionLog, AuditChainHead
from joinedup.audit.services import log_access, log_accesses, log_action
from joinedup.audit.verify import anchor, verify

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the append-only trigger is PostgreSQL's")


@contextlib.contextmanager
def tampering():
    """Go round the append-only trigger, as someone with the database's superuser password could."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = origin")


@pytest.fixture
def written(users, make_record):
    """Six entries: four reads (one a list of two children), an action naming two children, one more read."""
    ana, ben = make_record("csc", "C1", "Ana", "Reyes").person, make_record("csc", "C2", "Ben", "Reyes").person
    request = RequestFactory().get(f"/people/{ana.pk}/")
    request.user = users["socialworker"]
    log_access(request, ana, "person page")
    log_access(request, ben, "person page")
    log_accesses(request, [ana.pk, ben.pk], "referrals list")
    log_action(users["mash"], "household.edit", persons=[ana, ben], reason="both live at the same address",
               detail={"moved": [1, 2], 3: "int key"})
    log_access(request, ana, "chronology")
    return {"ana": ana, "ben": ben, "request": request}


def kinds(report):
    return {(p.seq, p.kind) for p in report.problems}


def test_entries_are_numbered_in_one_chain_across_both_logs(written):
    seqs = sorted([*AccessLog.objects.values_list("seq", flat=True), *ActionLog.objects.values_list("seq", flat=True)])
    assert seqs == [1, 2, 3, 4, 5, 6]
    action = ActionLog.objects.get()
    assert action.seq == 5 and action.prev_hash == AccessLog.objects.get(seq=4).entry_hash
    assert sorted(action.persons.values_list("pk", flat=True)) == action.person_ids
    report = verify()
    assert report.intact, report.problems
    assert (report.entries, report.access, report.action, report.head_seq) == (6, 5, 1, 6)


def test_an_edited_entry_is_found(written):
    with tampering():
        AccessLog.objects.filter(seq=2).update(what="nothing to see")
    assert kinds(verify()) == {(2, "edited")}


def test_an_edited_entry_whose_hash_was_recomputed_breaks_the_link_to_the_next(written):
    entry = AccessLog.objects.get(seq=2)
    forged = entry_hash(entry.prev_hash, access_content(
        seq=2, user_id=entry.user_id, person_id=entry.person_id, agency_code=entry.agency_code, role=entry.role,
        what="nothing to see", route=entry.route, request_id=entry.request_id, at=entry.at))
    with tampering():
        AccessLog.objects.filter(seq=2).update(what="nothing to see", entry_hash=forged)
    assert kinds(verify()) == {(3, "out_of_order")}


def test_a_deleted_entry_is_found(written):
    with tampering():
        AccessLog.objects.filter(seq=3).delete()
    report = verify()
    assert (3, "missing") in kinds(report)
    assert "entry 3 missing" in str(report.problems[0])


def test_a_deleted_last_entry_is_found_by_the_head_and_by_an_anchor(written, tmp_path):
    anchors = tmp_path / "anchors.jsonl"
    anchor(anchors)
    with tampering():
        AccessLog.objects.filter(seq=6).delete()
    assert kinds(verify(anchors)) == {(6, "head"), (6, "anchor")}


def test_reordered_entries_are_found(written):
    with tampering():
        AccessLog.objects.filter(seq=2).update(seq=999)
        AccessLog.objects.filter(seq=3).update(seq=2)
        AccessLog.objects.filter(seq=999).update(seq=3)
    found = kinds(verify())
    assert {(2, "edited"), (3, "edited")} <= found
    assert (2, "out_of_order") in found


def test_the_people_an_action_concerned_cannot_be_changed_unnoticed(written):
    with tampering():
        ActionLog.persons.through.objects.filter(person=written["ben"]).delete()
    assert kinds(verify()) == {(5, "persons")}


def test_a_chain_rewritten_from_the_start_is_found_by_its_anchor(written, tmp_path):
    anchors = tmp_path / "anchors.jsonl"
    anchor(anchors)
    first = AccessLog.objects.get(seq=1)
    with tampering():
        first.what = "rewritten"
        first.entry_hash = entry_hash(first.prev_hash, access_content(
            seq=1, user_id=first.user_id, person_id=first.person_id, agency_code=first.agency_code,
            role=first.role, what=first.what, route=first.route, request_id=first.request_id, at=first.at))
        first.save()
        AccessLog.objects.filter(seq=2).update(prev_hash=first.entry_hash)  # and so on down the chain
    found = kinds(verify(anchors))
    assert (6, "anchor") not in found  # the tail is untouched; the break shows at entry 2
    assert (2, "edited") in found


def test_an_entry_rolled_back_with_its_change_leaves_no_gap(written, users):
    with pytest.raises(RuntimeError), transaction.atomic():
        log_access(written["request"], written["ana"], "person page")
        raise RuntimeError("the view failed")
    assert AuditChainHead.objects.get().seq == 6
    log_access(written["request"], written["ana"], "person page")
    assert verify().intact


def test_the_command_says_intact_or_names_each_problem(written, tmp_path, capsys):
    anchors = tmp_path / "anchors.jsonl"
    call_command("audit", "anchor", "--to", str(anchors))
    assert json.loads(anchors.read_text())["seq"] == 6
    call_command("audit", "verify", "--anchors", str(anchors))
    assert "audit chain intact: 6 entries (5 access, 1 action)" in capsys.readouterr().out
    with tampering():
        AccessLog.objects.filter(seq=4).update(route="/elsewhere/")
    with pytest.raises(CommandError, match="BROKEN: 1 problems"):
        call_command("audit", "verify", "--anchors", str(anchors))
    assert "entry 4 (access log row" in capsys.readouterr().err


@postgres_only
@pytest.mark.parametrize("change", [
    lambda: AccessLog.objects.filter(seq=1).update(what="x"),
    lambda: AccessLog.objects.filter(seq=1).delete(),
    lambda: ActionLog.objects.update(reason="x"),
    lambda: ActionLog.persons.through.objects.all().delete(),
])
def test_postgresql_refuses_any_update_or_delete(written, change):
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        change()


def test_the_same_entry_number_twice_is_refused(written):
    entry = AccessLog.objects.get(seq=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        AccessLog.objects.create(**{f: getattr(entry, f) for f in ("user_id", "person_id", "what", "route", "at",
                                                                    "prev_hash", "entry_hash")}, seq=1)
