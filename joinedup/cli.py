"""The `joinedup` command: Django's management commands under the project's own name.

`joinedup import PATH --agency CODE`, `joinedup synth ...`, `joinedup demo`, `joinedup migrate`, ...
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["joinedup", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
