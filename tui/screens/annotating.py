"""Annotating on the main screen: tagging the selection with a stance (1–9), editing the
focused annotation (holder, target, note), deleting it, going through the annotations and
undoing or redoing changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import on

from stancemark.store.corrections import Correction
from stancemark.store.journal.errors import StoreError
from stancemark.tui.screens.base import LibraryScreen
from stancemark.tui.widgets.annotation_panel import AnnotationPanel
from stancemark.tui.widgets.article_list import ArticleList
from stancemark.tui.widgets.reader import Reader

if TYPE_CHECKING:
    from stancemark.store.annotation import Annotation


class AnnotationActions(LibraryScreen):
    """Changes to the open article's annotations, each saved at once and undoable (the keys
    are the main screen's bindings)."""

    @on(Reader.CursorMoved)
    def _cursor_moved(self, message: Reader.CursorMoved) -> None:
        before = self.annotator.focused
        self.annotator.focus_at(message.reader.selection.target)
        if self.annotator.focused != before:
            message.reader.set_marks(self.annotator.marks())
            self._highlight_in_panel()
        self._show_focus()

    def _highlight_in_panel(self) -> None:
        panel = self.query_one(AnnotationPanel)
        ids = [a.id for a in self.annotator.annotations]
        if self.annotator.focused in ids:
            panel.highlighted = ids.index(self.annotator.focused)

    def _refresh_annotations(self) -> None:
        self.query_one(Reader).set_marks(self.annotator.marks())
        self.query_one(AnnotationPanel).show_annotations(self.annotator.annotations, self.scheme,
                                                         self.annotator.focused,
                                                         self.annotator.orphans)
        self._show_focus()
        self._update_topbar()

    def _after_change(self) -> None:
        self._refresh_annotations()
        self._tags_changed()
        article = self.annotator.article
        if article is not None:
            self._annotations_changed(article.id)
            self.query_one(ArticleList).update_counts(
                article, self.library.article_stance_counts(article.id), self.scheme,
                orphans=len(self.annotator.orphans))

    def _can_annotate(self, need_focus: bool = False) -> bool:
        if self.annotator.article is None:
            self._tell("Open an article first (Enter on the list).", severity="warning")
            return False
        if self.library.read_only:
            self._tell(f"Not changed: {self.library.read_only_reason}", severity="warning")
            return False
        if need_focus and self.annotator.current() is None:
            self._tell("No annotation here: tag a passage first (1–9), or jump to one with ] [.",
                        severity="warning")
            return False
        return True

    def _run(self, change, *args, **kwargs):
        """Apply a change; a failed save is shown and kept in memory to retry."""
        try:
            return change(*args, **kwargs)
        except StoreError as exc:
            self._tell(str(exc), title="Not saved yet", severity="error", timeout=15)
        finally:
            self._after_change()

    def action_tag(self, key: str) -> None:
        """Tag the selection (or the cursor sentence) with the stance on ``key``."""
        if not self._can_annotate():
            return
        label = self.scheme.by_key(key)
        if label is None:
            self._tell(f"No stance on key {key}: the scheme has "
                        + ", ".join(f"{l.key} {l.name}" for l in self.scheme.labels), severity="warning")
            return
        reader = self.query_one(Reader)
        if reader.selection.target is None:
            return
        self._run(self.annotator.tag, reader.selection.target, key)
        reader.action_clear()
        self._after_tag()

    def _focused_for_edit(self) -> Annotation | None:
        """The focused annotation, if one may be edited now (else the user is told why)."""
        return self.annotator.current() if self._can_annotate(need_focus=True) else None

    def _set_field(self, field: str) -> Callable[[str | None], None]:
        """A dialog's callback: save ``field`` of the focused annotation unless cancelled."""
        def save(value: str | None) -> None:
            if value is not None:
                self._run(self.annotator.edit, **{field: value})
        return save

    def action_holder(self) -> None:
        """Pick who holds the focused annotation's stance."""
        current = self._focused_for_edit()
        if current is None:
            return
        from stancemark.tui.screens.holder import HolderScreen  # dialogs load on first use, not at start-up

        attributions = self.open_attributions()
        candidates = self.annotator.holder_candidates(self.query_one(Reader).entities,
                                                      attributions)
        self.app.push_screen(HolderScreen(candidates, current.holder, self._speakers_note()),
                             self._set_field("holder"))

    def action_target(self) -> None:
        """Say what the focused annotation's stance is towards."""
        current = self._focused_for_edit()
        if current is None:
            return
        from stancemark.tui.screens.prompt import PromptScreen

        self.app.push_screen(PromptScreen("Towards what (target)?", current.target,
                                          self.library.targets()), self._set_field("target"))

    def action_note(self) -> None:
        """Edit the focused annotation's note."""
        current = self._focused_for_edit()
        if current is None:
            return
        from stancemark.tui.screens.prompt import NoteScreen

        self.app.push_screen(NoteScreen(current.note, current.quote), self._set_field("note"))

    def action_delete(self) -> None:
        """Delete the focused annotation (u brings it back)."""
        if self._can_annotate(need_focus=True):
            gone = self._run(self.annotator.delete)
            if gone:
                self._tell(f"Deleted the {gone.stance} annotation. u to undo.")

    def action_jump(self, direction: int) -> None:
        """Select the next or previous annotation."""
        if self.annotator.article is None:
            return
        reader = self.query_one(Reader)
        found = self.annotator.neighbour((reader.selection.target or (0, 0))[0], direction)
        if found is None:
            self._tell("No more annotations " + ("below." if direction > 0 else "above."))
            return
        self._select_annotation(found.start, found.end)

    def _select_annotation(self, start: int, end: int) -> None:
        self.query_one(Reader).select_span(start, end)

    def action_undo(self) -> None:
        """Undo the last change."""
        self._history_step(self.annotator.undo, "Undid", "undo")

    def action_redo(self) -> None:
        """Redo the last undone change."""
        self._history_step(self.annotator.redo, "Redid", "redo")

    def _history_step(self, step, verb: str, noun: str) -> None:
        if self.library.read_only:
            return
        try:
            change = step()
        except StoreError as exc:  # done in memory, saved when the disk allows
            self._tell(str(exc), title="Not saved yet", severity="error", timeout=15)
            self.annotator.reload()
            self._after_change()
            self._corrections_changed()
            return
        if change is None:
            self._tell(f"Nothing to {noun}.")
            return
        state = change.after or change.before
        if isinstance(state, Correction):  # in every article: the open one stays
            self._corrections_changed()
            self._tell(f"{verb}: {change.label} (in every article).")
            return
        focused = self.annotator.focused
        if self.annotator.article is None or state.article_id != self.annotator.article.id:
            self.open_article(state.article_id)
            self.annotator.focused = focused
        self._after_change()
        current = self.annotator.current()
        if current is not None:
            self._select_annotation(current.start, current.end)
        self._tell(f"{verb}: {change.label}.")
