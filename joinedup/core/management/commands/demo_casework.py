"""`joinedup demo_casework [--as-of YYYY-MM-DD]`: add believable synthetic casework to the demo partnership.

Referrals, inbox items, information-sharing decisions, case decisions, an escalation, a strategy discussion,
training records and two contexts, written through each app's services (joinedup.core.demo_casework). It
records nothing when casework already exists, so running it (or `joinedup demo`) again adds nothing.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from joinedup.core.demo_casework import DemoCaseworkError, existing_casework, seed_demo_casework


class Command(BaseCommand):
    help = "Add synthetic casework to the demo partnership through the casework services (first run only)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="date the casework relative to this day (default today; not later)")

    def handle(self, *args, **options):
        try:
            as_of = date.fromisoformat(options["as_of"]) if options["as_of"] else None
        except ValueError as error:
            raise CommandError(f"--as-of: {error}") from error
        if as_of and as_of > timezone.localdate():
            raise CommandError("--as-of: the demo casework cannot be dated from a day still to come.")
        held = existing_casework()
        if held:
            self.stdout.write("Casework is already recorded (" + ", ".join(f"{n} {k}" for k, n in held.items())
                              + "); no demo casework added.")
            return
        self.stdout.write("Recording demo casework through the casework services …")
        try:
            seeded = seed_demo_casework(as_of)
        except DemoCaseworkError as error:
            raise CommandError(str(error)) from error
        if seeded is None:
            return
        self.stdout.write(f"Demo casework, dated from {seeded.as_of:%A %-d %B %Y}:")
        for line in seeded.lines:
            self.stdout.write(f"  - {line}")
