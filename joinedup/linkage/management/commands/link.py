"""`joinedup link [--train | --default-model] [--engine duckdb|spark]`: relink every record and say which model scored it."""

from django.core.management.base import BaseCommand

from engine.linkage.backends import ENGINES
from joinedup.linkage.services import relink


class Command(BaseCommand):
    help = ("Link every agency's records into persons, under every reviewer's decision. A partnership too small to "
            "train its own model links with the default model until it can; the output says which model was used.")

    def add_arguments(self, parser):
        choice = parser.add_mutually_exclusive_group()
        choice.add_argument("--train", action="store_true",
                            help="train this partnership's own model (u by sampling, m by EM) first, whatever its size")
        choice.add_argument("--default-model", action="store_true",
                            help="link with the default model (estimated on a synthetic partnership) whatever the size")
        parser.add_argument("--engine", choices=ENGINES, default="duckdb",
                            help="score pairs on Splink's DuckDB backend (default) or its Spark backend")

    def handle(self, *args, **options):
        run = relink(retrain=options["train"], use_default=options["default_model"], engine=options["engine"])
        self.stdout.write(f"model: {run.model_note} (model {run.model_id})")
        self.stdout.write(f"linked {run.records} records: {run.pairs} scored pairs, {run.records_moved} records moved, "
                          f"{run.review_items} pairs sent to the review queue")
