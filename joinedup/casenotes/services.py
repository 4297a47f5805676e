"""Write case notes. The language checker never blocks saving; a note saved with flags records them."""

from django.db import transaction

from joinedup.casenotes.models import CaseNote
from joinedup.language.services import check_note

__all__ = ["write_case_note"]


@transaction.atomic
def write_case_note(person, *, author, text: str, flags_seen: bool = True) -> CaseNote:
    """Save a note about `person` by `author`, keeping what the checker found and whether it was on screen."""
    findings = check_note(text, person=person)
    return CaseNote.objects.create(
        person=person, agency=author.agency, author=author, team=author.team, text=text.strip(),
        language_findings=findings, flags_acknowledged=bool(findings) and flags_seen,
    )
