"""Errors raised by the stancemark database layer.

Every message is written for the person using the app: what went wrong and
what they can do about it. The attributes let the app build its own wording.
"""

from __future__ import annotations

import os
import shlex


class StoreError(Exception):
    """Base class of all database errors; ``path`` names the database file."""

    def __init__(self, message: str, path: str | os.PathLike | None = None):
        super().__init__(message)
        self.path = os.fspath(path) if path is not None else None


class CorruptDatabaseError(StoreError):
    """The database file cannot be read; it is left untouched.

    Attributes: ``path``, ``line`` and ``column`` (1-based), ``detail`` (the
    parser's complaint) and ``backup`` (path of the last good compaction, or
    None when there is none). ``journal`` is False for a plain TinyDB JSON file;
    ``part`` is True for a line holding long values of the snapshot (which no
    other line has, so deleting it is no repair).
    """

    def __init__(self, path, line: int, column: int, detail: str, backup: str | None = None,
                 journal: bool = True, part: bool = False):
        self.line, self.column, self.detail, self.backup = line, column, detail, backup
        steps = [f"Move {path} aside (do not delete it) so you keep a copy."]
        if backup:
            steps.append(f"Copy the backup {backup} to {path}: it holds the database as it "
                         "was at the last compaction (later changes are missing).")
        if not journal:
            steps.append(f"Or open {path} in a text editor and repair line {line}.")
        elif line > 2 and not part:
            steps.append(f"Or open {path} in a text editor and delete line {line}: after the "
                         "snapshot every line is one saved change, so that loses only that "
                         "change.")
        message = (f"The database {path} is damaged and was not changed: line {line}, "
                   f"column {column}: {detail}.\nTo recover:\n"
                   + "\n".join(f"  {n}. {step}" for n, step in enumerate(steps, 1)))
        super().__init__(message, path)


class EmptyDatabaseError(StoreError):
    """The database file is empty or missing while its backup holds records.

    Opening it as a new library would hide them, and the next compaction would replace
    the backup, so it is refused; nothing is changed. ``backup`` names the backup,
    ``records`` how many documents it holds (None if it cannot be read).
    """

    def __init__(self, path, backup: str, records: int | None, missing: bool):
        self.backup, self.records = backup, records
        state = "is missing" if missing else "is empty"
        held = f"holds {records} records" if records is not None else "is not empty"
        super().__init__(
            f"The database {path} {state}, but its backup {backup} {held}. Nothing was "
            f"changed. To get your library back, copy the backup over it:\n"
            f"  cp {shlex.quote(backup)} {shlex.quote(os.fspath(path))}\n"
            f"and start stancemark again. To start a new, empty library instead, move "
            f"{backup} elsewhere first.", path)


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
        self.action, self.pending = action, pending
        self.reason: OSError | None = reason
        why = reason.strerror or str(reason)
        super().__init__(
            f"Could not {action} {path}: {why}. {pending} unsaved change(s) are kept in "
            "memory and will be saved when possible; free some disk space or fix the "
            "file's permissions.", path)


class DatabaseReplacedError(StoreWriteError):
    """Another program replaced, moved or deleted the database file while it was open.

    Nothing more is written to the path (the storage is read-only from then on). This
    window's data was saved to ``copy`` instead (None if that failed: ``copy_error``);
    ``pending`` counts the changes that never reached the database. ``reason`` is None.
    """

    def __init__(self, path, what: str, copy: str | None, pending: int,
                 copy_error: str | None = None):
        self.action, self.reason, self.pending = "save changes to", None, pending
        self.what, self.copy, self.copy_error = what, copy, copy_error
        text = (f"{path} was {what} by another program (a sync tool or an editor?) while "
                "stancemark had it open. Nothing more will be written to it: that program's "
                "version stays as it is, and this window is read-only.")
        if pending:
            text += f" {pending} change(s) made here are not in it."
        if copy:
            text += (f" Everything this window shows was saved to {copy}. To keep the other "
                     f"program's version, reopen stancemark. To keep this window's version "
                     f"instead, quit and copy {copy} over {path}.")
        else:
            text += (f" Saving a copy of this window's data failed too ({copy_error}): it is "
                     "only in memory now, so export your annotations from this window before "
                     "quitting.")
        StoreError.__init__(self, text, path)


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
