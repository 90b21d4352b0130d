"""Orphaned annotations: p in the annotation panel puts one on the reader's selection."""

from __future__ import annotations

from textual import on

from stancemark.tui.screens.base import LibraryScreen
from stancemark.tui.widgets.annotation_panel import AnnotationPanel
from stancemark.tui.widgets.reader import Reader

QUOTE_WORDS = 12


class OrphanActions(LibraryScreen):
    """Re-places an orphaned annotation (one whose passage was not found again when its
    article's text changed) on the passage the user selected; u undoes it."""

    @on(AnnotationPanel.Place)
    def _place_orphan(self, message: AnnotationPanel.Place) -> None:
        if message.annotation_id is None:
            self._tell("p places an orphaned annotation: highlight one under “orphaned” first."
                       if self.annotator.orphans else "This article has no orphaned annotations.",
                       severity="warning")
            return
        if not self._can_annotate():
            return
        span = self.query_one(Reader).selection.target
        if span is None:
            self._tell("Select its passage in the reader first (j k, J K, w b).",
                       severity="warning")
            return
        placed = self._run(self.annotator.place, message.annotation_id, span)
        if placed is not None:
            self._select_annotation(placed.start, placed.end)
            words = placed.quote.split()
            quote = " ".join(words[:QUOTE_WORDS]) + (" …" if len(words) > QUOTE_WORDS else "")
            self._tell(f"Placed the orphaned {placed.stance} annotation on “{quote}”. "
                       "u to undo.")
