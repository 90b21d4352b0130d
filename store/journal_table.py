"""A TinyDB table that saves only the documents an operation changed.

Stock ``tinydb.table.Table`` copies the whole database on every read and
rewrites it on every write. ``JournalTable`` works directly on the storage's
live table and hands the storage the ids that changed, so inserting or
updating one document costs the same at 100 or 100,000 documents. With any
storage other than ``JournalStorage`` it behaves exactly like ``Table``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping

from tinydb.table import Table

from .errors import StoreWriteError
from .journal_format import copy_doc

_MISSING = object()


class JournalTable(Table):
    """TinyDB table whose saves cost O(changed documents) on a JournalStorage."""

    def _fast_storage(self):
        storage = self._storage
        return storage if hasattr(storage, "commit_changes") else None

    def _read_table(self) -> dict:
        """The live table (not a copy) on a JournalStorage."""
        storage = self._fast_storage()
        if storage is None:
            return super()._read_table()
        return storage.live_table(self.name) or {}

    def _update_table(self, updater: Callable[[dict], None]) -> None:
        """Run ``updater`` on the live table and save only what it changed.

        If the updater or the save fails, the live table is restored, except
        on ``StoreWriteError``: the change then stays in memory as pending.
        """
        storage = self._fast_storage()
        if storage is None:
            super()._update_table(updater)
            return
        storage.ensure_writable()
        data = storage.live_table(self.name)
        if data is None:
            data = {}
        tracker = _ChangeTracker(data, self.document_id_class)
        try:
            updater(tracker)
            storage.commit_changes(self.name, tracker.changed_ids(), data)
        except StoreWriteError:
            raise
        except BaseException:
            tracker.rollback()
            raise
        finally:
            self.clear_cache()


class _ChangeTracker(MutableMapping):
    """The live ``{str id: doc}`` table seen as ``{document_id_class: doc}``.

    Remembers the previous value of every document the updater touched, to
    find what really changed and to undo it if the operation fails.
    """

    __slots__ = ("_data", "_id_class", "_before")

    def __init__(self, data: dict, id_class: type):
        self._data = data
        self._id_class = id_class
        self._before: dict[str, object] = {}

    def _remember(self, key: str, copy: bool) -> None:
        if key not in self._before:
            old = self._data.get(key, _MISSING)
            self._before[key] = copy_doc(old) if copy and old is not _MISSING else old

    def __getitem__(self, doc_id):
        key = str(doc_id)
        doc = self._data[key]
        self._remember(key, copy=True)      # the caller may change it in place
        return doc

    def __setitem__(self, doc_id, doc) -> None:
        key = str(doc_id)
        self._remember(key, copy=False)
        self._data[key] = doc

    def __delitem__(self, doc_id) -> None:
        key = str(doc_id)
        if key not in self._data:
            raise KeyError(doc_id)
        self._remember(key, copy=False)
        del self._data[key]

    def pop(self, doc_id, *default):
        """Remove a document without copying it first."""
        key = str(doc_id)
        if key not in self._data:
            if default:
                return default[0]
            raise KeyError(doc_id)
        self._remember(key, copy=False)
        return self._data.pop(key)

    def clear(self) -> None:
        """Remove all documents in one pass."""
        for key in self._data:
            self._remember(key, copy=False)
        self._data.clear()

    def __contains__(self, doc_id) -> bool:
        return str(doc_id) in self._data

    def __iter__(self) -> Iterator:
        return map(self._id_class, self._data)

    def __len__(self) -> int:
        return len(self._data)

    def changed_ids(self) -> list[str]:
        """Ids whose document was added, removed or modified, in touch order."""
        changed = []
        for key, old in self._before.items():
            new = self._data.get(key, _MISSING)
            if old is new:
                continue
            if old is _MISSING or new is _MISSING or old != new:
                changed.append(key)
        return changed

    def rollback(self) -> None:
        """Put back every document as it was before the updater ran."""
        for key, old in self._before.items():
            if old is _MISSING:
                self._data.pop(key, None)
            else:
                self._data[key] = old
