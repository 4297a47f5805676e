"""Print docs/language-rules.md: `.venv/bin/python -m engine.language > docs/language-rules.md`."""

import sys

from .rules import render_markdown

sys.stdout.write(render_markdown())
