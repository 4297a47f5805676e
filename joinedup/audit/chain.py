"""The audit chain: every access-log and action-log entry is numbered and hash-chained to the one before.

One chain runs through both logs (one sequence, one head), so `verify` can say of any entry whether it was
edited, deleted or moved. An entry's hash is SHA-256 over the previous entry's hash and the entry's own
content in a canonical form (`content`); the head (`AuditChainHead`) holds the last number and hash, and is
locked while an entry is appended, so the chain follows the order entries were written. Anchors copy the head
out of the database (`anchor`), so that rewriting the whole chain, or cutting its tail, is found too.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

GENESIS = "0" * 64
HEAD = "audit"

__all__ = ["GENESIS", "HEAD", "Problem", "access_content", "action_content", "entry_hash"]


def _when(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def access_content(*, seq, user_id, person_id, agency_code, role, what, route, request_id, at) -> dict:
    """What an access-log entry's hash covers: every column but its own hash and row id."""
    return {"log": "access", "seq": seq, "user": user_id, "person": person_id, "agency": agency_code,
            "role": role, "what": what, "route": route, "request": str(request_id) if request_id else "",
            "at": _when(at)}


def action_content(*, seq, user_id, agency_code, role, action, reason, detail, person_ids, at) -> dict:
    """What an action-log entry's hash covers, including the people it concerned."""
    return {"log": "action", "seq": seq, "user": user_id, "agency": agency_code, "role": role,
            "action": action, "reason": reason, "detail": detail, "persons": sorted(person_ids), "at": _when(at)}


def entry_hash(prev_hash: str, content: dict) -> str:
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(f"{prev_hash}\n{canonical}".encode()).hexdigest()


@dataclass(frozen=True)
class Problem:
    """One thing `verify` found wrong, in words an auditor can act on."""

    seq: int | None
    kind: str  # edited | missing | out_of_order | head | anchor | persons
    words: str

    def __str__(self) -> str:
        return self.words
