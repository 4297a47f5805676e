"""`joinedup link [--train] [--engine duckdb|spark]`: relink every record (retraining the model first with --train)."""

from django.core.management.base import BaseCommand

from engine.linkage.backends import ENGINES
from joinedup.linkage.services import relink


class Command(BaseCommand):
    help = "Link every agency's records into persons, under every reviewer's decision; --train retrains first."

    def add_arguments(self, parser):
        parser.add_argument("--train", action="store_true", help="train a new model (u by sampling, m by EM) first")
        parser.add_argument("--engine", choices=ENGINES, default="duckdb",
                            help="score pairs on Splink's DuckDB backend (default) or its Spark backend")

    def handle(self, *args, **options):
        run = relink(retrain=options["train"], engine=options["engine"])
        self.stdout.write(f"linked {run.records} records: {run.pairs} scored pairs, {run.records_moved} records moved, "
                          f"{run.review_items} pairs sent to the review queue (model {run.model_id})")
