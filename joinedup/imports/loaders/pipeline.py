"""Write one chunk while the next is prepared: COPYs sent by a second thread, in the import's transaction.

An import's time on PostgreSQL is mostly the server's (parsing COPY text, index entries, reference checks)
and the importing process's own (validating, building COPY text), and with one connection they used to
take turns. Now the loader, for chunk k: waits for chunk k-2's COPYs, asks the database what it must
(existing keys, record and place ids, new event ids), hands chunk k-1's COPYs to the writer thread, and
builds chunk k's COPY text while the server takes in chunk k-1.

Guarantees kept:
- one transaction: the writer uses the import's own connection (the psycopg object, never Django's
  per-thread wrapper), and the loader never touches the connection while a COPY is in flight (`wait`);
- a key repeated in the file is still refused with its line: chunk k is checked against the database
  (chunks up to k-2) and against the keys of chunk k-1, which is not written yet (`pending_keys`);
- a failed COPY (e.g. a reference check) raises Django's own error at the next `wait`, and the import's
  transaction rolls back as before;
- nothing is left running: `close` waits for the writer whatever happened.

SQLite writes synchronously (its `executemany` holds the GIL; there is nothing to overlap).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from django.db import connection

__all__ = ["CopyJob", "WritePipeline"]

CopyJob = tuple[str, bytes]  # (COPY … FROM STDIN statement, its data in COPY text format)


def _copy(raw, jobs: list[CopyJob]) -> None:
    with raw.cursor() as cursor:
        for statement, data in jobs:
            if data:
                with cursor.copy(statement) as copy:
                    copy.write(data)


class WritePipeline:
    """At most one chunk being written (by the thread) and one waiting to be (`pending`)."""

    def __init__(self) -> None:
        self.threaded = connection.vendor == "postgresql"
        self.pending: list[CopyJob] | None = None
        self.pending_keys: dict[str, int] = {}  # key -> line, of the rows in `pending` (not yet in the database)
        self._future: Future | None = None
        self._pool: ThreadPoolExecutor | None = None

    def wait(self) -> None:
        """Return once nothing is being written; re-raise a failed write as Django's database error."""
        future, self._future = self._future, None
        if future is not None:
            with connection.wrap_database_errors:
                future.result()

    def queue(self, jobs: list[CopyJob] | Callable[[], None], keys: dict[str, int]) -> None:
        """The next chunk to write, once `submit` is called (the one before must have been submitted).

        On SQLite (`jobs` is a function) it is written at once: ids there are reserved from MAX(id), so a
        chunk must be in the table before the next reserves its own.
        """
        assert self.pending is None, "the chunk before was not submitted"
        if callable(jobs):
            jobs()
            return
        self.pending, self.pending_keys = jobs, keys

    def submit(self) -> None:
        """Start writing the pending chunk (after `wait`: the connection must be free)."""
        jobs, self.pending, self.pending_keys = self.pending, None, {}
        if jobs is None:
            return
        connection.ensure_connection()
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="joinedup-import-writer")
        self._future = self._pool.submit(_copy, connection.connection, jobs)

    def flush(self) -> None:
        """Write everything still queued and wait for it (before anything else reads the import's rows)."""
        self.wait()
        self.submit()
        self.wait()

    def close(self) -> None:
        """Wait for the writer and stop it; a chunk still pending is dropped (the import is failing)."""
        self.pending, self.pending_keys = None, {}
        try:
            future, self._future = self._future, None
            if future is not None:
                future.exception()  # wait; any error has already decided the import's fate
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=True)
                self._pool = None
