"""Multi-agency child protection teams in the demo partnership, through the services (called from
joinedup/core/demo_casework.py).

    Northshire North   all four disciplines (the demo social worker, police officer, Hill Top's DSL and the nurse);
                       takes the section 47 enquiry the seeded strategy discussion decided, with a task for each
                       agency, the police task overdue (D12)
    Northshire South   no health member yet: it cannot take an enquiry, and says so
"""

from __future__ import annotations

from datetime import timedelta

from joinedup.cpteams import services
from joinedup.meetings.models import STRATEGY_KINDS, DecisionKind, Meeting

__all__ = ["seed"]


def seed(story) -> list[str]:
    from joinedup.core.demo_casework import _set

    manager, worker = story.user("manager"), story.user("socialworker")
    since = story.as_of - timedelta(days=200)
    north = services.create_team(actor=manager, name="Northshire North multi-agency child protection team",
                                 area="Northshire North district: Hill Top and Riverside catchments")
    for who, discipline, role, registration, nominated in (
            ("socialworker", "social_work", "Senior social worker", "SW 104233", ""),
            ("police", "police", "Police constable, public protection", "", ""),
            ("dsl", "education", "Designated safeguarding lead, Hill Top Academy", "", ""),
            ("nurse", "health", "Paediatric liaison nurse", "NMC 09I4411E", "Northshire Integrated Care Board")):
        services.add_member(north, actor=manager, discipline=discipline, user=story.user(who), role=role,
                            registration=registration, nominated_by=nominated, start_date=since)
    south = services.create_team(actor=manager, name="Northshire South multi-agency child protection team",
                                 area="Northshire South district")
    services.add_member(south, actor=manager, discipline="social_work", user=story.user("manager"),
                        role="Team manager, children's social care", registration="SW 099812", start_date=since)
    services.add_member(south, actor=manager, discipline="police", name="DS Rachel Moore",
                        agency=story.agencies["police"], role="Detective sergeant, child protection",
                        start_date=since)
    services.add_member(south, actor=manager, discipline="education", name="Tom Hale", agency=story.agencies["school-hilltop"],
                        role="Education safeguarding adviser", start_date=since)
    lines = ["Child protection teams: Northshire North (all four disciplines); Northshire South (no health member: "
             "cannot take an enquiry)"]
    strategy = (Meeting.objects.filter(kind__in=STRATEGY_KINDS, decisions__kind=DecisionKind.SECTION_47)
                .order_by("-held_on").first())
    if strategy is None:
        return lines
    enquiry = services.open_enquiry(
        actor=worker, person=strategy.person, team=north, strategy_discussion=strategy, lead=worker,
        started_on=strategy.held_on, concerns="Adult men at a local flat giving children cannabis and alcohol; a car "
                                              "waiting after school; other children linked to the same address.")
    for who, discipline, days, text in (
            ("police", "police", 1, "Check police records and intelligence on the adults at the flat and the car."),
            ("nurse", "health", 6, "Offer a health assessment with the school nurse, with someone the child trusts."),
            ("dsl", "education", 4, "Share attendance and pastoral records since September with the lead.")):
        task = services.add_task(enquiry, actor=worker, discipline=discipline, owner=story.user(who),
                                 description=text, due_on=max(strategy.held_on + timedelta(days=days), story.as_of)
                                 if who != "police" else strategy.held_on + timedelta(days=days))
        _set(task, set_on=strategy.held_on)
    lines.append(f"Section 47 enquiry about {strategy.person} with Northshire North: three tasks, the police one "
                 "overdue (D12)")
    return lines
