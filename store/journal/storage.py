"""Durable, crash-safe TinyDB storage: an append-only journal with compaction.

``JournalStorage`` keeps the database in memory and appends each committed
change as one fsynced line (see ``fileformat`` for the layout, ``dbfile`` for the
file itself: links, locks, special or replaced files). Opening replays snapshot +
journal; the file is compacted (rewritten atomically) once the journal grows past
half the snapshot. One process writes a database at a time; others open it read-only.

Use ``StoreDB(path)``: a TinyDB whose tables (``JournalTable``) save only the
documents an operation changed.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Mapping, Sequence

from tinydb import TinyDB
from tinydb.storages import Storage

from . import durable
from . import fileformat as fmt
from .dbfile import FileReplaced, JournalFile, stamped
from .errors import DatabaseReadOnlyError, DatabaseReplacedError, StoreError, StoreWriteError
from .table import CopyOnRead, JournalTable
from .migrations import migrate

log = logging.getLogger(__name__)
_ABSENT = object()

__all__ = ["JournalStorage", "JournalTable", "StoreDB"]


class JournalStorage(Storage):
    """TinyDB storage that appends one fsynced line per change.

    ``read_only``: None tries to lock the database and falls back to read-only
    when another process holds it or the file is not writable; True never writes;
    False raises instead of falling back. ``notices`` lists what the user should be
    told about the file after opening it (a cut-off unfinished save, a conversion).
    """

    #: compaction once the journal exceeds max(this, snapshot * compact_ratio)
    compact_min_bytes = 64 * 1024
    compact_ratio = 0.5
    #: on close, compact when the journal exceeds snapshot * close_compact_ratio
    close_compact_ratio = 0.125

    def __init__(self, path, read_only: bool | None = None):
        super().__init__()
        self._file = JournalFile(path, read_only)
        self.path = self._file.path
        self.backup_path = self._file.backup_path
        self._dirty: dict[str, fmt.Pending] = {}
        self._nested: dict[str, set[str]] = {}      # per table: ids of docs to copy when read
        self._closed = False
        self._compact_retry_at = 0
        self._replaced: tuple[str, str | None, str | None] | None = None  # what, copy, error
        loaded = self._file.open()
        self._tables: dict[str, dict] = loaded.tables
        try:
            self._settle(loaded.layout)
        except BaseException:
            self._file.close()
            raise

    @property
    def read_only(self) -> bool:
        """True when this storage never writes (asked, locked elsewhere, or not writable)."""
        return self._file.read_only

    @property
    def lock_holder_pid(self) -> int | None:
        """The pid of the process holding the database, when known."""
        return self._file.lock_holder_pid

    @property
    def notices(self) -> list[str]:
        """What the user should know about the file, in words (empty when all is well)."""
        return self._file.notices

    # --- opening -----------------------------------------------------------

    def _settle(self, layout: int) -> None:
        """Create a new file or convert an older layout (when writable)."""
        if self.read_only:
            return
        if layout == fmt.LAYOUT:
            self._unshare_backup()
            return
        keep = f"{self.path}.layout{layout}.bak" if layout else None
        try:
            self._rewrite(keep_old=keep)
        except OSError as exc:
            action = "convert" if keep else "create"
            raise StoreError(f"Cannot {action} the database {self.path}: {exc.strerror or exc}. "
                             "The existing file (if any) was not changed.", self.path) from exc
        if keep:
            self.notices.append(f"{self.path} was converted to file layout {fmt.LAYOUT} (every "
                                f"line checked by a checksum); the file as it was is kept as {keep}.")

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
            table = self._tables.get(name)
            if table is None:
                table = self._tables[name] = {}
                self._mark(name)
            for i in removed[name]:
                del table[i]
            for i, raw in encoded.items():
                table[i] = json.loads(raw)
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
        nobody changes the database by mutating a document they were given, and
        those whose long values are still in the file are read from it."""
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
                       deleted: Sequence[str] = ()) -> None:
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
        return DatabaseReadOnlyError(self.path, self.lock_holder_pid, self._file.read_only_why).reason

    def ensure_writable(self) -> None:
        """Raise ``DatabaseReadOnlyError`` (or StoreError when closed) if saving is impossible."""
        if self._closed:
            raise StoreError(f"The database {self.path} is closed.", self.path)
        if self.read_only:
            raise DatabaseReadOnlyError(self.path, self.lock_holder_pid, self._file.read_only_why)

    @property
    def pending_count(self) -> int:
        """Number of changes (documents or tables) kept in memory but not yet saved."""
        return sum(max(1, len(p.ids) + p.reset) for p in self._dirty.values())

    def flush_pending(self) -> None:
        """Retry saving pending changes; raises ``StoreWriteError`` if it still fails
        (``DatabaseReplacedError``, for good, once the file was replaced)."""
        if self._dirty and self._replaced is not None:
            raise self._replaced_error()
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
        records = fmt.count_records(self._tables)
        line = fmt.seal(fmt.pending_record(self._dirty, self._tables, fresh or {}), records)
        try:
            self._file.append(line, records)
        except FileReplaced as exc:
            raise self._stop_writing(str(exc)) from None
        except OSError as exc:
            raise StoreWriteError(self.path, "save changes to", exc, self.pending_count) from exc
        self._dirty.clear()
        self._maybe_compact()

    # --- a file replaced by another program ----------------------------------

    def _stop_writing(self, what: str) -> DatabaseReplacedError:
        """The path leads to another file now: save this window's data beside it instead,
        write nothing more, and let another window open the new file."""
        target = stamped(self.path, "unsaved")
        copy: str | None = target
        failure: str | None = None
        try:
            self.save_copy(target)
        except OSError as exc:
            copy, failure = None, exc.strerror or str(exc)
        self._file.close(keep_reading=True)
        self._replaced = (what, copy, failure)
        error = self._replaced_error()
        self._file.read_only, self._file.read_only_why = True, str(error)
        return error

    def _replaced_error(self) -> DatabaseReplacedError:
        assert self._replaced is not None
        what, copy, failure = self._replaced
        return DatabaseReplacedError(self.path, what, copy, self.pending_count, failure)

    # --- compaction, copies, closing ---------------------------------------

    def _maybe_compact(self) -> None:
        limit = max(self.compact_min_bytes, self._file.snapshot_bytes * self.compact_ratio)
        if self._file.journal_bytes <= max(limit, self._compact_retry_at):
            return
        try:
            self._rewrite(keep_old=self.backup_path)
        except OSError as exc:
            self._compact_retry_at = self._file.journal_bytes + self.compact_min_bytes
            log.warning("compacting %s failed (%s); the journal stays valid, retrying later",
                        self.path, exc)

    def compact(self, backup: str | None = None) -> None:
        """Rewrite the file as one snapshot now, keeping the previous file as ``.bak``; or,
        given ``backup``, a copy made already (a schema upgrade's), ``.bak`` becomes that."""
        self.ensure_writable()
        try:
            self._rewrite(keep_old=None if backup else self.backup_path)
            if backup:
                durable.keep_copy(backup, self.backup_path)
        except OSError as exc:
            raise StoreWriteError(self.path, "compact", exc, self.pending_count) from exc

    def _rewrite(self, keep_old: str | None) -> None:
        """Atomically replace the file with header + snapshot of the live state."""
        try:
            self._file.rewrite(self._tables, keep_old)
        except FileReplaced as exc:
            raise self._stop_writing(str(exc)) from None
        self._nested.clear()                  # documents now read from the new file
        self._dirty.clear()
        self._compact_retry_at = 0

    def save_copy(self, target: str) -> None:
        """Write the current state as a complete database file at ``target`` (atomically)."""
        durable.replace_synced(os.fspath(target), fmt.snapshot(self._tables).data)

    def close(self, discard_pending: bool = False) -> None:
        """Save pending changes, compact if worthwhile, release the lock.

        If pending changes cannot be saved, raises ``StoreWriteError`` and stays
        open (retry later, or pass ``discard_pending=True`` to give them up).
        A file replaced by another program is never compacted: if this window had
        written to it, its data is saved beside it and ``DatabaseReplacedError`` raised.
        """
        if self._closed:
            return
        if not self.read_only or self._replaced is not None:
            try:
                self.flush_pending()
                if self._replaced is None:
                    self._finish()
            except StoreWriteError:
                if not discard_pending:
                    raise
        self.abandon()

    def _finish(self) -> None:
        try:
            self._file.check_same()
        except FileReplaced as exc:
            if self._file.changed:
                raise self._stop_writing(str(exc)) from None
            return                            # nothing of this window's is lost: leave it be
        if self._file.journal_bytes > self._file.snapshot_bytes * self.close_compact_ratio:
            try:
                self._rewrite(keep_old=self.backup_path)
            except OSError as exc:
                log.warning("compacting %s on close failed: %s", self.path, exc)

    def abandon(self) -> None:
        """Close the file and release the lock without saving anything."""
        self._file.close()
        self._closed = True


class StoreDB(TinyDB):
    """TinyDB on a ``JournalStorage`` with ``JournalTable`` tables.

    ``StoreDB(path, read_only=None)``; the data schema is migrated on open
    (see ``store.migrations``).
    """

    table_class = JournalTable
    default_storage_class = JournalStorage  # type: ignore[assignment]  # TinyDB types it narrowly

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        try:
            migrate(self)
        except BaseException:
            abandon = getattr(self.storage, "abandon", None)
            if abandon is not None:
                abandon()                     # release the file without saving anything
            self.close()
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
        self.storage.drop_table(name)
        self.table(name).clear_cache()        # a table object already handed out reads afresh
