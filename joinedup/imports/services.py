"""Import agency files and API pushes: atomic, idempotent, streaming, with exact error reports.

By default a file with any invalid row imports nothing (the whole file runs in one transaction that
is rolled back); `skip_invalid` imports the valid rows and writes the rejects to a CSV. Re-importing
changes nothing: rows are keyed on agency + the agency's own id and compared by content hash.
"""

import csv
import hashlib
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from engine.ingest import ParsedRow, RowError, open_source
from engine.ingest.background import rows_in_background
from joinedup.agencies.models import Agency
from joinedup.imports.loaders import LOADERS
from joinedup.imports.loaders.context import LoadContext
from joinedup.imports.models import ImportBatch, ImportStatus

__all__ = ["ImportRejected", "ImportReport", "import_file", "import_rows", "register_after_events"]

CHUNK = 2000
BACKGROUND_BYTES = 4 << 20  # files larger than this are read and validated in a second process
log = logging.getLogger("joinedup.imports")
KEEP_ERRORS = 200


@dataclass
class ImportReport:
    """What one import of one kind of row did."""

    kind: str
    source: str
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[RowError] = field(default_factory=list)
    rejects_path: Path | None = None
    batch_id: int | None = None

    def summary(self) -> str:
        return (f"{self.source} ({self.kind}): {self.rows_read} rows read, {self.created} created, "
                f"{self.updated} updated, {self.unchanged} unchanged, {self.rejected} rejected")


class ImportRejected(Exception):
    """The import had invalid rows and imported nothing."""

    def __init__(self, report: ImportReport):
        self.report = report
        lines = [f"{report.source}: {report.rejected} invalid row(s); nothing was imported."]
        lines += [f"  {error}" for error in report.errors[:20]]
        if report.rejected > 20:
            lines.append(f"  … and {report.rejected - 20} more")
        super().__init__("\n".join(lines))


_AFTER_EVENTS: dict[str, Callable] = {}


def register_after_events(name: str, hook: Callable) -> None:
    """Run `hook(batch, after_id)` after an events file (or API push) created events, inside its transaction:
    the events it created have ids above `after_id` (e.g. Operation Encompass notifies schools of incidents)."""
    _AFTER_EVENTS[name] = hook


def import_file(path, *, agency: Agency, kind: str | None = None, skip_invalid: bool = False,
                rejects_path=None, user=None, progress: Callable[[int], None] | None = None,
                background: bool | None = None) -> list[ImportReport]:
    """Import one file; returns a report per kind of row it holds (FHIR bundles hold two).

    Large files are parsed and validated in a second process while this one writes (`background`
    forces it on or off).
    """
    path = Path(path)
    source = open_source(path, kind)
    digest = _sha256(path)
    background = path.stat().st_size > BACKGROUND_BYTES if background is None else background
    reports = []
    for row_kind in source.kinds:
        target = None
        if skip_invalid:
            target = Path(rejects_path or path.with_name(f"{path.name}.rejects.csv"))
            if len(source.kinds) > 1:
                target = target.with_name(f"{target.stem}.{row_kind}{target.suffix}")
        rows = rows_in_background(source, row_kind, batches=True) if background else source.batches(row_kind)
        reports.append(
            import_rows(rows, agency=agency, kind=row_kind, source_name=str(path.name),
                        sha256=digest, skip_invalid=skip_invalid, rejects_path=target, user=user, progress=progress)
        )
    return reports


def import_rows(rows: Iterable[ParsedRow], *, agency: Agency, kind: str, source_name: str, sha256: str = "",
                skip_invalid: bool = False, rejects_path=None, user=None,
                progress: Callable[[int], None] | None = None) -> ImportReport:
    """Validate and load rows of one kind in a single transaction (the shared path for files and the API)."""
    report = ImportReport(kind=kind, source=source_name, rejects_path=rejects_path)
    started = timezone.now()
    rejects = _RejectWriter(rejects_path)
    try:
        with transaction.atomic():
            batch = ImportBatch.objects.create(agency=agency, kind=kind, source=source_name, sha256=sha256,
                                               status=ImportStatus.COMMITTED, user=user, started_at=started)
            ctx = LoadContext(agency=agency, batch=batch, file=source_name,
                              agencies_by_code=dict(Agency.objects.values_list("code", "id")))
            newest_event = _newest_event_id() if kind == "events" else 0
            try:
                _run(rows, ctx, report, rejects, skip_invalid, progress)
                ctx.writer.flush()  # every chunk written before anything reads them
            finally:
                ctx.writer.close()
            if report.rejected and not skip_invalid:
                raise ImportRejected(report)
            report.created, report.updated, report.unchanged = ctx.created, ctx.updated, ctx.unchanged
            report.batch_id = batch.id
            if kind == "people" and ctx.created:
                _link_arrivals(batch, since=started, actor=user)
            elif ctx.created or ctx.updated:
                _evaluate_prompts(batch)
            if kind == "events" and ctx.created:
                _deliver_to_inboxes(batch, after_id=newest_event)
                for hook in _AFTER_EVENTS.values():
                    hook(batch, newest_event)
            _finish(batch, report)
    except ImportRejected:
        rejected = ImportBatch(agency=agency, kind=kind, source=source_name, sha256=sha256, user=user,
                               status=ImportStatus.REJECTED, started_at=started)
        _finish(rejected, report, summary="\n".join(str(e) for e in report.errors[:50]))
        raise
    finally:
        rejects.close()
    return report


def _run(rows, ctx: LoadContext, report: ImportReport, rejects, skip_invalid: bool, progress) -> None:
    load = LOADERS[report.kind]
    chunk: list[ParsedRow] = []

    def reject(row: ParsedRow, errors) -> None:
        report.rejected += 1
        if len(report.errors) < KEEP_ERRORS:
            report.errors.extend(errors)
        rejects.write(row, errors)

    def flush() -> None:
        # Once the import is bound to fail, only validation continues (to report every error).
        if chunk and (skip_invalid or not report.rejected):
            for row, error in load(ctx, chunk):
                reject(row, [error])
            log.info("%s: loaded rows up to %s (uncommitted)", report.source, chunk[-1].line)
        chunk.clear()

    told = 0  # rows already reported to `progress`
    for row in rows:
        if isinstance(row, ParsedRow):
            report.rows_read += 1
            if row.errors:
                reject(row, row.errors)
            else:
                chunk.append(row)
            if len(chunk) >= CHUNK:
                flush()
        else:  # clean rows as columns (engine.ingest.columnar.EventBatch), loaded as they come
            flush()
            report.rows_read += len(row)
            if skip_invalid or not report.rejected:
                for bad, error in load(ctx, row):
                    reject(bad, [error])
                log.info("%s: loaded rows up to %s (uncommitted)", report.source, row.table.column("line")[-1].as_py())
        if progress and report.rows_read - told >= CHUNK:
            progress(report.rows_read - told)
            told = report.rows_read
    flush()
    if progress and report.rows_read > told:
        progress(report.rows_read - told)


def _link_arrivals(batch: ImportBatch, *, since, actor) -> None:
    """Match the new identity records against existing persons before the file commits (no-op without a model)."""
    from joinedup.linkage.services import link_arrivals

    run = link_arrivals(batch, since=since, actor=actor)
    if run is not None:
        log.info("%s: linked %s new records (%s pairs, %s placed, %s for review)", batch.source, run.records,
                 run.pairs, run.records_moved, run.review_items)


def _evaluate_prompts(batch: ImportBatch) -> None:
    """Re-evaluate the prompt catalogue for the children this file touched, before it commits."""
    from joinedup.prompts.services import evaluate_after_import

    raised = evaluate_after_import(batch)
    if raised:
        log.info("%s: raised %s new prompts", batch.source, len(raised))


def _newest_event_id() -> int:
    from joinedup.inbox.services import newest_event_id

    return newest_event_id()


def _deliver_to_inboxes(batch: ImportBatch, *, after_id: int) -> None:
    """Put the events this file created in the inboxes of those working with the children (R02), before it commits."""
    from joinedup.inbox.services import deliver_after_import

    delivered = deliver_after_import(batch, after_id)
    if delivered:
        log.info("%s: delivered %s inbox items", batch.source, len(delivered))


def _finish(batch: ImportBatch, report: ImportReport, summary: str = "") -> None:
    batch.rows_read, batch.rejected = report.rows_read, report.rejected
    batch.created, batch.updated, batch.unchanged = report.created, report.updated, report.unchanged
    batch.error_summary, batch.finished_at = summary, timezone.now()
    batch.save()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class _RejectWriter:
    """Streams rejected rows, with the reasons, to a CSV beside the input."""

    def __init__(self, path):
        self.path, self.handle, self.writer = path, None, None

    def write(self, row: ParsedRow, errors) -> None:
        if self.path is None:
            return
        if self.handle is None:
            self.handle = Path(self.path).open("w", newline="", encoding="utf-8")
            self.writer = csv.writer(self.handle)
            self.writer.writerow(["line", "field", "reason", "row"])
        for error in errors:
            self.writer.writerow([error.line, error.field, error.reason, json.dumps(row.raw, default=str)])

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()
