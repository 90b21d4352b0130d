"""One writer per database: an OS file lock on ``<path>.lock`` holding the writer's pid.

The lock (``filelock``, flock on Unix) is released by the OS when the process
dies, so a crash never leaves a database locked.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

import filelock

from .errors import DatabaseLockedError, StoreError
from .journal_format import write_synced

log = logging.getLogger(__name__)


@dataclass
class LockResult:
    """Outcome of ``acquire``: the held lock, or why the database is read-only."""

    lock: filelock.BaseFileLock | None
    holder_pid: int | None = None      # pid of the process holding the lock, if known
    why: str | None = None             # reason for read-only other than another holder


def acquire(path: str, required: bool) -> LockResult:
    """Lock database ``path`` for writing.

    When the lock is held elsewhere (or cannot be created), raise if
    ``required`` (``DatabaseLockedError`` / ``StoreError``), else return a
    result without lock so the caller opens read-only.
    """
    lock_path = path + ".lock"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        lock = filelock.FileLock(lock_path, timeout=0, thread_local=False)
        lock.acquire()
    except filelock.Timeout:
        holder = _read_pid(lock_path)
        if required:
            raise DatabaseLockedError(path, holder) from None
        return LockResult(None, holder_pid=holder)
    except OSError as exc:
        if required:
            raise StoreError(f"Cannot lock {path}: {exc.strerror or exc}.", path) from exc
        return LockResult(None, why=f"the folder of {path} is not writable "
                                    f"({exc.strerror or exc}); this window is read-only.")
    try:
        write_synced(lock_path, f"{os.getpid()}\n".encode())
    except OSError as exc:
        log.warning("could not record our pid in %s: %s", lock_path, exc)
    return LockResult(lock)


def _read_pid(lock_path: str) -> int | None:
    try:
        with open(lock_path, encoding="ascii") as handle:
            return int(handle.read().strip())
    except (OSError, ValueError):
        return None
