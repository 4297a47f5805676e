"""The partnership's casework configuration: continuum of need and escalation stages (partnership.yaml)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from engine.prompts.catalogue import score_like

__all__ = ["EscalationStage", "NeedLevel", "Partnership", "PartnershipError", "load_partnership"]

PARTNERSHIP_PATH = Path(__file__).resolve().parent / "partnership.yaml"


class PartnershipError(ValueError):
    """The partnership file is not valid; the message lists every problem."""


@dataclass(frozen=True)
class NeedLevel:
    code: str
    name: str
    description: str


@dataclass(frozen=True)
class EscalationStage:
    code: str
    name: str
    working_days: int


@dataclass(frozen=True)
class Partnership:
    continuum_of_need: tuple[NeedLevel, ...]
    escalation_stages: tuple[EscalationStage, ...]
    extra: dict

    def need_level(self, code: str) -> NeedLevel:
        return next(level for level in self.continuum_of_need if level.code == code)

    def stage(self, code: str) -> EscalationStage:
        return next(stage for stage in self.escalation_stages if stage.code == code)

    def next_stage(self, code: str) -> EscalationStage | None:
        codes = [s.code for s in self.escalation_stages]
        i = codes.index(code) + 1
        return self.escalation_stages[i] if i < len(codes) else None


def _items(doc: dict, key: str, fields: tuple[str, ...], problems: list[str]) -> list[dict]:
    raw = doc.get(key)
    if not isinstance(raw, list) or not raw:
        problems.append(f"{key}: expected a non-empty list")
        return []
    seen = set()
    for i, item in enumerate(raw):
        if not isinstance(item, dict) or set(fields) - item.keys():
            problems.append(f"{key}[{i}]: needs {', '.join(fields)}")
        elif item["code"] in seen:
            problems.append(f"{key}[{i}]: code {item['code']!r} repeated")
        else:
            seen.add(item["code"])
    return raw


def build_partnership(doc: object) -> Partnership:
    if not isinstance(doc, dict):
        raise PartnershipError("partnership file: expected a mapping")
    problems = score_like({k: v for k, v in doc.items() if k != "continuum_of_need"})
    needs = _items(doc, "continuum_of_need", ("code", "name", "description"), problems)
    stages = _items(doc, "escalation_stages", ("code", "name", "working_days"), problems)
    for i, stage in enumerate(stages):
        if isinstance(stage, dict) and not (isinstance(stage.get("working_days"), int) and stage["working_days"] > 0):
            problems.append(f"escalation_stages[{i}]: working_days must be a whole number above 0")
    if problems:
        raise PartnershipError("partnership file is not valid:\n" + "\n".join(problems))
    return Partnership(
        tuple(NeedLevel(str(n["code"]), n["name"], n["description"]) for n in needs),
        tuple(EscalationStage(str(s["code"]), s["name"], s["working_days"]) for s in stages),
        {k: v for k, v in doc.items() if k not in ("version", "continuum_of_need", "escalation_stages")},
    )


@cache
def load_partnership(path: str | None = None) -> Partnership:
    """The partnership's configuration: JOINEDUP_PARTNERSHIP_FILE if set, else the shipped default."""
    chosen = Path(path or os.environ.get("JOINEDUP_PARTNERSHIP_FILE") or PARTNERSHIP_PATH)
    with chosen.open(encoding="utf-8") as handle:
        return build_partnership(yaml.safe_load(handle))
