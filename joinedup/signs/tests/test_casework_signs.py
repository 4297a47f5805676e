"""Casework written in JoinedUp is read for signs when it is saved, and those signs reach the child's prompts."""

from datetime import date

from django.utils import timezone

from joinedup.casenotes.services import write_case_note
from joinedup.prompts.services import inputs
from joinedup.signs.models import TextSign


def test_a_case_note_is_read_for_signs_that_reach_the_childs_prompt_input(users, make_record):
    child = make_record("csc", "C1", "Ruby", "Hale", born=date(2012, 5, 1)).person
    note = write_case_note(child, author=users["socialworker"],
                           text="Home visit. Mum reports Ruby came home drunk and has a new iPhone she won't explain. "
                                "Mum herself is on a methadone programme.")
    signs = {(s.category, s.about) for s in TextSign.objects.filter(source="case_note", source_id=note.pk)}
    assert signs == {("intoxication", "child"), ("phone", "child"), ("intoxication", "parent")}
    assert set(TextSign.objects.values_list("person_id", flat=True)) == {child.pk}
    _, rows = inputs([child])[child.pk]
    text = sorted((r["event_id"], r["event_type"], r["about"], r["agency"]) for r in rows)
    key = f"case_note:{note.pk}"
    assert text == [(key, "text.intoxication", "child", "csc"), (key, "text.intoxication", "household", "csc"),
                    (key, "text.phone", "child", "csc")]
    assert {r["day"] for r in rows} == {timezone.localdate()}
    assert rows[0]["attributes"]["source"] == "case_note"


def test_a_case_note_is_read_against_the_childs_age_when_it_was_written(users, make_record):
    today = timezone.localdate()
    text = "Ruby says she has been spending time with a man aged 19."
    for years, older in ((13, True), (18, False)):  # born on 1 January: that age all this year
        child = make_record("csc", f"C{years}", "Ruby", "Hale", born=date(today.year - years, 1, 1)).person
        note = write_case_note(child, author=users["socialworker"], text=text)
        found = TextSign.objects.filter(source="case_note", source_id=note.pk, category="older_associates").exists()
        assert found is older
