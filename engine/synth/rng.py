"""Deterministic, independent random streams derived from one seed."""

from __future__ import annotations

import hashlib
import random


def stream(seed: int, *names: object) -> random.Random:
    """A `random.Random` for one independent stream, e.g. stream(42, "household", 17)."""
    key = ":".join(str(n) for n in (seed, *names)).encode()
    return random.Random(int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big"))


def poisson(rng: random.Random, lam: float) -> int:
    """Small-lambda Poisson draw (Knuth); lam is expected to be below ~30."""
    if lam <= 0:
        return 0
    limit = 2.718281828459045 ** -lam
    k, p = 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def weighted(rng: random.Random, table: dict) -> object:
    """Pick a key of `table` with probability proportional to its value."""
    total = sum(table.values())
    x = rng.random() * total
    for key, w in table.items():
        x -= w
        if x < 0:
            return key
    return key
