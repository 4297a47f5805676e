"""`joinedup import_partnership DIR`: import every agency's files from a partnership directory."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from engine.ingest import FileError
from joinedup.imports.partnership import import_partnership
from joinedup.imports.progress import import_progress
from joinedup.imports.services import ImportRejected


class Command(BaseCommand):
    help = "Import agencies.yaml and every agency's files from a directory written by `joinedup synth`."

    def add_arguments(self, parser):
        parser.add_argument("directory")

    def handle(self, *args, **options):
        directory = Path(options["directory"])
        if not (directory / "agencies.yaml").is_file():
            raise CommandError(f"{directory} has no agencies.yaml")
        show = sys.stderr.isatty()
        try:
            reports = import_partnership(directory, (lambda p: import_progress(p, show)))
        except (FileError, ImportRejected) as exc:
            raise CommandError(str(exc)) from None
        for report in reports:
            self.stdout.write(report.summary())
