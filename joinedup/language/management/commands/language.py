"""`joinedup language check FILE`: check a text file's wording, one finding per line."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from joinedup.language.services import check_note


class Command(BaseCommand):
    help = "Check a file (or - for standard input) for wording the language guidance warns against."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["check"])
        parser.add_argument("file")
        parser.add_argument("--child-age", type=int, help="the age of the child the text is about")

    def handle(self, *args, **options):
        if options["file"] == "-":
            import sys

            text = sys.stdin.read()
        else:
            path = Path(options["file"])
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
            text = path.read_text(encoding="utf-8")
        findings = check_note(text, child_age=options["child_age"])
        starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
        for finding in findings:
            line = max(n for n, start in enumerate(starts, start=1) if start <= finding["start"])
            column = finding["start"] - starts[line - 1] + 1
            self.stdout.write(f"{options['file']}:{line}:{column}: “{finding['matched_text']}” – {finding['why']}")
            if finding["alternatives"]:
                self.stdout.write("    instead: " + "; ".join(finding["alternatives"]))
        self.stdout.write(f"{len(findings)} phrase(s) flagged")
