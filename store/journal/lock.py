"""One writer per database: OS file locks on ``<path>.lock`` (holding the writer's pid) and
on the database file itself.

``path`` is the resolved path, so every name that leads to it through symlinks or relative
paths meets the same lock file; a hard link has a lock file of its own but meets the lock on
the database file. A compaction renames a new file over the database, so the writer locks
each new file again (the lock file covers the moment in between). The locks (``flock``) are
released by the OS when the process dies, so a crash never leaves a database locked.
"""

from __future__ import annotations

import fcntl
import os
from dataclasses import dataclass

from .errors import DatabaseLockedError, StoreError


class HeldLock:
    """An exclusive ``flock`` on an open lock file, and on the database file once
    ``lock_file`` took it; ``release`` lets go of both."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.file_fd: int | None = None

    def lock_file(self, fd: int) -> bool:
        """Lock the database file open as ``fd``; False if another process holds it.

        On success the lock owns ``fd`` and closes the file it locked before."""
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        if self.file_fd is not None:
            os.close(self.file_fd)
        self.file_fd = fd
        return True

    def release(self) -> None:
        """Unlock and close the lock file and the database file's descriptor."""
        try:
            if self.file_fd is not None:
                os.close(self.file_fd)
                self.file_fd = None
            fcntl.flock(self.fd, fcntl.LOCK_UN)
        finally:
            os.close(self.fd)


@dataclass
class LockResult:
    """Outcome of ``acquire``: the held lock, or why the database is read-only."""

    lock: HeldLock | None
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
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BaseException:
            os.close(fd)
            raise
    except BlockingIOError:
        holder = _read_pid(lock_path)
        if required:
            raise DatabaseLockedError(path, holder) from None
        return LockResult(None, holder_pid=holder)
    except OSError as exc:
        if required:
            raise StoreError(f"Cannot lock {path}: {exc.strerror or exc}.", path) from exc
        return LockResult(None, why=f"the folder of {path} is not writable "
                                    f"({exc.strerror or exc}); this window is read-only.")
    try:  # the pid only helps the message of a second opener: no fsync needed
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    except OSError:
        pass  # the lock holds without it; a second opener then just cannot name our pid
    return LockResult(HeldLock(fd))


def _read_pid(lock_path: str) -> int | None:
    try:
        with open(lock_path, encoding="ascii") as handle:
            return int(handle.read().strip())
    except (OSError, ValueError):
        return None
