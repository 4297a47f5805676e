"""Prompts are evaluated as an agency's events land: only the children the import touched, before it commits."""

from datetime import date

import pytest

from joinedup.imports.services import import_file
from joinedup.prompts.models import Prompt

PEOPLE = ("record_id,person_type,forename,surname,date_of_birth,sex,nhs_number\n"
          "P1,child,Caitlin,Smith,2012-04-03,F,9434765919\n"
          "P2,child,Leo,Marsh,2011-02-02,M,\n")
MISSING = ("event_id,record_ids,occurred_at,event_type,note\n"
           "M1,P1,2026-01-05T22:10,police.missing_report,Reported missing by her carer.\n"
           "M2,P1,2026-02-01T23:00,police.missing_report,Reported missing by her carer.\n")
THIRD = ("event_id,record_ids,occurred_at,event_type,note\n"
         "M3,P1,2026-03-02T21:40,police.missing_report,Reported missing by her carer.\n")


@pytest.fixture
def live(tmp_path, agencies):
    """A partnership whose records have been linked once (a linkage model exists)."""
    from joinedup.linkage.models import LinkageModel

    LinkageModel.objects.create(splink_version="5.0.0", duckdb_version="2.0.0", seed=1, model={"comparisons": []})
    (tmp_path / "people.csv").write_text(PEOPLE)
    import_file(tmp_path / "people.csv", agency=agencies["police"])
    return tmp_path


def test_the_event_that_completes_a_pattern_raises_its_prompt_as_it_is_imported(live, agencies):
    (live / "missing.csv").write_text(MISSING)
    import_file(live / "missing.csv", agency=agencies["police"])
    assert not Prompt.objects.filter(rule_id="P01").exists()
    (live / "third.csv").write_text(THIRD)
    import_file(live / "third.csv", agency=agencies["police"])
    prompt = Prompt.objects.get(rule_id="P01")
    assert prompt.person.display_name.startswith("Caitlin") and prompt.moment == date(2026, 3, 2)
    assert prompt.events.count() == 3
    # Importing the same file again changes nothing and raises nothing more.
    import_file(live / "third.csv", agency=agencies["police"])
    assert Prompt.objects.filter(rule_id="P01").count() == 1


def test_before_the_first_link_imports_leave_evaluation_to_the_bulk_run(tmp_path, agencies):
    (tmp_path / "people.csv").write_text(PEOPLE)
    import_file(tmp_path / "people.csv", agency=agencies["police"])
    (tmp_path / "events.csv").write_text(MISSING + THIRD.split("\n", 1)[1])
    import_file(tmp_path / "events.csv", agency=agencies["police"])
    assert not Prompt.objects.exists()
