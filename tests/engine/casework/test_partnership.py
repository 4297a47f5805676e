"""The partnership's casework configuration: continuum of need and escalation stages, replaceable per deployment."""

import pytest

from engine.casework import PartnershipError, load_partnership
from engine.casework.partnership import build_partnership


def test_four_levels_of_need_and_four_escalation_stages_by_default():
    partnership = load_partnership()
    assert [n.code for n in partnership.continuum_of_need] == ["universal", "early_help", "targeted", "specialist"]
    assert all(n.name and n.description for n in partnership.continuum_of_need)
    assert [s.code for s in partnership.escalation_stages] == ["practitioner", "manager", "senior_manager",
                                                               "partnership"]
    assert partnership.next_stage("manager").code == "senior_manager"
    assert partnership.next_stage("partnership") is None


def test_a_deployment_supplies_its_own_file(tmp_path, monkeypatch):
    own = tmp_path / "partnership.yaml"
    own.write_text("""
continuum_of_need:
  - {code: one, name: Level 1, description: Universal services}
  - {code: two, name: Level 2, description: Early help}
escalation_stages:
  - {code: frontline, name: Practitioners, working_days: 1}
  - {code: heads, name: Heads of service, working_days: 5}
""")
    monkeypatch.setenv("JOINEDUP_PARTNERSHIP_FILE", str(own))
    load_partnership.cache_clear()
    try:
        partnership = load_partnership()
        assert [s.working_days for s in partnership.escalation_stages] == [1, 5]
        assert partnership.need_level("two").name == "Level 2"
    finally:
        load_partnership.cache_clear()


@pytest.mark.parametrize("doc, message", [
    ({"continuum_of_need": [], "escalation_stages": [{"code": "a", "name": "A", "working_days": 1}]},
     "continuum_of_need: expected a non-empty list"),
    ({"continuum_of_need": [{"code": "a", "name": "A", "description": "d"}],
      "escalation_stages": [{"code": "a", "name": "A", "working_days": 0}]}, "working_days must be"),
    ({"continuum_of_need": [{"code": "a", "name": "A"}],
      "escalation_stages": [{"code": "a", "name": "A", "working_days": 2}]}, "needs code, name, description"),
    ({"continuum_of_need": [{"code": "a", "name": "A", "description": "d"}],
      "escalation_stages": [{"code": "a", "name": "A", "working_days": 2}], "risk_rating": "high"}, "risk_rating"),
])
def test_an_invalid_file_is_refused_with_the_problem_named(doc, message):
    with pytest.raises(PartnershipError, match=message):
        build_partnership(doc)
