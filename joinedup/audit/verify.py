"""Check the audit chain end to end, and anchor its head outside the database.

`verify` walks both logs in chain order (streamed, merged on `seq`) and reports every entry that was edited,
deleted or moved, an action whose people were changed, a head that does not match the last entry, and any
anchor the chain no longer agrees with. `anchor` appends the head to a file (and mails it when configured):
an anchor is what finds a chain rewritten from the start or cut short at its end.
"""

import heapq
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.mail import send_mail

from joinedup.audit.chain import GENESIS, HEAD, Problem, access_content, action_content, entry_hash
from joinedup.audit.models import AccessLog, ActionLog, AuditChainHead

__all__ = ["Report", "anchor", "verify"]

_ACCESS = ("seq", "id", "prev_hash", "entry_hash", "user_id", "person_id", "agency_code", "role", "what", "route",
           "request_id", "at")
_ACTION = ("seq", "id", "prev_hash", "entry_hash", "user_id", "agency_code", "role", "action", "reason", "detail",
           "person_ids", "at")


@dataclass
class Report:
    entries: int = 0
    access: int = 0
    action: int = 0
    head_seq: int = 0
    head_hash: str = GENESIS
    anchors: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.problems


def _rows(model, columns, kind):
    for row in model.objects.order_by("seq").values_list(*columns).iterator(chunk_size=5000):
        yield row[0], kind, dict(zip(columns, row, strict=True))


def _content(kind: str, row: dict) -> dict:
    if kind == "access":
        return access_content(seq=row["seq"], user_id=row["user_id"], person_id=row["person_id"],
                              agency_code=row["agency_code"], role=row["role"], what=row["what"],
                              route=row["route"], request_id=row["request_id"], at=row["at"])
    return action_content(seq=row["seq"], user_id=row["user_id"], agency_code=row["agency_code"], role=row["role"],
                          action=row["action"], reason=row["reason"], detail=row["detail"],
                          person_ids=row["person_ids"], at=row["at"])


def _action_persons() -> dict[int, set[int]]:
    through = ActionLog.persons.through
    found: dict[int, set[int]] = {}
    for action_id, person_id in through.objects.values_list("actionlog_id", "person_id").iterator(chunk_size=5000):
        found.setdefault(action_id, set()).add(person_id)
    return found


def _read_anchors(path: Path | None) -> dict[int, dict]:
    if path is None or not Path(path).exists():
        return {}
    anchors = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            anchors[int(item["seq"])] = item
    return anchors


def verify(anchors_file: Path | None = None) -> Report:
    """Walk the whole chain; every problem is named with the entry's number, its log and its row id."""
    report = Report()
    problems = report.problems
    anchors = _read_anchors(anchors_file)
    persons = _action_persons()
    expected, prev, seen_hash = 1, GENESIS, {}
    merged = heapq.merge(_rows(AccessLog, _ACCESS, "access"), _rows(ActionLog, _ACTION, "action"),
                         key=lambda item: item[0])
    for seq, kind, row in merged:
        name = f"entry {seq} ({kind} log row {row['id']})"
        report.entries += 1
        setattr(report, kind, getattr(report, kind) + 1)
        if seq < expected:
            problems.append(Problem(seq, "out_of_order", f"{name} repeats a number already used: entries were "
                                                         f"renumbered or copied"))
        elif seq > expected:
            gap = f"entry {expected}" if seq == expected + 1 else f"entries {expected}–{seq - 1}"
            problems.append(Problem(expected, "missing", f"{gap} missing: deleted from the log"))
        elif row["prev_hash"] != prev:
            problems.append(Problem(seq, "out_of_order", f"{name} does not follow the entry before it: entries "
                                                         f"were reordered, or the one before was rewritten"))
        if entry_hash(row["prev_hash"], _content(kind, row)) != row["entry_hash"]:
            problems.append(Problem(seq, "edited", f"{name} was changed after it was written"))
        if kind == "action" and persons.get(row["id"], set()) != set(row["person_ids"]):
            problems.append(Problem(seq, "persons", f"{name}: the people it concerned were changed"))
        if seq in anchors:
            seen_hash[seq] = row["entry_hash"]
        prev, expected = row["entry_hash"], max(expected, seq + 1)
    head = AuditChainHead.objects.filter(name=HEAD).first()
    report.head_seq, report.head_hash = (head.seq, head.entry_hash) if head else (0, GENESIS)
    if report.head_seq != expected - 1 or (report.entries and report.head_hash != prev):
        problems.append(Problem(report.head_seq, "head", f"the chain's head says entry {report.head_seq} is the "
                                                         f"last, but the log ends at entry {expected - 1}"))
    for seq, item in sorted(anchors.items()):
        report.anchors += 1
        if seq not in seen_hash:
            problems.append(Problem(seq, "anchor", f"entry {seq}, anchored at {item.get('at', '?')}, is gone"))
        elif seen_hash[seq] != item["hash"]:
            problems.append(Problem(seq, "anchor", f"entry {seq} differs from its anchor taken at "
                                                   f"{item.get('at', '?')}: the chain was rewritten"))
    return report


def anchor(path: Path | None = None) -> dict:
    """Append the chain's head to the anchor file, and mail it to JOINEDUP_AUDIT_ANCHOR_EMAIL when set."""
    head = AuditChainHead.objects.filter(name=HEAD).first()
    item = {"seq": head.seq if head else 0, "hash": head.entry_hash if head else GENESIS,
            "at": datetime.now(UTC).isoformat(timespec="seconds")}
    path = Path(path or settings.AUDIT_ANCHOR_FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        out.write(json.dumps(item) + "\n")
    if settings.AUDIT_ANCHOR_EMAIL:
        send_mail(f"JoinedUp audit anchor: entry {item['seq']}", json.dumps(item, indent=1),
                  settings.DEFAULT_FROM_EMAIL, [settings.AUDIT_ANCHOR_EMAIL])
    return item
