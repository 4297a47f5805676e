"""Read events.yaml and associations.yaml once and return the validated Vocabulary."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from .build import build_vocabulary
from .model import Vocabulary

HERE = Path(__file__).resolve().parent
EVENTS_PATH = HERE / "events.yaml"
ASSOCIATIONS_PATH = HERE / "associations.yaml"
DERIVED_PATH = HERE / "derived.yaml"


def read_yaml(path: Path) -> object:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@cache
def load_vocabulary() -> Vocabulary:
    """The vocabulary (with the derived types of derived.yaml), parsed and validated on first call, then cached.

    Raises VocabularyError (naming each code and its problem) if the files are invalid.
    """
    return build_vocabulary(read_yaml(EVENTS_PATH), read_yaml(ASSOCIATIONS_PATH), read_yaml(DERIVED_PATH))
