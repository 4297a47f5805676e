"""`joinedup audit verify [--anchors FILE]` checks the audit chain; `joinedup audit anchor [--to FILE]` records its
head outside the database (run it from the daily run, or more often). See docs/security.md."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from joinedup.audit.verify import anchor, verify


class Command(BaseCommand):
    help = "Verify the tamper-evident audit chain, or anchor its head outside the database."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "anchor"])
        parser.add_argument("--anchors", "--to", dest="anchors", default=None,
                            help=f"the anchor file (default {settings.AUDIT_ANCHOR_FILE})")

    def handle(self, *args, **options):
        path = Path(options["anchors"]) if options["anchors"] else settings.AUDIT_ANCHOR_FILE
        if options["action"] == "anchor":
            item = anchor(path)
            self.stdout.write(f"anchored entry {item['seq']} ({item['hash'][:16]}…) in {path}")
            return
        report = verify(path)
        summary = (f"{report.entries} entries ({report.access} access, {report.action} action), head entry "
                   f"{report.head_seq} ({report.head_hash[:16]}…), {report.anchors} anchors checked")
        if report.intact:
            self.stdout.write(f"audit chain intact: {summary}")
            return
        for problem in report.problems:
            self.stderr.write(f"- {problem}")
        raise CommandError(f"audit chain BROKEN: {len(report.problems)} problems in {summary}")
