"""The language checker for the platform: context from the person, findings as plain data."""

from datetime import date

from django.utils import timezone

from engine.language import NoteContext, check_text

__all__ = ["DEPENDENT_AGE", "check_note", "context_for"]

# Below this age a child depends on an adult to bring them to appointments ("was not brought").
DEPENDENT_AGE = 12


def _age(born: date | None, on: date) -> int | None:
    if born is None:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def context_for(person=None, child_age: int | None = None, written_on: date | None = None) -> NoteContext:
    """What the checker needs to know about the child the note is about: the child's age on the day the
    text was written (`written_on`, today when not given), not today's age for an older text."""
    if person is not None and child_age is None and person.person_type == "child":
        child_age = _age(person.date_of_birth, written_on or timezone.localdate())
    depends = None if child_age is None else child_age < DEPENDENT_AGE
    return NoteContext(child_age=child_age, child_depends_on_adult=depends)


def check_note(text: str, person=None, child_age: int | None = None, written_on: date | None = None) -> list[dict]:
    """Findings as dictionaries (rule, term, offsets, why, alternatives, source), in text order."""
    findings = check_text(text or "", context=context_for(person, child_age, written_on))
    return [
        {
            "rule_id": f.rule_id, "term": f.term, "start": f.start, "end": f.end, "matched_text": f.matched_text,
            "why": f.why, "alternatives": list(f.alternatives), "source": f.source,
        }
        for f in sorted(findings, key=lambda f: f.start)
    ]
