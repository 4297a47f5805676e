"""Seed scenarios replayed event by event: every expected moment must be prompted on or before its event.

Each case is replayed once (module-scoped, in a transaction rolled back afterwards) by tests/scenarios/replay.py;
one test per expected moment. The moments that are late or missed today are listed in KNOWN_MISSES with the
class of miss: they are strict xfails, so a change that fixes one makes this suite fail until it is removed
from the list, and a change that breaks any other moment fails it too.
"""

import fcntl
import pickle
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
    # child_l (002)
    "CL-03": "timescale only: a disclosure of abuse is prompted when 2 working days pass, not when it is made",
    "CL-04": "self-harm logged by a school as a concern is not a self-harm sign, so the overdose is a first",
    "CL-08": "no rule: a contextual meeting's victim-blaming conclusion (language flag only)",
    "CL-09": "no rule: drift on a child protection plan, written in a conference note",
    "CL-10": "no rule: parental substance misuse known to an adult service, for an older child",
    # triennial_infant (000)
    "TI-01": "unborn child: missed antenatal care has no child with a date of birth to prompt about",
    "TI-02": "no rule: domestic abuse against a pregnant woman",
    "TI-03": "another agency's decision about an unborn child: no child with a date of birth to prompt about",
    "TI-05": "two missed appointments followed by discharge (the discharge is in the note, no closure event)",
    "TI-08": "threshold: a second domestic abuse incident in the household (P14 needs 3)",
    "TI-10": "no rule: an adult of concern known to probation joins a household with a baby",
    # triennial_nas_baby (000)
    "TN-03": "two missed appointments followed by discharge (an adult service; no closure event)",
    "TN-04": "a parent intoxicated with a baby, recorded as a concern, is not a parental-risk sign",
    "TN-05": "another agency's decision: no further action on a parent's assurances (P40 not raised for this child)",
    # triennial_neglect_wnb (000)
    "NW-03": "two missed appointments followed by discharge (the discharge is in a was-not-brought note)",
    "NW-06": "a step-down to consent-based early help is not a closure sign",
    "NW-07": "a re-referral recorded as a contact answered with advice is not a referral (P30)",
    # triennial_sexual_health (000)
    "TS-03": "no rule: an escalation not upheld",
    # triennial_teen (000)
    "TT-01": "separation written in a domestic abuse note (no separation event); the contact answered P21",
    "TT-02": "threshold: one agency's concern not referred (P22 needs two agencies)",
    "TT-03": "self-harm disclosed at school is not a self-harm sign",
    "TT-05": "threshold: two missing episodes (P01 needs 3)",
    "TT-06": "P20 needs a child known to children's social care (early help only)",
    "TT-08": "homelessness written in a youth concern is not a homelessness event",
    "TT-10": "no rule: a 16-year-old placed in semi-independent accommodation",
    # west_sussex (003)
    "WS-02": "threshold: two children at one flat (C01 needs 3)",
    "WS-03": "another agency's decision resting on 'choice' and 'active participants'",
    "WS-05": "warning signs spread over one agency's records (P12 needs two agencies)",
    "WS-08": "no rule: an escalation not upheld",
    "WS-10": "intelligence about a place naming no person: context referrals do not count toward place prompts",
    # young_person_j (001)
    "YJ-02": "timescale only: an exploitation concern logged and not referred is prompted after 28 days",
    "YJ-06": "a new sexual-activity record inside a running P11 episode raises nothing new",
    "YJ-07": "linkage: the child's second police record (variant name, transposed date of birth) is not linked",
    "YJ-08": "linkage: the youth service's record (nickname, no identifier) is not linked to the child",
    "YJ-09": "another agency's decision: closed at 16 as 'her choice'",
    "YJ-10": "threshold: a second child at the flat (C01 needs 3)",
}

MOMENTS = [(case, moment["id"]) for case in CASE_NAMES
           for moment in yaml.safe_load((CASES / case / "expected.yaml").read_text())["moments"]]


@pytest.fixture(scope="module")
def replayed(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """Replay each case on first use, in a transaction rolled back afterwards (the database is empty again for
    the next case). Under xdist (`make test` runs -n 2) the workers share one replay per case: the first to
    need it replays it under a file lock and leaves the result for the other."""
    from django.db import transaction

    done = {}
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if hasattr(request.config, "workerinput") else base

    def get(case: str):
        if case not in done:
            with open(shared / f"scenario-{case}.lock", "w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                kept = shared / f"scenario-{case}.pickle"
                if kept.exists():
                    done[case] = pickle.loads(kept.read_bytes())
                else:
                    with django_db_blocker.unblock(), transaction.atomic():
                        done[case] = replay_case(case, Path(tempfile.mkdtemp(prefix=f"scenario-{case}-", dir=base)))
                        transaction.set_rollback(True)
                    kept.write_bytes(pickle.dumps(done[case]))
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
