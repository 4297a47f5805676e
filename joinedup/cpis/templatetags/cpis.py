"""`{% cpis_flag person %}`: the CP-IS flag on a person's page, for health practitioners and whole-picture readers.
Showing it is access-logged ("CP-IS flag")."""

from django import template

from joinedup.audit.services import log_access
from joinedup.cpis.services import last_attendances, may_see_flag
from joinedup.cpis.status import flags_for

register = template.Library()


@register.inclusion_tag("cpis/_flag.html", takes_context=True)
def cpis_flag(context, person):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not may_see_flag(user, person):
        return {"shown": False}
    flags = flags_for(person)
    if flags:
        log_access(request, person, "CP-IS flag")
    return {"shown": bool(flags), "flags": flags, "person": person, "attendances": list(last_attendances(person)[:5]),
            "is_health": bool(user.agency_id) and user.agency.kind == "health"}
