"""The checker in the platform: API, command, case notes that record flags, and the partnership view."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from joinedup.casenotes.models import CaseNote

FLAGGED = "Mia has been putting herself at risk by going to the flat."


@pytest.fixture
def child(make_record):
    return make_record("school", "S1", "Mia", "Hart").person


def test_the_api_returns_findings_with_reasons_alternatives_and_offsets(client, users):
    client.force_login(users["teacher"])
    body = client.post("/api/language/check/", {"text": FLAGGED}, content_type="application/json").json()
    [finding] = body["findings"]
    assert FLAGGED[finding["start"]:finding["end"]] == finding["matched_text"]
    assert "putting herself at risk" in finding["matched_text"] and finding["why"] and finding["alternatives"]
    clean = client.post("/api/language/check/", {"text": "Mia was seen at school today."}, content_type="application/json")
    assert clean.json() == {"findings": []}


def test_the_api_needs_a_signed_in_user(client):
    assert client.post("/api/language/check/", {"text": FLAGGED}, content_type="application/json").status_code in (401, 403)


def test_the_command_reports_line_column_and_alternatives(tmp_path, capsys):
    note = tmp_path / "note.txt"
    note.write_text("First line is fine.\n" + FLAGGED + "\n")
    call_command("language", "check", str(note))
    out = capsys.readouterr().out
    assert f"{note}:2:" in out and "instead:" in out and "1 phrase(s) flagged" in out


def test_a_note_saved_with_flags_on_screen_records_them_as_acknowledged(client, users, child):
    client.force_login(users["teacher"])
    saved = client.post(reverse("casenotes:new", args=[child.pk]), {"text": FLAGGED, "flags_seen": "1"})
    assert saved.status_code == 302
    note = CaseNote.objects.get()
    assert note.flags_acknowledged and note.language_findings[0]["matched_text"].startswith("putting herself")
    assert note.author == users["teacher"] and note.agency.code == "school" and note.text == FLAGGED


def test_saving_is_never_blocked_even_when_the_flags_were_not_on_screen(client, users, child):
    client.force_login(users["teacher"])
    saved = client.post(reverse("casenotes:new", args=[child.pk]), {"text": FLAGGED}, follow=True)
    note = CaseNote.objects.get()
    assert note.language_findings and not note.flags_acknowledged
    assert "putting herself at risk" in saved.content.decode() and "the note records this" in saved.content.decode()


def test_a_clean_note_saves_first_time(client, users, child):
    client.force_login(users["teacher"])
    response = client.post(reverse("casenotes:new", args=[child.pk]), {"text": "Mia said she felt safe at home."})
    assert response.status_code == 302 and not CaseNote.objects.get().flags_acknowledged


def test_notes_cannot_be_written_about_a_person_the_user_may_not_see(client, users, make_record):
    hidden = make_record("police", "P1", "Jo", "Reed").person
    client.force_login(users["teacher"])
    assert client.get(reverse("casenotes:new", args=[hidden.pk])).status_code == 404


def test_the_partnership_view_counts_terms_by_agency_and_team_without_names(client, users, child):
    from joinedup.casenotes.services import write_case_note

    users["teacher"].team = "Pastoral team"
    users["teacher"].save()
    write_case_note(child, author=users["teacher"], text=FLAGGED)
    client.force_login(users["analyst"])
    page = client.get(reverse("language:partnership")).content.decode()
    assert "Hill Top Academy" in page and "Pastoral team" in page
    assert "Teacher" not in page and "Mia" not in page
    client.force_login(users["teacher"])
    assert client.get(reverse("language:partnership")).status_code == 403


def test_the_childs_age_is_taken_on_the_day_the_text_was_written(make_record):
    from datetime import date

    from joinedup.language.services import check_note, context_for

    child = make_record("school", "S2", "Ava", "Cole", born=date(2012, 6, 1)).person
    assert child.date_of_birth == date(2012, 6, 1)
    assert context_for(child, written_on=date(2025, 5, 31)).child_age == 12
    assert context_for(child, written_on=date(2025, 6, 1)).child_age == 13
    text = "Nurse notes she is sexually active."  # flagged for a 12-year-old whoever the other party is
    assert [f["rule_id"] for f in check_note(text, person=child, written_on=date(2024, 6, 1))] == ["L05"]
    assert check_note(text, person=child, written_on=date(2029, 6, 1)) == []  # 17 then, other party unknown
