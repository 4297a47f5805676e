"""Fictional addresses in Northshire, each with a real-format postcode."""

from __future__ import annotations

import random
from dataclasses import dataclass

from engine.synth import refdata

_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # letters used in inward codes (no C, I, K, M, O, V)
_MAX_NUMBER = 160


@dataclass(frozen=True, slots=True)
class Address:
    line: str  # "12 Linnet Close"
    town: str
    postcode: str

    @property
    def text(self) -> str:
        return f"{self.line}, {self.town}"


class AddressBook:
    """Allocates distinct addresses from a fixed, seed-shuffled street grid (no set of used addresses)."""

    def __init__(self, seed: int) -> None:
        rng = random.Random(seed * 7919 + 11)
        data = refdata.places()
        names = list(data["street_names"])
        suffixes = list(data["street_suffixes"])
        self.streets: list[tuple[str, str, str, int]] = []  # (street, town, district, sector)
        towns = data["towns"]
        combos = [(n, s, t) for n in names for s in suffixes for t in range(len(towns))]
        rng.shuffle(combos)
        for n, s, t in combos:
            town = towns[t]
            district = town["districts"][rng.randrange(len(town["districts"]))]
            self.streets.append((f"{n} {s}", town["name"], district, rng.randrange(1, 10)))
        self.size = len(self.streets) * _MAX_NUMBER
        # A multiplier coprime with size scatters sequential indices over the grid.
        self.step = 7_368_787
        while _gcd(self.step, self.size) != 1:
            self.step += 2
        self.offset = rng.randrange(self.size)
        self.allocated = 0
        self._postcodes: dict[tuple[int, int], str] = {}
        self._rng = rng

    def new(self) -> Address:
        """A fresh address nobody else has been given."""
        k = (self.offset + self.allocated * self.step) % self.size
        self.allocated += 1
        if self.allocated > self.size:
            raise RuntimeError("address grid exhausted; add street names to places.yaml")
        street_idx, number = divmod(k, _MAX_NUMBER)
        return self._address(street_idx, number + 1)

    def _address(self, street_idx: int, number: int) -> Address:
        street, town, district, sector = self.streets[street_idx]
        block = number // 40  # a street has one postcode unit per ~40 house numbers
        pc = self._postcodes.get((street_idx, block))
        if pc is None:
            h = (street_idx * 31 + block * 17) % (len(_INWARD_LETTERS) ** 2)
            unit = _INWARD_LETTERS[h // len(_INWARD_LETTERS)] + _INWARD_LETTERS[h % len(_INWARD_LETTERS)]
            pc = f"{district} {sector}{unit}"
            self._postcodes[(street_idx, block)] = pc
        prefix = f"Flat {number % 6 + 1}, " if number % 13 == 0 else ""
        return Address(f"{prefix}{number} {street}", town, pc)


def _gcd(a: int, b: int) -> int:
    while b:
        a, b = b, a % b
    return a
