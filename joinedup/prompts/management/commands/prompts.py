"""`joinedup prompts [--as-of YYYY-MM-DD] [--person ID ...]`: evaluate the prompt catalogue and raise new prompts.

Without --person, every child is evaluated at once by the engine's set-based evaluator (DuckDB SQL);
with --person, those children are evaluated one at a time, as after an import. Both raise the same prompts.
Casework deadlines (engine/casework/deadlines.yaml: referrals, escalations, meeting actions, inboxes) are
checked too, so a timescale that passes without a new record is still raised: run this daily. So are the
context prompts (engine/context/rules.yaml: places, adults and groups connecting children), over the whole
partnership's graph (with --person, those naming one of the people).
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from joinedup.network.prompts import raise_context_prompts
from joinedup.prompts.deadlines import raise_overdue
from joinedup.prompts.services import evaluate_everyone, evaluate_people


class Command(BaseCommand):
    help = "Evaluate the prompt catalogue for every child (set-based) or for named people, and raise new prompts."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="evaluate as on this day (default: today); deadlines after it are not due")
        parser.add_argument("--person", type=int, action="append", help="evaluate only this person (repeatable)")

    def handle(self, *args, **options):
        try:
            as_of = date.fromisoformat(options["as_of"]) if options["as_of"] else None
        except ValueError as error:
            raise CommandError(f"--as-of: {error}") from error
        if options["person"]:
            raised = evaluate_people(options["person"], as_of=as_of)
        else:
            raised = evaluate_everyone(as_of=as_of)
        raised += raise_overdue(as_of=as_of, person_ids=options["person"] or None)
        # Context prompts: places, adults and groups connecting children, over the whole partnership.
        raised += raise_context_prompts(as_of=as_of, person_ids=options["person"] or None)
        by_rule = {}
        for prompt in raised:
            by_rule[prompt.rule_id] = by_rule.get(prompt.rule_id, 0) + 1
        summary = ", ".join(f"{rule} {n}" for rule, n in sorted(by_rule.items())) or "none"
        self.stdout.write(f"raised {len(raised)} new prompts ({summary})")
