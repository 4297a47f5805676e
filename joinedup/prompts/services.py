"""Raise prompts for children: gather each child's events (and those of the people around them), run the
catalogue's incremental evaluator (engine/prompts), and store each prompt once, with its evidence, in a
named practitioner's or team's queue.

Called for the children an import, a link or a decision touched (`evaluate_people`), and for everyone by
`joinedup prompts evaluate` (which reads the whole partnership into the engine's set-based evaluator).

Casework recorded in JoinedUp itself is not an agency's event, but some of it is what the catalogue looks for:
a referral made through JoinedUp is a contact at children's social care, so "no referral was made" (P22) and
"no response was recorded" (P21) must see it. Apps register such facts as rows in the vocabulary's terms::

    register_prompt_facts("referrals", referral_facts)   # referral_facts(person_ids) -> [(person_id, row)]

A fact's `event_id` is not a number (e.g. "referral:12"): it is never stored as a prompt's evidence event, and
appears on the chronology through its own app, not as an event.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from engine.prompts import evaluate_child, evaluate_rows, load_catalogue
from engine.prompts.model import Prompt as RaisedPrompt
from joinedup.chronology.relationships import around, linked_adult
from joinedup.events.models import EventSubject
from joinedup.people.models import Allocation, Person
from joinedup.prompts.models import Prompt, PromptEvidence

__all__ = ["affected_children", "evaluate_everyone", "evaluate_people", "inputs", "register_prompt_facts", "store",
           "unregister_prompt_facts"]

FactSource = Callable[[list[int]], Iterable[tuple[int, dict]]]
_FACTS: dict[str, FactSource] = {}


def register_prompt_facts(name: str, source: FactSource) -> None:
    """Add casework facts to every child's prompt input: `source(person_ids)` yields (person id, row) pairs."""
    _FACTS[name] = source


def unregister_prompt_facts(name: str) -> None:
    _FACTS.pop(name, None)


def _overlap(a_start, a_end, b_start, b_end) -> tuple[date | None, date | None] | None:
    start = max((d for d in (a_start, b_start) if d), default=None)
    end = min((d for d in (a_end, b_end) if d), default=None)
    return None if start and end and start > end else (start, end)


def _around(person_ids: list[int]) -> dict[int, list[tuple[int, str, date | None, date | None]]]:
    """For each child, the people around them: (person, "household" | "associate", from, to).

    Read, like the chronology and the person page, from the stored households and relationships
    (`joinedup.chronology.relationships.around`: practitioners' corrections included, withdrawn and
    superseded rows left out). Household: anyone in one of the child's households while both lived
    there. Associate: anyone else in a current relationship with the child, a partner of the child's
    parent, or an adult an agency links to the child (e.g. described as her "boyfriend").
    """
    out: dict[int, list] = {pid: [] for pid in person_ids}
    for child, found in around(person_ids, details=False).items():
        rows = out[child]
        for mine, theirs in found.households:
            period = _overlap(mine.start_date, mine.end_date, theirs.start_date, theirs.end_date)
            if period:
                rows.append((theirs.person_id, "household", *period))
        associates = [(r.person_id if r.other_id == child else r.other_id, r.start_date, r.end_date)
                      for r in found.relationships]
        associates += [(r.other_id if r.person_id in (p.person_id, p.other_id) else r.person_id, r.start_date,
                        r.end_date) for p, r in found.partners_of_parents]
        associates += [(other.person_id, link.valid_from, link.valid_to) for link in found.links
                       if (other := linked_adult(link, child)) is not None]
        for other, start, end in associates:
            if other != child and not any(o == other for o, *_ in rows):
                rows.append((other, "associate", start, end))
    return out


def _events_of(person_ids) -> dict[int, list[dict]]:
    """Every event each person is a subject of, as the engine's rows (without `about`)."""
    out: dict[int, list[dict]] = {}
    subjects = EventSubject.objects.filter(record__person_id__in=list(person_ids)).values_list(
        "record__person_id", "event_id", "event__event_type", "event__occurred_at", "event__agency__code",
        "event__attributes")
    for person_id, event_id, event_type, occurred_at, agency, attributes in subjects:
        out.setdefault(person_id, []).append({
            "event_id": str(event_id), "event_type": event_type, "day": timezone.localtime(occurred_at).date(),
            "agency": agency, "attributes": attributes or {}})
    for source in _FACTS.values():
        for person_id, row in source(list(person_ids)):
            out.setdefault(person_id, []).append(row)
    return out


def inputs(people: list[Person]) -> dict[int, tuple[dict, list[dict]]]:
    """The engine's input for each child, in a handful of queries: the child, their own events, and the events
    of the people around them while the relationship held (every agency's: prompts see the whole picture)."""
    out = {}
    for chunk in [people[i:i + 500] for i in range(0, len(people), 500)]:
        ids = [p.pk for p in chunk]
        around = _around(ids)
        events = _events_of(set(ids) | {other for rows in around.values() for other, *_ in rows})
        for person in chunk:
            # Keyed by (id, type, about): a sign read from an event's text (text.<category>, joinedup/signs)
            # shares the event's id; a parent's sign in the child's own record is already "household".
            rows = {}
            for e in events.get(person.pk, ()):
                row = {**e, "about": e.get("about") or "child"}
                rows[(row["event_id"], row["event_type"], row["about"])] = row
            held = {(event_id, event_type) for event_id, event_type, _ in rows}
            for other, about, start, end in around[person.pk]:
                for event in events.get(other, ()):
                    key = (event["event_id"], event["event_type"])
                    if key not in held and (start is None or start <= event["day"]) and (
                            end is None or event["day"] <= end):
                        held.add(key)
                        rows[(*key, about)] = {**event, "about": about}
            out[person.pk] = ({"key": str(person.pk), "date_of_birth": person.date_of_birth}, list(rows.values()))
    return out


def affected_children(person_ids: Iterable[int]) -> set[int]:
    """These people and everyone around them (an adult's new event bears on the children they live with)."""
    ids = {pid for pid in person_ids if pid}
    out = set(ids)
    for rows in _around(list(ids)).values():
        out |= {other for other, *_ in rows}
    return out


def _children(person_ids: Iterable[int]) -> list[Person]:
    return list(Person.objects.filter(pk__in=set(person_ids), person_type="child", merged_into__isnull=True,
                                      date_of_birth__isnull=False))


def evaluate_people(person_ids: Iterable[int], *, as_of: date | None = None) -> list[Prompt]:
    """Re-evaluate these children one at a time (the incremental evaluator) and store new prompts."""
    as_of = as_of or timezone.localdate()
    raised = []
    people = _children(person_ids)
    for person in people:
        child, events = inputs([person])[person.pk]
        if events:
            raised += store(person, evaluate_child(child, events, as_of=as_of))
    return raised


def evaluate_everyone(*, as_of: date | None = None, person_ids: Iterable[int] | None = None) -> list[Prompt]:
    """Every child (or these children) at once through the engine's set-based evaluator (DuckDB SQL)."""
    as_of = as_of or timezone.localdate()
    people = {p.pk: p for p in (_children(person_ids) if person_ids is not None else
                                Person.objects.filter(person_type="child", merged_into__isnull=True,
                                                      date_of_birth__isnull=False))}
    children, events = [], []
    for child, rows in inputs(list(people.values())).values():
        if rows:
            children.append(child)
            events += [{**row, "child_key": child["key"]} for row in rows]
    found: dict[int, list[RaisedPrompt]] = {}
    for prompt in evaluate_rows(children, events, as_of=as_of):
        found.setdefault(int(prompt.child_key), []).append(prompt)
    raised = []
    for person_id, prompts in found.items():
        raised += store(people[person_id], prompts)
    return raised


@transaction.atomic
def store(person: Person, found: list[RaisedPrompt]) -> list[Prompt]:
    """Keep each prompt once: one already stored for the same rule within the rule's episode is the same prompt."""
    catalogue = load_catalogue()
    stored: dict[str, list[date]] = {}
    for rule_id, moment in Prompt.objects.filter(person=person).values_list("rule_id", "moment"):
        stored.setdefault(rule_id, []).append(moment)
    worker = _allocated_worker(person)
    created = []
    for prompt in found:
        rule = catalogue.rule(prompt.rule_id)
        episode = timedelta(days=rule.episode_days)
        if any(abs(prompt.moment - seen) <= episode for seen in stored.get(prompt.rule_id, [])):
            continue
        made = Prompt.objects.create(
            person=person, rule_id=prompt.rule_id, title=prompt.title, evidence_class=prompt.evidence_class,
            moment=prompt.moment, episode=prompt.moment.isoformat(), explanation=prompt.explanation,
            questions=list(prompt.questions), learning=" ".join(c.note for c in rule.learning if c.note),
            citation="; ".join(str(c) for c in rule.learning), recipient=prompt.recipient,
            assigned_to=worker, team="" if worker else "MASH", dismissable=prompt.dismissable,
        )
        PromptEvidence.objects.bulk_create([PromptEvidence(prompt=made, event_id=int(e)) for e in prompt.event_ids
                                            if e.isdigit()])   # casework facts ("referral:12") are not events
        stored.setdefault(prompt.rule_id, []).append(prompt.moment)
        created.append(made)
    return created


def _allocated_worker(person: Person):
    today = timezone.localdate()
    allocation = (Allocation.objects.filter(person=person, start_date__lte=today)
                  .filter(Q(end_date__isnull=True) | Q(end_date__gte=today)).select_related("worker")
                  .order_by("-start_date").first())
    return allocation.worker if allocation else None


def evaluate_after_import(batch) -> list[Prompt]:
    """Re-evaluate only the children an import touched (and those around the people it touched).

    Runs once the partnership is live (a linkage model exists); the first bulk load is linked and then
    evaluated in one go (`joinedup link`, `joinedup prompts`) instead of file by file.
    """
    from joinedup.associations.models import Association
    from joinedup.linkage.models import LinkageModel
    from joinedup.people.households import refresh_households
    from joinedup.people.models import HouseholdMembership

    if not LinkageModel.objects.exists():
        return []
    if batch.kind == "events":
        touched = set(EventSubject.objects.filter(event__import_batch=batch).values_list("record__person_id", flat=True))
    elif batch.kind == "associations":
        links = Association.objects.filter(import_batch=batch)
        touched = set(links.values_list("record__person_id", flat=True))
        touched |= set(links.values_list("other_record__person_id", flat=True))
        refresh_households(touched)
    elif batch.kind == "households":
        touched = set(HouseholdMembership.objects.filter(import_batch=batch).values_list("record__person_id", flat=True))
        refresh_households(touched)
    else:
        return []
    touched.discard(None)
    children = affected_children(touched)
    # One child at a time for a handful; the set-based evaluator for a file that touches many (same prompts).
    raised = evaluate_people(children) if len(children) <= 50 else evaluate_everyone(person_ids=children)
    # Context prompts (a place, adult or group connecting children) resting on the file's events or links.
    from joinedup.network.prompts import raise_after_import

    return raised + raise_after_import(batch)
