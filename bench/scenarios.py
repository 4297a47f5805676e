"""Seed scenarios replayed event by event: moments prompted on time, late or missed, per case and overall.

`python bench/scenarios.py [case ...] [--set-based] [--every-day]` is `python -m tests.scenarios.replay`
(tests/scenarios/replay.py; a fresh SQLite database in a temporary folder). Figures: docs/benchmarks.md.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.scenarios.replay import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
