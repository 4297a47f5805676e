"""Operation Encompass in the demo partnership, through the services (joinedup/core/demo_casework.py calls this).

    last night     a notification the police officer sent to Hill Top Academy, waiting for the DSL to read it
    this term      seven earlier notifications to Hill Top, five sent before the school day and two late, all
                   acknowledged with the support offered (so the timeliness report shows figures, not "fewer than 5")
    school unknown a notification for a child no school in the partnership holds, not sent: D11 in the police
                   Operation Encompass team's queue (the demo police officer is put in that team)
"""

from __future__ import annotations

from datetime import timedelta

from engine.casework.school_days import of_school_age
from joinedup.encompass import services
from joinedup.encompass.finding import educational_setting
from joinedup.encompass.models import Answer, Support
from joinedup.people.models import Person, SourceRecord

__all__ = ["seed"]

STORIES = [
    ("Officers attended after neighbours heard shouting; the mother's partner had thrown a chair and left before they "
     "arrived.", "In her bedroom with her younger brother", "I put my headphones on so I couldn't hear."),
    ("The mother called police after her ex-partner forced his way into the house in breach of a non-molestation "
     "order; he was arrested at the scene.", "Downstairs, in the room where it happened", "He was shouting at Mum."),
    ("A verbal argument between the parents overheard by a neighbour; no injuries; the father agreed to stay with his "
     "brother overnight.", "Asleep upstairs", ""),
]


def _school_age(story, ids) -> list[Person]:
    people = Person.objects.filter(pk__in=ids - story.used, person_type="child").order_by("pk")
    return [p for p in people if of_school_age(p.date_of_birth, story.as_of)]


def _notify(story, child, *, days_ago: int, n: int, clock: str = "22:15"):
    circumstances, where, said = STORIES[n % len(STORIES)]
    incident = story.at(story.as_of - timedelta(days=days_ago), clock)
    return services.record_notification(
        actor=story.user("police"), person=child, police_reference=f"NP-{incident:%y%m%d}-{child.pk % 1000:03d}{n}",
        incident_at=incident, place="The family home", child_present=Answer.YES if where else Answer.NOT_KNOWN,
        where_child_was=where, child_spoken_to=Answer.YES if said else Answer.NO, child_said=said,
        spoken_in_presence_of="A police officer and her grandmother" if said else "", circumstances=circumstances,
        other_information="Previous domestic abuse incidents at this address are known to police." if n % 2 else "")


def seed(story) -> list[str]:
    from joinedup.core.demo_casework import _set

    police = story.user("police")
    police.team = services.config()["police_team"]
    police.save(update_fields=["team"])
    pupils = [p for p in _school_age(story, story.sees("police") & story.sees("dsl"))
              if (setting := educational_setting(p, story.as_of).agency) and setting.code == "school-hilltop"][:4]
    if len(pupils) < 2:
        return ["Operation Encompass: no school-age child both the police and Hill Top hold; none seeded"]
    for child in pupils:
        story.used.add(child.pk)
    dsl = story.user("dsl")
    for i in range(7):
        made = _notify(story, pupils[1 + i % (len(pupils) - 1)], days_ago=9 + 8 * i, n=i)
        late = i in (2, 5)
        sent = made.due_at + timedelta(minutes=50) if late else made.due_at - timedelta(minutes=70)
        services.acknowledge(made, actor=dsl, support=[Support.SILENT, Support.KEY_ADULT] if i % 2 else [Support.SILENT],
                             support_note="Form tutor and head of year told on a need-to-know basis; the key adult "
                                          "checked in at break and the child chose to talk at lunch.")
        _set(made, sent_at=sent, created_at=sent, acknowledged_at=sent + timedelta(hours=2, minutes=10 * i))
    last_night = _notify(story, pupils[0], days_ago=1, n=0)
    sent = last_night.incident_at + timedelta(minutes=25)          # sent automatically, soon after the incident
    _set(last_night, sent_at=sent, created_at=sent)
    lines = [f"Operation Encompass: last night's notification about {pupils[0]} waiting for Hill Top's DSL; "
             "7 earlier ones acknowledged (2 sent late)"]
    no_school = (story.sees("police") - set(SourceRecord.objects.filter(agency__kind="school")
                                            .values_list("person_id", flat=True)))
    waiting = _school_age(story, no_school)[:1]
    if waiting:
        story.used.add(waiting[0].pk)
        unsent = _notify(story, waiting[0], days_ago=3, n=1, clock="23:40")
        assert unsent.sent_at is None
        lines.append(f"Operation Encompass: a notification about {waiting[0]} not sent (no school known): D11 for the "
                     f"police team ({police.team})")
    return lines

