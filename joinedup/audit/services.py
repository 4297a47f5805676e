"""Write the access log. Called explicitly by every view that reads a person's data."""

from joinedup.audit.models import AccessLog

__all__ = ["log_access"]


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
