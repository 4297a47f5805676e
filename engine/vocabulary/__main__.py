"""`python -m engine.vocabulary` prints docs/vocabulary.md (the rendered vocabulary)."""

from engine.vocabulary.render import render_markdown

print(render_markdown(), end="")
