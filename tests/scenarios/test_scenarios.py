"""Seed scenarios replayed event by event: every expected moment must be prompted on or before its event.

Each case is replayed once (module-scoped, in a transaction rolled back afterwards) by tests/scenarios/replay.py;
one test per expected moment. The moments that are late or missed today are listed in KNOWN_MISSES with the
class of miss: they are strict xfails, so a change that fixes one makes this suite fail until it is removed
from the list, and a change that breaks any other moment fails it too.
"""

import tempfile
from pathlib import Path

import pytest
import yaml

from engine.context.rules import load_rules
from engine.prompts.catalogue import load_catalogue

from .replay import CASE_NAMES, THEMES, replay_case
from .timeline import CASES

# The replay needs the test database (created for the suite's django_db tests); each test reads only the replay.
pytestmark = pytest.mark.django_db

# moment id -> the class of miss (issue 14). Remove a line when the moment is prompted on time.
KNOWN_MISSES = {
}

MOMENTS = [(case, moment["id"]) for case in CASE_NAMES
           for moment in yaml.safe_load((CASES / case / "expected.yaml").read_text())["moments"]]


@pytest.fixture(scope="module")
def replayed(django_db_setup, django_db_blocker):
    """Replay each case on first use, each in its own transaction rolled back afterwards (the same database,
    empty again for the next case)."""
    from django.db import transaction

    done = {}
    folder = Path(tempfile.mkdtemp(prefix="joinedup-scenarios-"))

    def get(case: str):
        if case not in done:
            with django_db_blocker.unblock(), transaction.atomic():
                done[case] = replay_case(case, folder / case)
                transaction.set_rollback(True)
        return done[case]

    return get


def _param(case: str, moment_id: str):
    marks = [pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[moment_id])] if moment_id in KNOWN_MISSES else []
    return pytest.param(case, moment_id, id=f"{case}-{moment_id}", marks=marks)


@pytest.mark.parametrize(("case", "moment_id"), [_param(*m) for m in MOMENTS])
def test_moment_is_prompted_on_time(replayed, case, moment_id):
    result = next(m for m in replayed(case).moments if m.id == moment_id)
    assert result.status == "on_time", f"{moment_id} {result.status}: {result.reason} ({result.theme})"


@pytest.mark.parametrize("case", CASE_NAMES)
def test_every_row_of_every_file_is_imported_or_adapted(replayed, case):
    assert replayed(case).not_imported == []


def test_every_moment_has_its_rules_named_with_a_reason():
    known = {r.id for r in load_catalogue().rules} | {r.id for r in load_rules().rules}
    assert set(THEMES) == set(CASE_NAMES)
    for case, moment_id in MOMENTS:
        theme = THEMES[case][moment_id]
        assert theme["why"].strip(), moment_id
        assert set(theme["rules"]) <= known, f"{moment_id}: unknown rules {set(theme['rules']) - known}"
    assert {m for _, m in MOMENTS} == {m for case in THEMES.values() for m in case}
    assert set(KNOWN_MISSES) <= {m for _, m in MOMENTS}
