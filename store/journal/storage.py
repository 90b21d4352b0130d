"""Durable, crash-safe TinyDB storage: an append-only journal with compaction.

``JournalStorage`` keeps the database in memory and appends each committed
change as one fsynced line (see ``fileformat`` for the layout). Opening
replays snapshot + journal; the file is compacted (rewritten atomically) once
the journal grows past half the snapshot. One process writes a database at a
time (an OS file lock on ``<path>.lock``); others open it read-only.

Use ``StoreDB(path)``: a TinyDB whose tables (``JournalTable``) save only the
documents an operation changed.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Mapping
from datetime import datetime, timezone

from tinydb import TinyDB
from tinydb.storages import Storage

from . import durable
from . import fileformat as fmt
from . import lock as journal_lock
from .errors import DatabaseReadOnlyError, StoreError, StoreWriteError
from .table import CopyOnRead, JournalTable
from .migrations import migrate

log = logging.getLogger(__name__)
_ABSENT = object()

__all__ = ["JournalStorage", "JournalTable", "StoreDB"]


class JournalStorage(Storage):
    """TinyDB storage that appends one fsynced line per change.

    ``read_only``: None tries to lock the database and falls back to read-only
    when another process holds it; True never writes; False raises
    ``DatabaseLockedError`` instead of falling back.
    """

    #: compaction once the journal exceeds max(this, snapshot * compact_ratio)
    compact_min_bytes = 64 * 1024
    compact_ratio = 0.5
    #: on close, compact when the journal exceeds snapshot * close_compact_ratio
    close_compact_ratio = 0.125

    def __init__(self, path, read_only: bool | None = None):
        super().__init__()
        self.path = os.path.abspath(os.fspath(path))
        self.backup_path = self.path + ".bak"
        self.read_only = read_only is True
        self.lock_holder_pid: int | None = None
        self._read_only_why = (f"{self.path} was opened read-only on request (--read-only); "
                               "reopen without it to make changes." if self.read_only else None)
        self._lock = None
        self._fd: int | None = None
        self._dirty: dict[str, fmt.Pending] = {}
        self._nested: dict[str, set[str]] = {}      # per table: ids of docs with lists/dicts
        self._closed = False
        self._compact_retry_at = 0
        if os.path.isdir(self.path):
            raise StoreError(f"{self.path} is a folder, not a stancemark database. "
                             "Choose a file name instead.", self.path)
        if not self.read_only:
            result = journal_lock.acquire(self.path, required=read_only is False)
            self._lock, self.lock_holder_pid = result.lock, result.holder_pid
            self.read_only = result.lock is None
            self._read_only_why = result.why
        try:
            self._open()
        except BaseException:
            self._release_lock()
            raise

    # --- opening -----------------------------------------------------------

    def _release_lock(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def _open(self) -> None:
        try:
            with open(self.path, "rb") as handle:
                data = handle.read()
        except FileNotFoundError:
            data = None
        except OSError as exc:
            raise StoreError(f"Cannot read the database {self.path}: {exc.strerror or exc}. "
                             "Check that the file exists and is readable.", self.path) from exc
        backup = self.backup_path if os.path.exists(self.backup_path) else None
        loaded = fmt.load(self.path, data, backup)
        self._tables: dict[str, dict] = loaded.tables
        self._torn = loaded.torn
        self._size = loaded.good_end
        self._snapshot_bytes = loaded.snapshot_bytes
        self._journal_bytes = loaded.journal_bytes
        if self.read_only:
            return
        if loaded.layout == 2:
            self._unshare_backup()
            return
        keep = self.path + ".layout1.bak" if loaded.layout == 1 else None
        try:
            self._rewrite(keep_old=keep)
        except OSError as exc:
            action = "convert" if keep else "create"
            raise StoreError(f"Cannot {action} the database {self.path}: {exc.strerror or exc}. "
                             "The existing file (if any) was not changed.", self.path) from exc

    def _unshare_backup(self) -> None:
        """After a crash inside a compaction the backup may still be a hard link to
        the database itself (and would grow with it): make it a real copy."""
        try:
            if os.path.exists(self.backup_path) and os.path.samefile(self.path, self.backup_path):
                durable.keep_copy(self.path, self.backup_path, link=False)
        except OSError as exc:
            log.warning("could not separate %s from %s: %s", self.backup_path, self.path, exc)

    # --- the TinyDB storage contract ---------------------------------------

    def read(self) -> dict:
        """A deep copy of all tables, which the caller may change freely."""
        return {name: {i: fmt.copy_doc(doc) for i, doc in docs.items()}
                for name, docs in self._tables.items()}

    def write(self, data: dict | None) -> None:
        """Save the whole database state ``data``; only the differences are written."""
        self.ensure_writable()
        data = data or {}
        fresh: dict[str, dict[str, bytes]] = {}
        removed: dict[str, list[str]] = {}
        for name, docs in data.items():
            if not isinstance(name, str):
                raise TypeError(f"table names must be strings, not {name!r}")
            live = self._tables.get(name, {})
            keys = {str(i) for i in docs}
            removed[name] = [i for i in live if i not in keys]
            fresh[name] = {str(i): fmt.encode_doc(doc) for i, doc in docs.items()
                           if live.get(str(i), _ABSENT) != doc}
        for name in [n for n in self._tables if n not in data]:
            self._drop(name)
        for name, encoded in fresh.items():
            self._nested.pop(name, None)
            live = self._tables.get(name)
            if live is None:
                live = self._tables[name] = {}
                self._mark(name)
            for i in removed[name]:
                del live[i]
            for i, raw in encoded.items():
                live[i] = json.loads(raw)
            if removed[name] or encoded:
                self._mark(name, removed[name])
                self._mark(name, encoded)
        self._flush(fresh)

    # --- fast path used by JournalTable ------------------------------------

    def live_table(self, name: str) -> dict | None:
        """The live ``{str id: doc}`` dict of a table (not a copy), or None."""
        return self._tables.get(name)

    def read_view(self, name: str) -> Mapping:
        """Table ``name`` for reading, without copying it: the live dict, except
        that documents holding lists or dicts are copied when accessed, so
        nobody changes the database by mutating a document they were given."""
        live = self._tables.get(name)
        if live is None:
            return {}
        nested = self._nested.get(name)
        if nested is None:
            nested = self._nested[name] = {i for i, d in live.items() if fmt.has_containers(d)}
        return CopyOnRead(live, nested) if nested else live

    def table_names(self) -> list[str]:
        """Names of all tables."""
        return list(self._tables)

    def commit_changes(self, name: str, data: dict, changed: list[str],
                       deleted: list[str] = ()) -> None:
        """Save table ``name`` whose live dict is ``data``: the documents ``changed``
        there, and the removal of ``deleted`` (popped from ``data`` here).

        Only those documents are serialized and appended, so the cost does not
        depend on the database size. Raises TypeError/ValueError (nothing
        changed) if a document is not JSON, ``StoreWriteError`` if the disk
        refuses the write (the change is kept as pending).
        """
        self.ensure_writable()
        encoded = {i: fmt.encode_doc(data[i]) for i in changed}
        for i in deleted:
            del data[i]
        if self._tables.get(name) is not data:
            self._tables[name] = data
            self._mark(name)
        for i, raw in encoded.items():
            data[i] = json.loads(raw)       # decouple from the caller's objects
        nested = self._nested.get(name)
        if nested is not None:
            nested.difference_update(deleted)
            for i in changed:
                if fmt.has_containers(data[i]):
                    nested.add(i)
                else:
                    nested.discard(i)
        if changed or deleted:
            self._mark(name, changed)
            self._mark(name, deleted)
        self._flush({name: encoded})

    def drop_table(self, name: str) -> None:
        """Remove a table (O(1) apart from the save)."""
        self.ensure_writable()
        if name in self._tables:
            self._drop(name)
        self._flush()

    # --- pending changes, errors, state ------------------------------------

    @property
    def read_only_reason(self) -> str | None:
        """Why this database cannot be saved (for the app to show), or None."""
        if not self.read_only:
            return None
        return DatabaseReadOnlyError(self.path, self.lock_holder_pid, self._read_only_why).reason

    def ensure_writable(self) -> None:
        """Raise ``DatabaseReadOnlyError`` (or StoreError when closed) if saving is impossible."""
        if self._closed:
            raise StoreError(f"The database {self.path} is closed.", self.path)
        if self.read_only:
            raise DatabaseReadOnlyError(self.path, self.lock_holder_pid, self._read_only_why)

    @property
    def pending_count(self) -> int:
        """Number of changes (documents or tables) kept in memory but not yet saved."""
        return sum(max(1, len(p.ids) + p.reset) for p in self._dirty.values())

    def flush_pending(self) -> None:
        """Retry saving pending changes; raises ``StoreWriteError`` if it still fails."""
        if self._dirty and not self.read_only:
            self._flush()

    def _mark(self, name: str, ids=()) -> None:
        pending = self._dirty.setdefault(name, fmt.Pending())
        for i in ids:
            pending.ids[i] = None

    def _drop(self, name: str) -> None:
        del self._tables[name]
        self._nested.pop(name, None)
        self._dirty[name] = fmt.Pending(reset=True)

    def _flush(self, fresh: dict[str, dict[str, bytes]] | None = None) -> None:
        if not self._dirty:
            return
        self._append(fmt.pending_line(self._dirty, self._tables, fresh or {}))
        self._dirty.clear()
        self._maybe_compact()

    def _append(self, line: bytes) -> None:
        try:
            fd = self._writer()
            durable.write_all(fd, line)
            durable.sync(fd)
        except OSError as exc:
            self._undo_partial()
            raise StoreWriteError(self.path, "save changes to", exc, self.pending_count) from exc
        self._size += len(line)
        self._journal_bytes += len(line)

    def _writer(self) -> int:
        """The append descriptor, after cutting off any torn or partial tail."""
        if self._fd is None:
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND)
        if self._torn:
            self._save_torn()
        size = os.fstat(self._fd).st_size
        if size < self._size:
            raise OSError(0, f"the file shrank from {self._size} to {size} bytes "
                             "(changed by another program?)")
        if size > self._size:
            os.ftruncate(self._fd, self._size)
            durable.sync(self._fd)
        return self._fd

    def _save_torn(self) -> None:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        target = f"{self.path}.torn-{stamp}"
        durable.write_synced(target, self._torn)
        durable.sync_dir(os.path.dirname(self.path))
        log.warning("an unfinished write (%d bytes) at the end of %s was cut off; kept in %s",
                    len(self._torn), self.path, target)
        self._torn = b""

    def _undo_partial(self) -> None:
        if self._fd is None:
            return
        try:
            if os.fstat(self._fd).st_size > self._size:
                os.ftruncate(self._fd, self._size)
        except OSError as exc:
            log.warning("could not cut a partial write from %s (%s); retried before the "
                        "next save", self.path, exc)

    # --- compaction, copies, closing ---------------------------------------

    def _maybe_compact(self) -> None:
        limit = max(self.compact_min_bytes, self._snapshot_bytes * self.compact_ratio)
        if self._journal_bytes <= max(limit, self._compact_retry_at):
            return
        try:
            self._rewrite(keep_old=self.backup_path)
        except OSError as exc:
            self._compact_retry_at = self._journal_bytes + self.compact_min_bytes
            log.warning("compacting %s failed (%s); the journal stays valid, retrying later",
                        self.path, exc)

    def compact(self) -> None:
        """Rewrite the file as one snapshot now, keeping the previous file as ``.bak``."""
        self.ensure_writable()
        try:
            self._rewrite(keep_old=self.backup_path)
        except OSError as exc:
            raise StoreWriteError(self.path, "compact", exc, self.pending_count) from exc

    def _rewrite(self, keep_old: str | None) -> None:
        """Atomically replace the file with header + snapshot of the live state."""
        if self._torn:
            self._save_torn()
        snapshot = fmt.snapshot_line(self._tables)
        durable.replace_synced(self.path, fmt.HEADER + snapshot, keep_old=keep_old)
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        self._dirty.clear()
        self._size = len(fmt.HEADER) + len(snapshot)
        self._snapshot_bytes = len(snapshot)
        self._journal_bytes = 0
        self._compact_retry_at = 0

    def save_copy(self, target: str) -> None:
        """Write the current state as a complete database file at ``target`` (atomically)."""
        durable.replace_synced(os.fspath(target), fmt.HEADER + fmt.snapshot_line(self._tables))

    def close(self, discard_pending: bool = False) -> None:
        """Save pending changes, compact if worthwhile, release the lock.

        If pending changes cannot be saved, raises ``StoreWriteError`` and stays
        open (retry later, or pass ``discard_pending=True`` to give them up).
        """
        if self._closed:
            return
        if not self.read_only:
            try:
                self.flush_pending()
            except StoreWriteError:
                if not discard_pending:
                    raise
            if not self._dirty and self._journal_bytes > self._snapshot_bytes * self.close_compact_ratio:
                try:
                    self._rewrite(keep_old=self.backup_path)
                except OSError as exc:
                    log.warning("compacting %s on close failed: %s", self.path, exc)
        self.abandon()

    def abandon(self) -> None:
        """Close the file and release the lock without saving anything."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        self._release_lock()
        self._closed = True


class StoreDB(TinyDB):
    """TinyDB on a ``JournalStorage`` with ``JournalTable`` tables.

    ``StoreDB(path, read_only=None)``; the data schema is migrated on open
    (see ``store.migrations``).
    """

    table_class = JournalTable
    default_storage_class = JournalStorage

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        try:
            migrate(self)
        except BaseException:
            self._opened = False
            getattr(self.storage, "abandon", self.storage.close)()
            raise

    def tables(self) -> set[str]:
        """Names of all tables (without copying the data)."""
        storage = self.storage
        if isinstance(storage, JournalStorage):
            return set(storage.table_names())
        return super().tables()

    def drop_table(self, name: str) -> None:
        """Drop one table, writing a single journal line."""
        if not isinstance(self.storage, JournalStorage):
            super().drop_table(name)
            return
        self._tables.pop(name, None)
        self.storage.drop_table(name)
