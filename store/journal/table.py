"""A TinyDB table that saves only the documents an operation changed.

Stock ``tinydb.table.Table`` copies the whole database on every read and
rewrites it on every write. ``JournalTable`` works directly on the storage's
live table and hands the storage the ids that changed, so inserting or
updating one document costs the same at 100 or 100,000 documents. With any
storage other than ``JournalStorage`` it behaves exactly like ``Table``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, MutableMapping

from tinydb.table import Table

from .errors import StoreWriteError
from .fileformat import copy_doc
from .parts import Apart

_MISSING = object()


class JournalTable(Table):
    """TinyDB table whose saves cost O(changed documents) on a JournalStorage."""

    def _fast_storage(self):
        storage = self.storage
        return storage if hasattr(storage, "commit_changes") else None

    # _read_table and _update_table are TinyDB's documented extension hooks for a table class.

    def _read_table(self):
        """The live table (not a copy) on a JournalStorage."""
        storage = self._fast_storage()
        if storage is None:
            return super()._read_table()
        return storage.read_view(self.name)

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
            updater(tracker)  # type: ignore[arg-type]  # a dict-like view of the table
            storage.commit_changes(self.name, data, tracker.changed_ids(), tracker.deleted_ids())
        except StoreWriteError:
            raise
        except BaseException:
            tracker.rollback()
            raise
        finally:
            self.clear_cache()


class CopyOnRead(Mapping):
    """A live table whose documents listed in ``nested`` are deep-copied (or read from the
    file) on access."""

    def __init__(self, live: dict, nested: set[str]):
        self._live, self._nested = live, nested

    def __getitem__(self, key: str) -> dict:
        doc = self._live[key]
        return copy_doc(doc) if key in self._nested else doc

    def __iter__(self) -> Iterator[str]:
        return iter(self._live)

    def __len__(self) -> int:
        return len(self._live)


class _ChangeTracker(MutableMapping):
    """The live ``{str id: doc}`` table seen as ``{document_id_class: doc}``.

    Remembers the previous value of every document the updater touched, to
    find what really changed and to undo it if the operation fails. Removals
    are only recorded (the documents stay hidden in the live table) until the
    storage commits them, so an undo keeps the table's order.
    """

    __slots__ = ("_data", "_id_class", "_before", "_deleted")

    def __init__(self, data: dict, id_class: type):
        self._data = data
        self._id_class = id_class
        self._before: dict[str, object] = {}
        self._deleted: dict[str, None] = {}

    def _remember(self, key: str, copy: bool) -> None:
        if key not in self._before:
            old = self._data.get(key, _MISSING)
            self._before[key] = copy_doc(old) if copy and old is not _MISSING else old

    def __getitem__(self, doc_id):
        key = str(doc_id)
        if key in self._deleted:
            raise KeyError(doc_id)
        doc = self._data[key]
        if isinstance(doc, Apart):          # read from the file: a copy to change in place
            self._remember(key, copy=False)
            doc = self._data[key] = doc.load()
        else:
            self._remember(key, copy=True)  # the caller may change it in place
        return doc

    def __setitem__(self, doc_id, doc) -> None:
        key = str(doc_id)
        self._deleted.pop(key, None)
        self._remember(key, copy=False)
        self._data[key] = doc

    def __delitem__(self, doc_id) -> None:
        if doc_id not in self:
            raise KeyError(doc_id)
        self._deleted[str(doc_id)] = None

    def pop(self, doc_id, *default):
        """Remove a document and return it."""
        if doc_id not in self:
            if default:
                return default[0]
            raise KeyError(doc_id)
        key = str(doc_id)
        self._deleted[key] = None
        return self._data[key]

    def clear(self) -> None:
        """Remove all documents in one pass."""
        self._deleted = dict.fromkeys(self._data)

    def __contains__(self, doc_id) -> bool:
        key = str(doc_id)
        return key in self._data and key not in self._deleted

    def __iter__(self) -> Iterator:
        if not self._deleted:
            return map(self._id_class, self._data)
        deleted = self._deleted
        return (self._id_class(k) for k in self._data if k not in deleted)

    def __len__(self) -> int:
        return len(self._data) - len(self._deleted)

    def changed_ids(self) -> list[str]:
        """Ids of documents added or modified (and not removed), in touch order. A document
        read from the file and left unchanged goes back to being read from there."""
        changed = []
        for key, old in self._before.items():
            if key in self._deleted:
                continue
            new = self._data[key]
            if old is not new and (old is _MISSING or old != new):
                changed.append(key)
            elif isinstance(old, Apart):
                self._data[key] = old
        return changed

    def deleted_ids(self) -> list[str]:
        """Ids of documents removed (still present in the live table until committed)."""
        return list(self._deleted)

    def rollback(self) -> None:
        """Put back every document as it was before the updater ran."""
        for key, old in self._before.items():
            if old is _MISSING:
                self._data.pop(key, None)
            else:
                self._data[key] = old
        self._deleted.clear()
