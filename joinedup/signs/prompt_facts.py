"""Signs about the child reach the prompt catalogue as rows of type text.<category> (engine/signs/rows.py).

A sign read from an agency's event goes to each person the event concerns, with the event's id (so a
prompt's evidence links back to the event and shows the sentence), day and agency. A sign read from
casework written in JoinedUp (a case note, a referral) goes to the person that record is about, with an
id such as "case_note:12". A sign about a parent is a household row for the child; signs about other
children or other adults stay with the record.
"""

from __future__ import annotations

from collections import defaultdict

from engine.signs import evaluator_rows
from joinedup.events.models import EventSubject
from joinedup.signs.models import TextSign

_FIELDS = ("category", "about", "certainty", "sentence", "start", "end", "attributes", "written_on",
           "agency__code", "source", "source_id")


class _Stored:
    """A stored sign in the shape engine.signs.evaluator_rows reads."""

    __slots__ = ("about", "attributes", "category", "certainty", "end", "sentence", "start")

    def __init__(self, category, about, certainty, sentence, start, end, attributes):
        self.category, self.about, self.certainty = category, about, certainty
        self.sentence, self.start, self.end, self.attributes = sentence, start, end, attributes


def sign_facts(person_ids):
    """(person id, evaluator row) for every sign about these people or their households."""
    wanted = ("child", "parent")
    subjects = defaultdict(list)
    for event_id, person_id in EventSubject.objects.filter(
            record__person_id__in=person_ids, event__text_signs__about__in=wanted).values_list(
            "event_id", "record__person_id").distinct():
        subjects[event_id].append(person_id)
    by_record: dict[tuple, list] = defaultdict(list)
    meta: dict[tuple, tuple] = {}
    if subjects:
        for event_id, event_type, *values in TextSign.objects.filter(event_id__in=list(subjects), about__in=wanted) \
                .values_list("event_id", "event__event_type", *_FIELDS):
            key = ("event", event_id)
            by_record[key].append(_Stored(*values[:7]))
            meta[key] = (str(event_id), values[7], values[8] or "", event_type, subjects[event_id])
    for person_id, *values in TextSign.objects.filter(person_id__in=person_ids, event__isnull=True,
                                                      about__in=wanted).values_list("person_id", *_FIELDS):
        key = (values[9], values[10])
        by_record[key].append(_Stored(*values[:7]))
        meta[key] = (f"{values[9]}:{values[10]}", values[7], values[8] or "", "", [person_id])
    for key, signs in by_record.items():
        row_id, day, agency, source_type, people = meta[key]
        rows = evaluator_rows(signs, event_id=row_id, day=day, agency=agency, source=key[0],
                              source_type=source_type)
        for person_id in people:
            for row in rows:
                yield person_id, row


def register() -> None:
    from joinedup.prompts.services import register_prompt_facts

    register_prompt_facts("signs", sign_facts)
