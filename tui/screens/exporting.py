"""Exporting from the app: a path whose ending picks the format, written off the UI thread."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import work

from stancemark.store.errors import ExportError
from stancemark.tui.executor import must_finish
from stancemark.tui.screens.base import LibraryScreen

if TYPE_CHECKING:
    from stancemark.store.article import Article


class ExportActions(LibraryScreen):
    """`e`: export every annotation of the library."""

    def action_export(self) -> None:
        """Export every annotation of the library; the file name's ending picks the format."""
        from stancemark.tui.screens.prompt import PromptScreen

        self.app.push_screen(PromptScreen("Export annotations to", "annotations.json",
                                          hint="Enter to write · Esc to cancel · other formats "
                                               "by ending: .jsonl .jsonld (W3C) .spacy .csv"),
                             self._export_to)

    def _export_to(self, value: str | None) -> None:
        if not value:
            return
        from stancemark.store.export import build_export

        annotations = self.library.annotations(orphaned=None)
        ids = {a.article_id for a in annotations}
        articles = self.library.articles(ids)
        entities = {a.id: self._entities_for(a) for a in articles}
        document = build_export(articles, annotations, self.scheme, entities.get)
        self._write_export(document, {a.id: a.text for a in articles}, entities, value)

    @work(thread=True, group="export", exit_on_error=False)
    def _write_export(self, document: dict, texts: dict, entities: dict, value: str) -> None:
        """Render (spaCy's format imports spaCy) and write the export off the screen's thread."""
        from stancemark.store.export import summary, write_data
        from stancemark.store.formats import format_for, render

        fmt = format_for(value)
        try:
            with must_finish():  # quitting waits for the file to be whole
                path = write_data(render(fmt, document, texts, entities.get), Path(value),
                                  example=fmt.default_file)
        except ExportError as exc:
            self.app.call_from_thread(self._tell, str(exc), title="Export failed",
                                      severity="error", timeout=15)
            return
        self.app.call_from_thread(self._tell, f"{summary(document)} → {path}", title="Exported")

    def _entities_for(self, article: Article):
        from stancemark.nlp.cached import from_cache

        analysis = self._analyses.get(article.id) or from_cache(
            self.library, article.id, self.model_key, any_model=True)
        return None if analysis is None else self._corrected(article.text, analysis).for_export()
