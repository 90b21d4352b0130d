"""The database file on disk: found through links, refused unless it is a regular file, opened
read-only when its permissions say so, locked for one writer, read, appended to, and replaced
atomically.

Every file goes to the resolved path, so a symlinked database stays a link and its backups,
temporary and kept files lie beside the real file. Before and after each append, and before
each rewrite, the user's path must still lead to the file that was opened or last written
(same device and inode); otherwise ``FileReplaced`` is raised and nothing more is written.
"""

from __future__ import annotations

import logging
import os
import stat
from datetime import datetime, timezone

from . import durable
from . import fileformat as fmt
from . import lock as journal_lock
from .errors import DatabaseLockedError, EmptyDatabaseError, StoreError
from .parts import Apart, PartReader

log = logging.getLogger(__name__)

_KINDS = {stat.S_IFDIR: "a folder", stat.S_IFCHR: "a character device",
          stat.S_IFBLK: "a block device", stat.S_IFIFO: "a named pipe (FIFO)",
          stat.S_IFSOCK: "a socket"}


class FileReplaced(Exception):
    """The path no longer leads to the file opened; the message says how ("replaced", ...)."""


def stamped(path: str, kind: str) -> str:
    """A new file name beside ``path`` for a kept file: ``<path>.<kind>-<UTC time>``."""
    return f"{path}.{kind}-{datetime.now(timezone.utc):%Y%m%dT%H%M%S%fZ}"


def _identity(status: os.stat_result) -> tuple[int, int]:
    return status.st_dev, status.st_ino


def _check_regular(path: str, status: os.stat_result) -> None:
    if not stat.S_ISREG(status.st_mode):
        kind = _KINDS.get(stat.S_IFMT(status.st_mode), "not a regular file")
        raise StoreError(f"{path} is {kind}, not a stancemark database; it was not opened. "
                         "Choose a regular file (a new file name starts a new library).", path)


def _open_regular(path: str) -> tuple[int, os.stat_result] | None:
    """Open ``path`` for reading without blocking (a FIFO would); None if it does not exist.
    Raises StoreError for anything but a regular file, OSError if it cannot be opened."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    try:
        status = os.fstat(fd)
        _check_regular(path, status)
    except BaseException:
        os.close(fd)
        raise
    return fd, status


def _read_all(fd: int) -> bytes:
    with open(fd, "rb", closefd=False) as handle:
        return handle.read()


def records_in(path: str) -> int | None:
    """How many documents the database file at ``path`` holds: from its last bytes for the
    current layout, else by loading it; None if it cannot be read."""
    try:
        opened = _open_regular(path)
        if opened is None:
            return None
        fd, status = opened
        try:
            found = fmt.records_at_end(os.pread(fd, len(fmt.HEADER), 0),
                                       os.pread(fd, 64, max(0, status.st_size - 64)))
            if found is None:
                found = fmt.count_records(fmt.load(path, _read_all(fd), None).tables)
            return found
        finally:
            os.close(fd)
    except (OSError, StoreError):
        return None


class JournalFile:
    """One open database file. ``read_only``: None locks it or falls back to read-only,
    True never writes, False raises instead of falling back.

    After ``open()``: ``size`` (bytes up to the last complete line), ``snapshot_bytes``,
    ``journal_bytes``, ``records`` (documents saved), ``notices`` (what the user should
    know about the file, in words).
    """

    def __init__(self, path, read_only: bool | None = None):
        self.given = os.path.abspath(os.fspath(path))
        self.path = os.path.realpath(self.given)
        self.backup_path = self.path + ".bak"
        self.read_only = read_only is True
        self.read_only_why = (f"{self.path} was opened read-only on request (--read-only); "
                              "reopen without it to make changes." if self.read_only else None)
        self.lock_holder_pid: int | None = None
        self.notices: list[str] = []
        self.size = self.snapshot_bytes = self.journal_bytes = self.records = 0
        self.changed = False                 # whether this process wrote the file
        self._required = read_only is False
        self._lock: journal_lock.HeldLock | None = None
        self._fd: int | None = None          # the append descriptor, opened at the first save
        self.parts: PartReader | None = None  # reads the part lines of the file as opened
        self._identity: tuple[int, int] | None = None
        self._torn = b""
        try:
            status = os.stat(self.given)
        except FileNotFoundError:
            status = None
        except OSError as exc:
            raise self._unreadable(exc) from exc
        if status is not None:
            _check_regular(self.path, status)
        if not self.read_only:
            self._take_lock(status)

    def _unreadable(self, exc: OSError) -> StoreError:
        return StoreError(f"Cannot read the database {self.path}: {exc.strerror or exc}. "
                          "Check that the file exists and is readable.", self.path)

    def _take_lock(self, status: os.stat_result | None) -> None:
        why = None
        if status is not None and (not status.st_mode & 0o222 or not os.access(self.path, os.W_OK)):
            why = (f"{self.path} is not writable (its permissions are "
                   f"{stat.filemode(status.st_mode)}), so this window is read-only. To make "
                   f"changes, quit, make it writable (chmod u+w {self.path}) and reopen.")
            if self._required:
                raise StoreError(f"Cannot write to {self.path}: {why}", self.path)
        else:
            result = journal_lock.acquire(self.path, self._required)
            self._lock, self.lock_holder_pid, why = result.lock, result.holder_pid, result.why
        self.read_only = self._lock is None
        self.read_only_why = why

    def _lose_lock(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    # --- opening -----------------------------------------------------------

    def open(self) -> fmt.Loaded:
        """Read and parse the file. Refuses an empty one whose backup holds records; keeps a
        torn tail aside and cuts it off (when writable)."""
        try:
            loaded = self._read()
            if loaded.layout == 0 or (loaded.layout == 1 and not fmt.count_records(loaded.tables)):
                self._refuse_emptied(missing=self._identity is None)
        except BaseException:
            self.close()
            raise
        self.size, self.snapshot_bytes = loaded.good_end, loaded.snapshot_bytes
        self.journal_bytes, self.records = loaded.journal_bytes, fmt.count_records(loaded.tables)
        self._torn = loaded.torn
        if self._torn:
            self._cut_torn()
        return loaded

    def _backup(self) -> str | None:
        return self.backup_path if os.path.exists(self.backup_path) else None

    def _read(self) -> fmt.Loaded:
        """Parse the file line by line (nothing if it is missing); a writer also locks the
        file itself. Part lines are read later through a descriptor of their own (``parts``)."""
        try:
            opened = _open_regular(self.path)
            if opened is None:
                return fmt.Loaded()
            fd, status = opened
            locked = False
            try:
                locked = self._lock is not None and self._lock.lock_file(fd)
                self.parts = PartReader(self.path, self._backup(), fd=os.dup(fd))
                with open(fd, "rb", buffering=1 << 16, closefd=False) as handle:
                    loaded = fmt.read(self.path, handle, self.parts.backup, self.parts)
            finally:
                if not locked:
                    os.close(fd)
        except OSError as exc:
            raise self._unreadable(exc) from exc
        self._identity = _identity(status)
        if self._lock is not None and not locked:  # locked under another name (a hard link)
            self._lose_lock()
            if self._required:
                raise DatabaseLockedError(self.path)
            self.read_only = True
        return loaded

    def _refuse_emptied(self, missing: bool) -> None:
        if os.path.lexists(self.backup_path):
            records = records_in(self.backup_path)
            if records != 0:
                raise EmptyDatabaseError(self.path, self.backup_path, records, missing)

    def _cut_torn(self) -> None:
        if self.read_only:
            self.notices.append(
                f"The end of {self.path} holds {len(self._torn)} bytes of an unfinished save "
                "(stancemark stopped while saving; that change was never shown as saved). "
                "They are ignored; the file was not changed (read-only).")
            return
        try:
            self._writer()
        except (OSError, FileReplaced) as exc:
            self.notices.append(
                f"The end of {self.path} holds {len(self._torn)} bytes of an unfinished save; "
                f"they could not be cut off yet ({exc}) and are ignored until the next save.")

    def _save_torn(self) -> None:
        target = stamped(self.path, "torn")
        durable.write_synced(target, self._torn)
        durable.sync_dir(os.path.dirname(self.path))
        self.notices.append(
            f"The end of {self.path} held {len(self._torn)} bytes of an unfinished save "
            "(stancemark stopped while saving; that change was never shown as saved). They "
            f"were cut off and kept in {target}.")
        self._torn = b""

    # --- writing -----------------------------------------------------------

    def check_same(self) -> None:
        """Raise ``FileReplaced`` unless the path still leads to the file opened or last written."""
        try:
            status = os.stat(self.given)
        except FileNotFoundError:
            raise FileReplaced("deleted or moved") from None
        if _identity(status) != self._identity:
            raise FileReplaced("replaced")

    def append(self, line: bytes, records: int) -> None:
        """Append one line and fsync it. Raises ``FileReplaced`` (the line is not saved) or
        OSError (a partial write is cut off again)."""
        self.check_same()
        try:
            fd = self._writer()
            durable.write_all(fd, line)
            durable.sync(fd)
        except OSError:
            self._undo_partial()
            raise
        self.changed = True
        self.check_same()                     # it went to a file no longer at the path
        self.size += len(line)
        self.journal_bytes += len(line)
        self.records = records

    def _writer(self) -> int:
        """The append descriptor, after cutting off any torn or partial tail."""
        if self._fd is None:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND)
            if _identity(os.fstat(fd)) != self._identity:
                os.close(fd)
                raise FileReplaced("replaced")
            self._fd = fd
        if self._torn:
            self._save_torn()
        size = os.fstat(self._fd).st_size
        if size < self.size:
            raise OSError(0, f"the file shrank from {self.size} to {size} bytes "
                             "(changed by another program?)")
        if size > self.size:
            os.ftruncate(self._fd, self.size)
            durable.sync(self._fd)
        return self._fd

    def _undo_partial(self) -> None:
        if self._fd is None:
            return
        try:
            if os.fstat(self._fd).st_size > self.size:
                os.ftruncate(self._fd, self.size)
        except OSError as exc:
            log.warning("could not cut a partial write from %s (%s); retried before the "
                        "next save", self.path, exc)

    def rewrite(self, tables: dict, keep_old: str | None) -> None:
        """Atomically replace the file with header + snapshot of ``tables``, keeping the
        previous file as ``keep_old``; a backup holding more records than the file that
        replaces it is kept under a stamped name first. From then on the long values of
        ``tables``' documents are read from the new file (their copies in memory dropped)."""
        if self._identity is not None:
            self.check_same()
        if self._torn:
            self._save_torn()
        snapshot = fmt.snapshot(tables)
        if keep_old == self.backup_path:
            self._keep_older_backup()
        status = durable.replace_synced(self.path, snapshot.data, keep_old=keep_old)
        self.changed = True
        self._identity = _identity(status)
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        if self._lock is not None:
            self._lock_new_file()
        self.size = len(snapshot.data)
        self.snapshot_bytes, self.journal_bytes = self.size - len(fmt.HEADER), 0
        self.records = fmt.count_records(tables)
        self._read_parts_anew(tables, snapshot.parts)

    def _read_parts_anew(self, tables: dict,
                         parts: list[tuple[str, str, dict, tuple[str, ...], int, int]]) -> None:
        """Let ``tables`` read their part lines from the new file, if it is still the one at
        the path (else they go on reading the file as it was, which stays open)."""
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except OSError as exc:
            log.warning("could not reopen %s to read it (%s); reading the file as it was "
                        "before", self.path, exc)
            return
        if _identity(os.fstat(fd)) != self._identity:
            os.close(fd)                      # replaced at once: the next check finds it
            return
        self.parts = PartReader(self.path, self._backup(), fd=fd)   # the old one closes unused
        for line, (name, doc_id, stub, keys, at, size) in enumerate(parts, start=3):
            tables[name][doc_id] = Apart(stub, keys, name, doc_id, self.parts, at, size, line)

    def _lock_new_file(self) -> None:
        assert self._lock is not None, "only the writer compacts"
        fd = os.open(self.path, os.O_RDONLY)
        if _identity(os.fstat(fd)) != self._identity or not self._lock.lock_file(fd):
            os.close(fd)                      # replaced at once: the next check finds it

    def _keep_older_backup(self) -> None:
        if not os.path.lexists(self.backup_path):
            return
        held = records_in(self.backup_path)
        if held is not None and held <= self.records:
            return
        kept = stamped(self.path, "bak")
        os.replace(self.backup_path, kept)
        log.warning("the backup %s held more records (%s) than %s (%d); kept as %s",
                    self.backup_path, held, self.path, self.records, kept)

    def close(self, keep_reading: bool = False) -> None:
        """Close the file and release the locks. With ``keep_reading`` its part lines can still
        be read (until the next ``close``): the descriptor that reads them may share the
        lock on the file as opened, so it is closed first otherwise."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        if self.parts is not None and not keep_reading:
            self.parts.close()
        self._lose_lock()
