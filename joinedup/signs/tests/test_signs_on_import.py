"""Signs are read from each event's note as it is imported, kept with the event, and reach the prompt
catalogue: warning signs written by three agencies raise the exploitation prompt (P12), whose page shows
the sentences they came from."""

import re
from datetime import date

import pytest

from joinedup.imports.services import import_file
from joinedup.prompts.models import Prompt
from joinedup.prompts.services import evaluate_everyone, inputs
from joinedup.signs.models import TextSign

NHS = "9434765919"
PEOPLE = ("record_id,person_type,forename,surname,date_of_birth,sex,nhs_number\n"
          f"{{rid}},child,Caitlin,Smith,2012-04-03,F,{NHS}\n")
POLICE = ("event_id,record_ids,occurred_at,event_type,note\n"
          "E1,R1,2026-01-05T22:10,police.crime_witness,"
          "\"Officers attended the park. Caitlin was found with two older males, intoxicated.\"\n")
SCHOOL = ("event_id,record_ids,occurred_at,event_type,note\n"
          "S1,R1,2026-01-14T10:00,school.attendance_concern,\"Late again. She has a new phone she won't explain.\"\n")
HEALTH = ("event_id,record_ids,occurred_at,event_type,note\n"
          "H1,R1,2026-01-25T02:00,health.ae_attendance,"
          "\"Brought in by ambulance. No injuries seen. Smelled strongly of alcohol.\"\n")
CLEAN = ("event_id,record_ids,occurred_at,event_type,note\n"
         "H1,R1,2026-01-25T02:00,health.ae_attendance,\"Seen with mother. No injuries seen; denies drinking.\"\n")


@pytest.fixture
def live(tmp_path, agencies):
    from joinedup.linkage.models import LinkageModel

    LinkageModel.objects.create(splink_version="5.0.0", duckdb_version="2.0.0", seed=1, model={"comparisons": []})
    for code in ("police", "school", "health"):
        (tmp_path / f"people-{code}.csv").write_text(PEOPLE.format(rid="R1"))
        import_file(tmp_path / f"people-{code}.csv", agency=agencies[code])
    return tmp_path


def _import(folder, agencies, code, text):
    path = folder / f"events-{code}.csv"
    path.write_text(text)
    return import_file(path, agency=agencies[code])


def test_signs_are_read_and_kept_with_the_event_as_it_is_imported(live, agencies):
    _import(live, agencies, "police", POLICE)
    signs = list(TextSign.objects.order_by("start"))
    assert [(s.category, s.about, s.certainty) for s in signs] == [
        ("older_associates", "child", "asserted"), ("intoxication", "child", "asserted")]
    sign = signs[0]
    assert sign.event.source_id == "E1" and sign.agency == agencies["police"]
    assert sign.written_on == date(2026, 1, 5) and sign.source == "event"
    assert sign.sentence == "Caitlin was found with two older males, intoxicated."
    assert sign.event.note[sign.start:sign.end] == sign.matched_text
    # importing the same file again reads nothing more
    _import(live, agencies, "police", POLICE)
    assert TextSign.objects.count() == 2


def test_a_corrected_note_is_read_again(live, agencies):
    _import(live, agencies, "health", HEALTH)
    assert list(TextSign.objects.values_list("category", flat=True)) == ["intoxication"]
    _import(live, agencies, "health", CLEAN)
    assert not TextSign.objects.exists()  # "No injuries seen; denies drinking": negated, not signs


def test_signs_written_by_three_agencies_raise_the_exploitation_prompt_with_their_sentences(live, agencies, client,
                                                                                          make_user):
    _import(live, agencies, "police", POLICE)
    _import(live, agencies, "school", SCHOOL)
    assert not Prompt.objects.filter(rule_id="P12").exists()
    _import(live, agencies, "health", HEALTH)
    prompt = Prompt.objects.get(rule_id="P12")
    assert prompt.moment == date(2026, 1, 25)
    assert sorted(prompt.events.values_list("source_id", flat=True)) == ["E1", "H1", "S1"]
    # the bulk evaluator, reading the same stored signs, finds the same prompt
    person = prompt.person
    child, rows = inputs([person])[person.pk]
    text_rows = sorted((r["event_type"], r["about"]) for r in rows if r["event_type"].startswith("text."))
    assert text_rows == [("text.intoxication", "child"), ("text.intoxication", "child"),
                         ("text.older_associates", "child"), ("text.phone", "child")]
    Prompt.objects.all().delete()
    evaluate_everyone(as_of=date(2026, 2, 1))
    assert Prompt.objects.get(rule_id="P12").moment == date(2026, 1, 25)
    # the prompt page shows the sentence each sign came from
    client.force_login(make_user("mash", "mash_officer", "mash"))
    page = client.get(f"/prompts/{Prompt.objects.get(rule_id='P12').pk}/").content.decode()
    assert "What was written" in page
    quoted = re.findall(r'<blockquote class="written-sign">(.*?)</blockquote>', page)
    assert quoted == ["Caitlin was <mark>found with two older males</mark>, <mark>intoxicated</mark>.",
                      "She has a new <mark>phone she won&#x27;t explain</mark>.",
                      "<mark>Smelled strongly of alcohol</mark>."]
    assert "Read as: spending time with older or adult people; drunk, high, given or using alcohol or drugs" in page


def test_notes_with_no_signs_or_negated_ones_raise_nothing(live, agencies):
    _import(live, agencies, "health", CLEAN)
    _import(live, agencies, "school", SCHOOL.replace("She has a new phone she won't explain.", "Phone call to mum."))
    assert not TextSign.objects.exists() and not Prompt.objects.filter(rule_id="P12").exists()


def test_a_missing_report_is_read_as_about_a_missing_episode(live, agencies):
    text = "Caitlin was found in Leeds with two friends."
    _import(live, agencies, "police", "event_id,record_ids,occurred_at,event_type,note\n"
            f"M1,R1,2026-02-01T23:00,police.missing_report,\"{text}\"\n"
            f"W1,R1,2026-02-02T10:00,police.crime_witness,\"{text}\"\n")
    by_event = {(s.event.source_id, s.category) for s in TextSign.objects.all()}
    assert ("M1", "missing_with_others") in by_event
    assert ("W1", "missing_with_others") not in by_event  # the same words in another record say no more


AGES = ("record_id,person_type,forename,surname,date_of_birth,sex\n"
        "R13,child,Amy,Cole,2012-06-01,F\n"     # 13 on 2026-01-05
        "R18,child,Beth,Dale,2007-06-01,F\n"    # 18 on 2026-01-05
        "ROLD,child,Cara,Ennis,2007-03-01,F\n"  # 13 on 2020-06-01, 19 now
        "RNONE,child,Dana,Ford,,F\n"            # date of birth unknown
        "RADULT,adult,Ed,Cole,1985-02-02,M\n")
AGED_19 = "Amy was seen with a man aged 19 in the town centre."


def _older(source_id):
    return TextSign.objects.filter(event__source_id=source_id, category="older_associates", about="child").exists()


def test_a_stated_adult_age_is_read_against_the_childs_age_when_the_event_occurred(tmp_path, agencies):
    (tmp_path / "people.csv").write_text(AGES)
    import_file(tmp_path / "people.csv", agency=agencies["police"])
    rows = [("A13", "R13", "2026-01-05T22:10"), ("A18", "R18", "2026-01-05T22:10"), ("AOLD", "ROLD", "2020-06-01T22:10"),
            ("ANONE", "RNONE", "2026-01-05T22:10"), ("AMIX", "RADULT;R18", "2026-01-05T22:10"),
            ("AMIX13", "RADULT;R13", "2026-01-05T22:10")]
    _import(tmp_path, agencies, "police", "event_id,record_ids,occurred_at,event_type,note\n" + "".join(
        f"{eid},{rids},{at},police.crime_witness,\"{AGED_19}\"\n" for eid, rids, at in rows))
    assert _older("A13")
    assert not _older("A18")  # a man of 19 is not an older associate of an 18-year-old (age_gap)
    assert _older("AOLD")  # 13 when it happened, 19 today: the age at the event counts
    assert _older("ANONE")  # age unknown: any stated adult age counts as older, as before
    assert not _older("AMIX") and _older("AMIX13")  # the child of the event, not its adult record


def test_a_corrected_note_is_read_against_the_childs_age_when_the_event_occurred(tmp_path, agencies):
    (tmp_path / "people.csv").write_text(AGES)
    import_file(tmp_path / "people.csv", agency=agencies["police"])
    header = "event_id,record_ids,occurred_at,event_type,note\n"
    _import(tmp_path, agencies, "police", header + "C13,R13,2026-01-05T22:10,police.crime_witness,Seen in town.\n"
            "C18,R18,2026-01-05T22:10,police.crime_witness,Seen in town.\n")
    assert not TextSign.objects.exists()
    _import(tmp_path, agencies, "police", header + f"C13,R13,2026-01-05T22:10,police.crime_witness,\"{AGED_19}\"\n"
            f"C18,R18,2026-01-05T22:10,police.crime_witness,\"{AGED_19}\"\n")
    assert _older("C13") and not _older("C18")
