"""A prompt raised by warning signs written in three agencies' notes shows, in a real browser, the sentence
each sign came from, with the words that made it marked."""

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import accessibility_violations, screenshot, sign_in

NOTES = {
    "police": ("E1", "2026-01-05T22:10", "police.crime_witness",
               "Officers attended the park. Amira was found with two older males, intoxicated."),
    "school": ("S1", "2026-01-14T10:00", "school.attendance_concern", "Late again. She has a new phone she won't explain."),
    "health": ("H1", "2026-01-25T02:00", "health.ae_attendance", "Brought in by ambulance. Smelled strongly of alcohol."),
}


@pytest.fixture
def child(transactional_db, users, make_record, tmp_path, agencies):
    from joinedup.imports.services import import_file
    from joinedup.prompts.services import evaluate_people

    records = {code: make_record(code, "R1", "Amira", "Khan", born=date(2011, 6, 1), nhs_number="4857773456")
               for code in NOTES}
    for code, (event_id, when, event_type, note) in NOTES.items():
        path = tmp_path / f"{code}.csv"
        path.write_text(f'event_id,record_ids,occurred_at,event_type,note\n{event_id},R1,{when},{event_type},"{note}"\n')
        import_file(path, agency=agencies[code])
    person = records["school"].person
    assert evaluate_people([person.pk], as_of=date(2026, 2, 1))
    return person


def test_a_prompt_shows_the_sentence_each_sign_came_from(page, child):
    sign_in(page, "mash")
    page.get_by_role("link", name="Prompts").first.click()
    page.get_by_role("link", name="Exploitation warning signs across agencies").click()
    expect(page.get_by_role("columnheader", name="What was written")).to_be_visible()
    quote = page.locator("blockquote.written-sign", has_text="Amira was found with two older males")
    expect(quote).to_be_visible()
    expect(quote.locator("mark").first).to_have_text("found with two older males")
    expect(page.locator("blockquote.written-sign mark", has_text="phone she won't explain")).to_be_visible()
    expect(page.get_by_text("Read as: drunk, high, given or using alcohol or drugs").first).to_be_visible()
    assert accessibility_violations(page) == []
    screenshot(page, "prompt-signs-sentences")
