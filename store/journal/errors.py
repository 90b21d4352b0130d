"""Errors raised by the stancemark database layer.

Every message is written for the person using the app: what went wrong and
what they can do about it. The attributes let the app build its own wording.
"""

from __future__ import annotations

import os


class StoreError(Exception):
    """Base class of all database errors; ``path`` names the database file."""

    def __init__(self, message: str, path: str | os.PathLike | None = None):
        super().__init__(message)
        self.path = os.fspath(path) if path is not None else None


class CorruptDatabaseError(StoreError):
    """The database file cannot be read; it is left untouched.

    Attributes: ``path``, ``line`` and ``column`` (1-based), ``detail`` (the
    parser's complaint) and ``backup`` (path of the last good compaction, or
    None when there is none).
    """

    def __init__(self, path, line: int, column: int, detail: str, backup: str | None = None):
        self.line, self.column, self.detail, self.backup = line, column, detail, backup
        steps = [f"Move {path} aside (do not delete it) so you keep a copy."]
        if backup:
            steps.append(f"Copy the backup {backup} to {path}: it holds the database as it "
                         "was at the last compaction (later changes are missing).")
        steps.append(f"Or open {path} in a text editor and repair line {line}: every line "
                     "is one JSON object; removing a broken change line loses only that change.")
        message = (f"The database {path} is damaged and was not changed: line {line}, "
                   f"column {column}: {detail}.\nTo recover:\n"
                   + "\n".join(f"  {n}. {step}" for n, step in enumerate(steps, 1)))
        super().__init__(message, path)


class NewerDatabaseError(StoreError):
    """The database was written by a newer stancemark (layout or data schema)."""

    def __init__(self, path, what: str, found: int, supported: int):
        self.what, self.found, self.supported = what, found, supported
        super().__init__(
            f"The database {path} uses {what} version {found}, but this stancemark only "
            f"knows up to version {supported}. Update stancemark to open it; the file "
            "was not changed.", path)


class StoreWriteError(StoreError):
    """Saving failed (disk full, permission denied, ...); nothing saved was damaged.

    The change stays in memory, counted in ``pending`` and retried by
    ``flush_pending()`` or the next save. ``reason`` is the ``OSError``.
    """

    def __init__(self, path, action: str, reason: OSError, pending: int):
        self.action, self.reason, self.pending = action, reason, pending
        why = reason.strerror or str(reason)
        super().__init__(
            f"Could not {action} {path}: {why}. {pending} unsaved change(s) are kept in "
            "memory and will be saved when possible; free some disk space or fix the "
            "file's permissions.", path)


class DatabaseReadOnlyError(StoreError):
    """A change was attempted on a database opened read-only (``holder_pid`` if locked)."""

    def __init__(self, path, holder_pid: int | None = None, reason: str | None = None):
        self.holder_pid = holder_pid
        if reason is None:
            who = f"another stancemark (pid {holder_pid})" if holder_pid else "another stancemark"
            reason = (f"{path} is open in {who}; this window is read-only. "
                      "Close the other one and reopen.")
        self.reason = reason
        super().__init__(f"Cannot save: {reason}", path)


class DatabaseLockedError(StoreError):
    """Write access was demanded (``read_only=False``) but another process holds the lock."""

    def __init__(self, path, holder_pid: int | None = None):
        self.holder_pid = holder_pid
        who = f"another stancemark (pid {holder_pid})" if holder_pid else "another stancemark"
        super().__init__(f"{path} is open in {who}. Close the other one and try again.", path)
