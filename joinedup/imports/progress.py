"""A rich progress bar for imports: rows for CSV and JSON Lines, entries for FHIR bundles."""

from contextlib import contextmanager
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

__all__ = ["import_progress"]


def _count_lines(path: Path) -> int | None:
    if path.suffix.lower() not in {".csv", ".jsonl", ".ndjson"}:
        return None
    with path.open("rb") as handle:
        return max(sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 20), b"")) - 1, 0)


@contextmanager
def import_progress(path: Path, enabled: bool = True):
    """Yield a callback advancing a progress bar by n rows (a no-op when disabled)."""
    if not enabled:
        yield None
        return
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  transient=True) as bar:
        task = bar.add_task(f"importing {path.name}", total=_count_lines(path))
        yield lambda n: bar.advance(task, n)
