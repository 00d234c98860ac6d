"""A lock that keeps two scrape runs on the same corpus from overlapping.

The lock is an ``fcntl`` lock on ``DB.lock`` beside the database. The operating
system releases it when the process ends, however it ends (even ``kill -9``), so
a stale lock file never blocks the next run.

>>> with job_lock("/tmp/corpus.db"):     # doctest: +SKIP
...     ...                              # a second job_lock here raises LockedError
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import LockedError

__all__ = ["job_lock", "lock_path"]


def lock_path(db: str | Path) -> Path:
    return Path(f"{db}.lock")


@contextmanager
def job_lock(db: str | Path) -> Iterator[None]:
    """Hold the scrape lock of ``db``; raises :class:`LockedError` when another run has it."""
    if str(db) == ":memory:":
        yield
        return
    path = lock_path(db)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            try:
                holder = os.pread(fd, 32, 0).decode("ascii", "ignore").strip()
            except OSError:
                holder = ""
            raise LockedError(
                f"another textmine scrape is running on {db}"
                + (f" (process {holder})" if holder else ""),
                hint="wait for it to finish; the lock is released when that process ends",
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
