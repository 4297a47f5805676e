"""python -m engine.signs > docs/signs.md"""

import sys

from .rules import render_markdown

sys.stdout.write(render_markdown())
