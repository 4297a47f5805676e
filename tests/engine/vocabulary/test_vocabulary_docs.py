"""docs/vocabulary.md is exactly what render_markdown() produces."""

from __future__ import annotations

import ast
from pathlib import Path

from engine.vocabulary import render_markdown

REPO_ROOT = Path(__file__).resolve().parents[3]


def test_committed_doc_equals_the_render():
    committed = (REPO_ROOT / "docs" / "vocabulary.md").read_text(encoding="utf-8")
    assert committed == render_markdown(), (
        "docs/vocabulary.md is stale: run .venv/bin/python -m engine.vocabulary "
        "> docs/vocabulary.md")


def test_the_doc_has_a_table_per_domain_and_every_code(voc):
    doc = render_markdown(voc)
    for title in ("Children's social care", "Education", "Health", "Police", "Youth services",
                  "Appointments (any agency)", "The child's voice", "Household", "Any agency"):
        assert f"### {title}" in doc
    for code in [*voc.event_types, *voc.association_types]:
        assert f"`{code}`" in doc


def test_the_vocabulary_package_never_imports_django():
    package = REPO_ROOT / "engine" / "vocabulary"
    for path in package.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not any(n.split(".")[0] in ("django", "joinedup") for n in names), path.name
