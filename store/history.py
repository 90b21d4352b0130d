"""Undo and redo for annotation changes and entity corrections, several steps deep."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Protocol

from stancemark.store.annotation import Annotation
from stancemark.store.corrections import Correction, CorrectionTable
from stancemark.store.journal.errors import StoreWriteError


class AnnotationStore(Protocol):
    """What the history needs from the library."""

    corrections: CorrectionTable

    def save_annotation(self, annotation: Annotation) -> None: ...
    def delete_annotation(self, annotation_id: str) -> None: ...


@dataclass(frozen=True)
class Change:
    """One step: the annotation (or correction) before and after (None where it does not
    exist)."""

    before: Annotation | Correction | None
    after: Annotation | Correction | None
    label: str


class History:
    """Applies changes to the store and remembers them for undo and redo."""

    def __init__(self, store: AnnotationStore, depth: int = 200) -> None:
        self.store = store
        self.depth = depth
        self._undo: list[Change] = []
        self._redo: list[Change] = []

    def _apply(self, state_from: Annotation | Correction | None,
               state_to: Annotation | Correction | None) -> None:
        if isinstance(state_to or state_from, Correction):
            corrections = self.store.corrections
            if state_to is None:
                assert state_from is not None
                corrections.delete(state_from.id)
            else:
                corrections.save(state_to)  # type: ignore[arg-type]
        elif state_to is None:
            assert state_from is not None
            self.store.delete_annotation(state_from.id)
        else:
            self.store.save_annotation(state_to)  # type: ignore[arg-type]

    def record(self, before: Annotation | Correction | None,
               after: Annotation | Correction | None, label: str) -> Change:
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

    def forget(self, article_ids: Collection[str]) -> None:
        """Drop the steps on annotations of these articles: their text was replaced, and
        undoing such a step would put an annotation back on a text that is gone (a correction
        applies to every article, so its steps stay)."""
        def kept(change: Change) -> bool:
            return not any(isinstance(state, Annotation) and state.article_id in article_ids
                           for state in (change.before, change.after))

        self._undo = [c for c in self._undo if kept(c)]
        self._redo = [c for c in self._redo if kept(c)]

    def undo(self) -> Change | None:
        """Revert the last change; None when there is nothing to undo."""
        return self._move(self._undo, self._redo, undo=True)

    def redo(self) -> Change | None:
        """Apply the last undone change again; None when there is nothing to redo."""
        return self._move(self._redo, self._undo, undo=False)

    def _move(self, source: list[Change], target: list[Change], undo: bool) -> Change | None:
        """Apply the newest change of ``source`` (backwards when undoing) and move it to
        ``target``; as in ``record``, a StoreWriteError still counts as done."""
        if not source:
            return None
        change = source[-1]
        try:
            if undo:
                self._apply(change.after, change.before)
            else:
                self._apply(change.before, change.after)
        except StoreWriteError:
            target.append(source.pop())
            raise
        target.append(source.pop())
        return change
