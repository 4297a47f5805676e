"""docs/prompts.md is exactly what render_markdown() produces, and says why there is no score."""

from __future__ import annotations

import ast
from pathlib import Path

from engine.prompts import render_markdown

REPO_ROOT = Path(__file__).resolve().parents[3]


def test_committed_doc_equals_the_render():
    committed = (REPO_ROOT / "docs" / "prompts.md").read_text(encoding="utf-8")
    assert committed == render_markdown(), (
        "docs/prompts.md is stale: run .venv/bin/python -m engine.prompts > docs/prompts.md")


def test_the_doc_lists_every_rule_with_its_learning_and_the_no_score_section(cat):
    doc = render_markdown(cat)
    assert "## Why there is no score" in doc
    for r in cat.rules:
        assert f"### {r.id} — {r.title}" in doc
        for c in r.learning:
            assert str(c) in doc


def test_the_prompts_package_never_imports_django():
    for path in (REPO_ROOT / "engine" / "prompts").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        names += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        assert not [n for n in names if n.split(".")[0] in ("django", "joinedup")], path
