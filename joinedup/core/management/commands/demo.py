"""`joinedup demo`: migrate, generate and import a synthetic partnership once, and print demo logins."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from rich.console import Console
from rich.table import Table

from joinedup.accounts.demo import ensure_demo_accounts
from joinedup.core.demo_casework import existing_casework
from joinedup.people.households import refresh_all_households
from joinedup.people.models import InferredHousehold, SourceRecord
from joinedup.prompts.models import Prompt


class Command(BaseCommand):
    help = "Prepare the demo on the embedded database: migrate, synthesise and import (first run only), logins."

    def add_arguments(self, parser):
        parser.add_argument("--children", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, **options):
        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        data_dir = Path(settings.VAR_DIR) / "demo-data"
        if not SourceRecord.objects.exists():
            self.stdout.write(f"Generating a synthetic partnership of {options['children']} children …")
            call_command("synth", children=options["children"], seed=options["seed"], out=str(data_dir))
            self.stdout.write("Importing every agency's files …")
            call_command("import_partnership", str(data_dir))
            self.stdout.write("Linking records across agencies (training the linkage model) …")
            call_command("link", train=True)
        if SourceRecord.objects.exists() and not InferredHousehold.objects.exists():
            self.stdout.write("Inferring households and relationships from shared addresses …")
            refresh_all_households()
        if SourceRecord.objects.exists() and not Prompt.objects.filter(rule_id__startswith="C").exists():
            # linking raises the child-by-child prompts; this adds context prompts (places, adults, groups
            # connecting children) and casework deadlines. It raises nothing twice.
            self.stdout.write("Evaluating the prompt catalogue, context prompts and casework deadlines …")
            call_command("prompts")
        logins = ensure_demo_accounts(Path(settings.VAR_DIR) / "demo-logins.json")
        if SourceRecord.objects.exists() and not existing_casework():
            call_command("demo_casework")
        table = Table(title="JoinedUp demo logins (synthetic data only) – sign in at http://127.0.0.1:8000/")
        for column in ("username", "password", "role", "agency", "note"):
            table.add_column(column, overflow="fold")
        for login in logins:
            table.add_row(login.username, login.password, login.role, login.agency, login.note)
        Console(width=160).print(table)
