"""Write case notes. The language checker never blocks saving; a note saved with flags records them."""

from django.db import transaction
from django.utils import timezone

from joinedup.casenotes.models import CaseNote
from joinedup.language.services import check_note
from joinedup.prompts.services import evaluate_people
from joinedup.signs.services import store_signs

__all__ = ["write_case_note"]


@transaction.atomic
def write_case_note(person, *, author, text: str, flags_seen: bool = True) -> CaseNote:
    """Save a note about `person` by `author`, keeping what the checker found and whether it was on screen."""
    findings = check_note(text, person=person)
    note = CaseNote.objects.create(
        person=person, agency=author.agency, author=author, team=author.team, text=text.strip(),
        language_findings=findings, flags_acknowledged=bool(findings) and flags_seen,
    )
    # the warning signs in what was written reach the child's prompts (joinedup/signs)
    signs = store_signs("case_note", note.pk, note.text, written_on=timezone.localdate(note.written_at),
                        agency=note.agency, person=person)
    if any(sign.about in ("child", "parent") for sign in signs):
        evaluate_people([person.pk])
    return note
