"""`python -m engine.prompts` prints docs/prompts.md (the rendered prompt catalogue)."""

from engine.prompts.render import render_markdown

print(render_markdown(), end="")
