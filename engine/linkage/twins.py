"""Twins and siblings never merge: pairs of records decided automatically as two different children.

Two kinds of evidence are strong enough to decide without a person (issue 17, item 2):

- **Twins and siblings.** The same date of birth, the same surname and the same home (the same address
  line, or the same postcode unit with the same house and flat numbers), but forenames that are not
  variants of one name. Variants are: names sharing a nickname group (`data/nicknames.yaml`), names
  that sound alike (the same Metaphone code: Mohammed / Muhammad), close spellings (Jaro-Winkler at
  least 0.85, the engine's lowest forename level: Lily / Lilly), one name the start of the other
  (Chris / Christopher), or one record's forename among the other's middle names (Sarah Louise /
  Louise). Anything else the same child could be called, the tables do not know; it stays apart, which
  costs a missed link, never a merged child.
- **Different identifiers of one kind.** Two NHS numbers that both pass the modulus-11 check, or two
  permanent UPNs that both carry a correct DfE check letter. An identifier that fails its check may be a
  typing error of the other and is left to the ordinary conflict (review).

The clustering (`clusters.cluster`, `clusters.cluster_table`) asks `Apart.reason` before every merge, for
the two whole clusters, so no chain of links can put two such records in one person either; and such a
pair is not sent to review. A reviewer's must-link still joins them (a person has looked).

Measured on `bench/linkage.py --set twins` (docs/benchmarks.md): twins in one person 7 → 0, review
10.1 % → 4.7 % of persons, at a cost in recall where one agency records a name the tables do not know
(a middle name used as the first name with no middle name recorded, an unlisted nickname).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import jellyfish

from engine.ingest.values import nhs_number_is_valid
from engine.linkage.nicknames import canonical_forenames

__all__ = ["DIFFERENT", "Apart", "different_children", "forenames_may_be_one", "same_home", "upn_is_valid", "valid_identifier"]

DIFFERENT = "different children"  # every reason this module gives starts with it
SPELLING_SIMILARITY = 0.85
_UPN_CHECK = "ABCDEFGHJKLMNPQRTUVWXYZ"
_PERMANENT_UPN = re.compile(r"^[A-Z][0-9]{12}$")
_NUMBER = re.compile(r"^[0-9]+[a-z]?$")


def upn_is_valid(upn: str | None) -> bool:
    """A permanent UPN (a letter then 12 digits) whose check letter is right: characters 2-13 weighted
    2..13, the sum modulo 23 indexing A-Z without I, O and S (DfE, Unique pupil numbers guidance)."""
    if not upn or not _PERMANENT_UPN.match(upn):
        return False
    total = sum(int(c) * w for c, w in zip(upn[1:], range(2, 14), strict=True))
    return _UPN_CHECK[total % 23] == upn[0]


def forenames_may_be_one(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Whether two records' forenames could name one child (see the module docstring)."""
    fa, fb = a.get("forename"), b.get("forename")
    if not fa or not fb or fa == fb:
        return True
    if canonical_forenames(fa) & canonical_forenames(fb):
        return True
    if fa.startswith(fb) or fb.startswith(fa):
        return True
    if jellyfish.metaphone(fa) == jellyfish.metaphone(fb):
        return True
    if jellyfish.jaro_winkler_similarity(fa, fb) >= SPELLING_SIMILARITY:
        return True
    middle_a = set((a.get("middle_names") or "").split())
    middle_b = set((b.get("middle_names") or "").split())
    return fa in middle_b or fb in middle_a


def _numbers(address: str | None) -> frozenset[str]:
    return frozenset(t for t in (address or "").split() if _NUMBER.match(t))


def same_home(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """The same address line, or the same postcode unit with the same house and flat numbers."""
    if a.get("address") and a.get("address") == b.get("address"):
        return True
    if not a.get("postcode") or a.get("postcode") != b.get("postcode"):
        return False
    numbers = _numbers(a.get("address"))
    return bool(numbers) and numbers == _numbers(b.get("address"))


def different_children(a: Mapping[str, Any], b: Mapping[str, Any]) -> str | None:
    """Why records `a` and `b` are two different children (twins or siblings), or None."""
    if not a.get("dob") or a.get("dob") != b.get("dob"):
        return None
    if not a.get("surname_std") or a.get("surname_std") != b.get("surname_std"):
        return None
    if forenames_may_be_one(a, b) or not same_home(a, b):
        return None
    return (f"{DIFFERENT}: twins or siblings (same date of birth, surname and home; forenames "
            f"{a['forename']} and {b['forename']} are not one name)")


def valid_identifier(kind: str, value: str | None) -> bool:
    """Whether an NHS number ("nhs_number") or UPN ("upn") passes its check, so it can prove a difference."""
    if not value:
        return False
    return nhs_number_is_valid(value) if kind == "nhs_number" else upn_is_valid(value)


def _valid_nhs(record: Mapping[str, Any]) -> str | None:
    value = record.get("nhs_number")
    return value if value and nhs_number_is_valid(value) else None


def _valid_upn(record: Mapping[str, Any]) -> str | None:
    value = record.get("upn")
    return value if upn_is_valid(value) else None


def _could_be_twin(record: Mapping[str, Any]) -> bool:
    return bool(record.get("dob") and record.get("surname_std") and record.get("forename")
                and (record.get("address") or record.get("postcode")))


def _forenames(records) -> set[str]:
    return {r["forename"] for r in records}


def _names(records) -> set[str]:
    return {name for r in records for name in (r["forename"], *(r.get("middle_names") or "").split())}


class Apart:
    """What each cluster holds that can prove another cluster a different child, kept as clusters merge.

    Clusters are named by their union-find roots (any hashable). Records are indexed by date of birth
    and surname, so `reason` compares only the few records that could be twins of each other.
    """

    def __init__(self) -> None:
        self.by_birth: dict[Any, dict[tuple, list[Mapping[str, Any]]]] = {}
        self.nhs: dict[Any, set[str]] = {}
        self.upn: dict[Any, set[str]] = {}

    def add(self, node: Any, record: Mapping[str, Any], identifiers: bool = True) -> None:
        """Index one record; without `identifiers` only as a possible twin (the caller checks identifiers)."""
        if _could_be_twin(record):
            self.by_birth[node] = {(record["dob"], record["surname_std"]): [record]}
        if not identifiers:
            return
        nhs, upn = _valid_nhs(record), _valid_upn(record)
        if nhs:
            self.nhs[node] = {nhs}
        if upn:
            self.upn[node] = {upn}

    def reason(self, ra: Any, rb: Any, shared_identifier: bool = False) -> str | None:
        """Why clusters `ra` and `rb` are different children, or None.

        Twins or siblings: some pair of their records, born the same day with the same surname, is
        `different_children`, and no forename of one cluster is a forename or middle name held in the
        other (a chosen name beside the full name held elsewhere leaves the decision to the model).
        Clusters sharing an NHS number or UPN (`shared_identifier`, or held here) are one child by that
        identifier and never twins. Twins whose names share a nickname (Alexandra and Alison, both "Ali")
        cannot be told apart by name: an "Ali" record may join either.
        """
        for held, kind in ((self.nhs, "NHS numbers"), (self.upn, "UPNs")):
            mine, theirs = held.get(ra), held.get(rb)
            if mine and theirs:
                if not mine & theirs:
                    return f"{DIFFERENT}: different {kind}, both valid"
                shared_identifier = True
        mine, theirs = self.by_birth.get(ra), self.by_birth.get(rb)
        if shared_identifier or not mine or not theirs:
            return None
        if len(mine) > len(theirs):
            mine, theirs = theirs, mine
        found = None
        for key, records in mine.items():
            others = theirs.get(key, ())
            if others and (_forenames(records) & _names(others) or _forenames(others) & _names(records)):
                return None  # one cluster's forename is a forename or middle name held in the other
            for x in records:
                for y in others:
                    found = found or different_children(x, y)
        return found

    def union(self, ra: Any, rb: Any) -> None:
        """`rb` has been merged into `ra`."""
        for held in (self.nhs, self.upn):
            if rb in held:
                held.setdefault(ra, set()).update(held.pop(rb))
        if rb in self.by_birth:
            into = self.by_birth.setdefault(ra, {})
            for key, records in self.by_birth.pop(rb).items():
                into.setdefault(key, []).extend(records)
