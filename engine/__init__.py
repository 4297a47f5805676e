"""JoinedUp engine: pure-Python domain logic (vocabulary, ingest, synthetic data).

The engine never imports Django or any platform code; the platform passes it plain dicts
and dataclasses. A test (tests/engine/test_purity.py) fails if that ever changes.
"""
