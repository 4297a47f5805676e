"""The forename nickname list ships as data and forms symmetric equivalences."""

from engine.linkage.nicknames import (
    canonical_forenames,
    equivalent_forenames,
    nickname_groups,
    primary_canonical,
)


def test_at_least_150_groups_each_with_a_variant():
    groups = nickname_groups()
    assert len(groups) >= 150
    assert all(len(group) >= 2 for group in groups)


def test_equivalence_is_symmetric_and_reflexive():
    names = {name for group in nickname_groups() for name in group}
    for name in names:
        equivalents = equivalent_forenames(name)
        assert name in equivalents
        for other in equivalents:
            assert name in equivalent_forenames(other), (name, other)


def test_shared_canonical_name_means_equivalent():
    names = {name for group in nickname_groups() for name in group}
    for a in names:
        for b in equivalent_forenames(a):
            assert canonical_forenames(a) & canonical_forenames(b)


def test_common_uk_diminutives():
    assert canonical_forenames("Liz") == {"elizabeth"}
    assert "william" in canonical_forenames("Bill") and "william" in canonical_forenames("Liam")
    assert {"katie", "cathy", "kate"} <= equivalent_forenames("Katherine")
    assert {"alexander", "alexandra"} <= canonical_forenames("Alex")
    assert primary_canonical("Elizabeth") == "elizabeth"
    assert primary_canonical("Zebedee") == "zebedee"
    assert canonical_forenames("") == frozenset()
