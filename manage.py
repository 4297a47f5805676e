#!/usr/bin/env python
"""Django's manage.py; `joinedup` (joinedup/cli.py) is the same thing under the project's name."""

from joinedup.cli import main

if __name__ == "__main__":
    main()
