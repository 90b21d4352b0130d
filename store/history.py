"""Undo and redo for annotation changes, several steps deep."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from store.annotation import Annotation
from store.errors import StoreWriteError


class AnnotationStore(Protocol):
    """What the history needs from the library."""

    def save_annotation(self, annotation: Annotation) -> None: ...
    def delete_annotation(self, annotation_id: str) -> None: ...


@dataclass(frozen=True)
class Change:
    """One step: the annotation before and after (None where it does not exist)."""

    before: Annotation | None
    after: Annotation | None
    label: str


class History:
    """Applies changes to the store and remembers them for undo and redo."""

    def __init__(self, store: AnnotationStore, depth: int = 200) -> None:
        self.store = store
        self.depth = depth
        self._undo: list[Change] = []
        self._redo: list[Change] = []

    def _apply(self, state_from: Annotation | None, state_to: Annotation | None) -> None:
        if state_to is None:
            assert state_from is not None
            self.store.delete_annotation(state_from.id)
        else:
            self.store.save_annotation(state_to)

    def record(self, before: Annotation | None, after: Annotation | None, label: str) -> Change:
        """Apply a change (create: before=None, delete: after=None) and make it undoable.

        A StoreWriteError still records the change: the storage keeps it in memory and saves
        it when the disk allows, so for the user it has happened.
        """
        change = Change(before, after, label)
        try:
            self._apply(before, after)
        except StoreWriteError:
            self._push(change)
            raise
        self._push(change)
        return change

    def _push(self, change: Change) -> None:
        self._undo.append(change)
        del self._undo[:-self.depth]
        self._redo.clear()

    def undo(self) -> Change | None:
        """Revert the last change; None when there is nothing to undo."""
        if not self._undo:
            return None
        change = self._undo[-1]
        self._apply(change.after, change.before)
        self._redo.append(self._undo.pop())
        return change

    def redo(self) -> Change | None:
        """Apply the last undone change again; None when there is nothing to redo."""
        if not self._redo:
            return None
        change = self._redo[-1]
        self._apply(change.before, change.after)
        self._undo.append(self._redo.pop())
        return change
