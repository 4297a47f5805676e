"""`joinedup synth --children N --seed S --out DIR`: write a synthetic partnership (engine.synth)."""

from pathlib import Path

from django.core.management.base import BaseCommand
from rich.progress import Progress

from engine.synth import SynthConfig, generate


class Command(BaseCommand):
    help = "Generate a deterministic synthetic partnership: every agency's files plus the ground truth."

    def add_arguments(self, parser):
        parser.add_argument("--children", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--out", required=True)

    def handle(self, *args, **options):
        config = SynthConfig(children=options["children"], seed=options["seed"])
        with Progress(transient=True) as bar:
            tasks: dict[str, int] = {}

            def progress(step: str, done: int, total: int) -> None:
                if step not in tasks:
                    tasks[step] = bar.add_task(step, total=total)
                bar.update(tasks[step], completed=done, total=total)

            summary = generate(config, out_dir=Path(options["out"]), progress=progress)
        self.stdout.write(f"wrote a synthetic partnership of {options['children']} children to {options['out']}")
        if summary:
            self.stdout.write(str(summary))
