"""`joinedup import PATH --agency CODE`: import one agency file."""

import gc
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from engine.ingest import KINDS, FileError
from joinedup.agencies.models import Agency
from joinedup.imports.progress import import_progress
from joinedup.imports.services import ImportRejected, import_file


class Command(BaseCommand):
    help = "Import a CSV, JSON Lines, FHIR R4 Bundle or SSDA903 file from one agency (see docs/import-formats.md)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--agency", required=True, help="the agency code, e.g. police")
        parser.add_argument("--kind", choices=KINDS, help="what the file holds (detected from its columns if omitted)")
        parser.add_argument("--skip-invalid", action="store_true", help="import the valid rows; write rejects to a file")
        parser.add_argument("--rejects", help="where to write rejected rows (default: PATH.rejects.csv)")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        gc.freeze()  # a one-off batch process: keep the collector from rescanning Django's objects per chunk
        try:
            agency = Agency.objects.get(code=options["agency"])
        except Agency.DoesNotExist:
            codes = ", ".join(Agency.objects.values_list("code", flat=True)) or "none yet"
            raise CommandError(f"no agency with code {options['agency']!r} (known: {codes})") from None
        path = Path(options["path"])
        show = not options["no_progress"] and sys.stderr.isatty()
        try:
            with import_progress(path, enabled=show) as progress:
                reports = import_file(path, agency=agency, kind=options["kind"], skip_invalid=options["skip_invalid"],
                                      rejects_path=options["rejects"], progress=progress)
        except FileError as exc:
            raise CommandError(str(exc)) from None
        except ImportRejected as exc:
            raise CommandError(str(exc)) from None
        for report in reports:
            self.stdout.write(report.summary())
            if report.rejected:
                self.stdout.write(f"  rejected rows written to {report.rejects_path}")
