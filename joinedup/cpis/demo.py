"""CP-IS in the demo partnership, through the services (joinedup/core/demo_casework.py calls this).

    a child on a plan    the nurse sees the flag; two unscheduled-care attendances she recorded reached the allocated
                         social worker's inbox (the social worker is allocated, if not already)
    out of area          a CP-IS plans file from another authority flags a child health knows, on the NHS number
"""

from __future__ import annotations

from datetime import timedelta

from joinedup.cpis import services
from joinedup.cpis.status import own_spans
from joinedup.people.models import Allocation, SourceRecord

__all__ = ["seed"]


def seed(story) -> list[str]:
    from joinedup.core.demo_casework import _allocate, _set

    nurse, worker = story.user("nurse"), story.user("socialworker")
    health = story.sees("nurse")
    flagged = sorted(pid for pid, spans in own_spans(health).items() if any(s.current(story.as_of) for s in spans))
    if not flagged:
        return ["CP-IS: no child on a plan that health holds; none seeded"]
    allocated = set(Allocation.objects.filter(worker=worker).values_list("person_id", flat=True))
    child_id = next((p for p in flagged if p in allocated), flagged[0])
    from joinedup.people.models import Person

    child = Person.objects.get(pk=child_id)
    _allocate(story, child, story.as_of - timedelta(days=120))
    lines = []
    for days, setting, name in ((20, "emergency_department", "Northshire General Hospital emergency department"),
                                (1, "walk_in_centre", "Seaford walk-in centre")):
        when = story.at(story.as_of - timedelta(days=days), "19:40")
        made = services.record_attendance(child, actor=nurse, setting=setting, setting_name=name, attended_at=when)
        _set(made, created_at=when)
        lines.append(f"CP-IS: {made.get_setting_display().lower()} attendance of {child} told to {made.told}")
    visitor = (SourceRecord.objects.filter(agency__kind="health", person_id__in=health - set(flagged) - story.used,
                                           person__person_type="child").exclude(nhs_number="")
               .order_by("person_id").first())
    if visitor is not None:
        story.used.add(visitor.person_id)
        start = story.as_of - timedelta(days=130)
        text = ("nhs_number,date_of_birth,plan_type,start_date,end_date,la_code,la_name,la_office_phone,"
                f"la_out_of_hours_phone\n{visitor.nhs_number},{visitor.date_of_birth or ''},CLA,{start},,E9901,"
                "Southshire County Council,01632 960200,01632 960299\n")
        services.import_cpis_file(text, kind="plans", name="southshire-cpis-plans.csv", actor=story.user("manager"))
        lines.append(f"CP-IS: a plans file from Southshire County Council flags {visitor.person} (looked after) "
                     "for health, on the NHS number")
    return lines
