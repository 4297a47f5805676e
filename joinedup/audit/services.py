"""Write the access log (every read of a person's data) and the action log (changes users answer for).

Every entry is appended to the audit chain (`joinedup.audit.chain`): numbered, hashed with the entry before,
under a lock on the chain's head, in the caller's transaction (so an entry is never chained for a change that
was rolled back).
"""

import json

from django.db import transaction
from django.utils import timezone

from joinedup.audit.chain import GENESIS, HEAD, access_content, action_content, entry_hash
from joinedup.audit.models import AccessLog, ActionLog, AuditChainHead

__all__ = ["log_access", "log_accesses", "log_action"]


def _who(user) -> dict:
    return {"user": user, "agency_code": user.agency.code if user.agency_id else "", "role": user.role}


def _locked_head() -> AuditChainHead:
    head = AuditChainHead.objects.select_for_update().filter(name=HEAD).first()
    if head is None:  # a database whose migration predates the head row, or a flushed test database
        AuditChainHead.objects.get_or_create(name=HEAD, defaults={"seq": 0, "entry_hash": GENESIS})
        head = AuditChainHead.objects.select_for_update().get(name=HEAD)
    return head


def _chain_accesses(entries: list[AccessLog]) -> list[AccessLog]:
    if not entries:  # a list that showed nobody
        return []
    with transaction.atomic():
        head = _locked_head()
        seq, prev = head.seq, head.entry_hash
        for entry in entries:
            seq += 1
            entry.seq, entry.prev_hash = seq, prev
            prev = entry.entry_hash = entry_hash(prev, access_content(
                seq=seq, user_id=entry.user_id, person_id=entry.person_id, agency_code=entry.agency_code,
                role=entry.role, what=entry.what, route=entry.route, request_id=entry.request_id, at=entry.at))
        saved = AccessLog.objects.bulk_create(entries)
        head.seq, head.entry_hash = seq, prev
        head.save(update_fields=["seq", "entry_hash"])
    return saved


def log_access(request, person, what: str) -> AccessLog:
    """Record that request.user read `what` about `person` through this route, in this request."""
    return log_accesses(request, [person.pk], what)[0]


def log_accesses(request, person_ids, what: str) -> list[AccessLog]:
    """One entry per person shown by name in one view (a list, a network), all at the same moment."""
    common = {**_who(request.user), "what": what[:60], "route": request.get_full_path()[:300],
              "request_id": getattr(request, "id", None), "at": timezone.now()}
    return _chain_accesses([AccessLog(person_id=pid, **common) for pid in dict.fromkeys(person_ids)])


def log_action(user, action: str, *, persons=(), reason: str = "", detail: dict | None = None) -> ActionLog:
    """Record that `user` did `action` (with its reason) affecting `persons`; written in the same transaction."""
    person_ids = sorted({getattr(p, "pk", p) for p in persons if p})
    detail = json.loads(json.dumps(detail or {}))  # as the database will give it back (keys as text)
    entry = ActionLog(**_who(user), action=action, reason=reason, detail=detail, person_ids=person_ids,
                      at=timezone.now())
    with transaction.atomic():
        head = _locked_head()
        entry.seq, entry.prev_hash = head.seq + 1, head.entry_hash
        entry.entry_hash = entry_hash(entry.prev_hash, action_content(
            seq=entry.seq, user_id=entry.user_id, agency_code=entry.agency_code, role=entry.role,
            action=action, reason=reason, detail=entry.detail, person_ids=person_ids, at=entry.at))
        entry.save(force_insert=True)
        entry.persons.set(person_ids)
        head.seq, head.entry_hash = entry.seq, entry.entry_hash
        head.save(update_fields=["seq", "entry_hash"])
    return entry
