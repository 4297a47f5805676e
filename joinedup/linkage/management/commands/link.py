"""`joinedup link [--train]`: relink every record (retraining the model first with --train)."""

from django.core.management.base import BaseCommand

from joinedup.linkage.services import relink


class Command(BaseCommand):
    help = "Link every agency's records into persons, under every reviewer's decision; --train retrains first."

    def add_arguments(self, parser):
        parser.add_argument("--train", action="store_true", help="train a new model (u by sampling, m by EM) first")

    def handle(self, *args, **options):
        run = relink(retrain=options["train"])
        self.stdout.write(f"linked {run.records} records: {run.pairs} scored pairs, {run.records_moved} records moved, "
                          f"{run.review_items} pairs sent to the review queue (model {run.model_id})")
