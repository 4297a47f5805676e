"""The three figures the partnership map puts side by side for every area, and which records each counts.

Hotspot maps confirm themselves: where agencies look, they find, and a map of concerns alone sends
more looking to the same places (004 §6, L3581-3592). So concerns are never shown alone: beside them
stand the referrals made and the help given to children who live in each area, and the page says why.

Each figure counts children, not records (a child with nine youth sessions is one child), because the
suppression rule protects children: a figure about fewer than five of them is not shown.

* concerns  -- children with a concern recorded at a place in the area: events of the context rules'
               concern types (engine/context/rules.yaml `concern.types`) whose place has a postcode
               there. A referral is its own figure, so csc.referral is left out here.
* referrals -- children living in the area who were referred to children's social care (csc.referral).
* services  -- children living in the area who received help: the event types in SERVICE_TYPES, chosen
               from engine/vocabulary/events.yaml. None of them is also a concern type.

Where a child lives is the postcode on the identity record the event is about (the recording agency's
current address for the child). Only the records of children count; adults named on events do not.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from engine.context.rules import load_rules

__all__ = ["MEASURES", "SERVICE_TYPES", "Measure", "measure"]

# Help given to a child. Each is the start or the delivery of a service, so one in the period means the
# child received help then (a plan that began earlier and continued is not counted again).
SERVICE_TYPES = (
    "csc.early_help_assessment",  # early help
    "csc.assessment",             # a children's social care assessment (section 17)
    "csc.cp_plan_start",          # a child protection plan
    "csc.cla_episode_start",      # started to be looked after
    "health.camhs_attendance",    # a children's mental health appointment attended
    "youth.session_attended",     # youth work
    "youth.detached_contact",     # detached youth work: a youth worker met the young person out and about
)
REFERRAL_TYPES = ("csc.referral",)


@dataclass(frozen=True)
class Measure:
    key: str
    label: str  # the column heading (the table's caption says these are children)
    where: str  # "place": the place the event happened; "home": where the child lives
    event_types: tuple[str, ...]
    description: str


@cache
def _concern_types() -> tuple[str, ...]:
    return tuple(sorted(load_rules().concern_types - set(REFERRAL_TYPES)))


@cache
def measures() -> tuple[Measure, ...]:
    return (
        Measure("concerns", "With concerns recorded at places in the area", "place", _concern_types(),
                "children with a concern about their safety recorded at a place in the area"),
        Measure("referrals", "Living in the area and referred", "home", REFERRAL_TYPES,
                "children living in the area who were referred to children's social care"),
        Measure("services", "Living in the area and received help", "home", SERVICE_TYPES,
                "children living in the area who received early help, an assessment, a plan, "
                "mental health care or youth work"),
    )


def measure(key: str) -> Measure:
    return next(m for m in measures() if m.key == key)


MEASURES = ("concerns", "referrals", "services")
