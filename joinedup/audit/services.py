"""Write the access log (every read of a person's data) and the action log (changes to how records are joined)."""

from joinedup.audit.models import AccessLog, ActionLog

__all__ = ["log_access", "log_action"]


def log_access(request, person, what: str) -> AccessLog:
    """Record that request.user read `what` about `person` through this route, in this request."""
    user = request.user
    return AccessLog.objects.create(
        user=user,
        person=person,
        agency_code=user.agency.code if user.agency_id else "",
        role=user.role,
        what=what,
        route=request.get_full_path()[:300],
        request_id=getattr(request, "id", None),
    )


def log_action(user, action: str, *, persons=(), reason: str = "", detail: dict | None = None) -> ActionLog:
    """Record that `user` did `action` (with its reason) affecting `persons`; written in the same transaction."""
    entry = ActionLog.objects.create(user=user, agency_code=user.agency.code if user.agency_id else "",
                                     role=user.role, action=action, reason=reason, detail=detail or {})
    entry.persons.set({getattr(p, "pk", p) for p in persons if p})
    return entry
