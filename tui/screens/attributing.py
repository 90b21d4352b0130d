"""Who says what: the open article's reported speech, found off the UI thread, drawn on `a`,
and offered first when picking a holder."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from textual import on, work
from textual.worker import get_current_worker

from stancemark.store.journal.errors import StoreError
from stancemark.tui.messages import AttributionsReady
from stancemark.tui.screens.base import LibraryScreen
from stancemark.tui.widgets.reader import Reader

if TYPE_CHECKING:
    from stancemark.nlp.analysis import Analysis
    from stancemark.nlp.attribution import Attributions
    from stancemark.nlp.model import Model
    from stancemark.store.article import Article
    from stancemark.tui.annotator import Annotator

_PARSER_LOCK = threading.Lock()  # one parser load and one parse at a time


class AttributionActions(LibraryScreen):
    """`a`: mark who says what in the reader. Only the open article is attributed (the parser
    runs at about the speed of the entity model), once its entities are known; results are
    cached beside the entities."""

    annotator: Annotator
    model_name: str | None
    _attributions: dict[str, Attributions]
    _parser: Model | None = None
    _parser_failed = ""

    def _attribute_open(self) -> None:
        """Find the open article's reported speech, from the cache or in a worker."""
        from stancemark.nlp.attribution import Attributions, attribution_key

        article = self.annotator.article
        analysis = self._analyses.get(article.id) if article else None
        if article is None or analysis is None or not analysis.model or self._parser_failed:
            return  # no entities yet, or found by rule without a model: no parser either
        found = self._attributions.get(article.id)
        if found is None:
            cached = self.library.cached_attributions(article.id, attribution_key(analysis.model))
            if cached is None:
                self._attribute(article, analysis)
                return
            found = self._attributions[article.id] = Attributions.from_doc(cached)
        self.query_one(Reader).set_attributions(found.items)

    @work(thread=True, exclusive=True, group="attribution", exit_on_error=False)
    def _attribute(self, article: Article, analysis: Analysis) -> None:
        from stancemark.nlp.attribution import attribute
        from stancemark.nlp.model import ModelUnavailable, load_parser

        worker = get_current_worker()
        with _PARSER_LOCK:
            if worker.is_cancelled:
                return
            if self._parser is None:
                try:
                    self._parser = load_parser(self.model_name)
                except ModelUnavailable as exc:
                    self._parser_failed = str(exc)
                    self.app.call_from_thread(self._tell, str(exc), title="No speakers",
                                              severity="warning")
                    return
            found = attribute(self._parser, article, analysis.entities,
                              stop=lambda: worker.is_cancelled)
        if found is not None and not worker.is_cancelled:
            self.post_message(AttributionsReady(article.id, found))

    @on(AttributionsReady)
    def _attributions_ready(self, message: AttributionsReady) -> None:
        self._attributions[message.article_id] = message.attributions
        try:  # outside the library file, like the entities
            self.library.save_attributions({message.article_id: message.attributions})
        except StoreError as exc:
            self._tell(str(exc), title="Cache not saved", severity="warning")
        article = self.annotator.article
        if article is not None and article.id == message.article_id:
            self.query_one(Reader).set_attributions(message.attributions.items)

    def open_attributions(self) -> Attributions | None:
        """The open article's reported speech, if found yet."""
        article = self.annotator.article
        return self._attributions.get(article.id) if article else None

    def _speakers_note(self) -> str:
        """What the holder picker says while the open article's speakers are being found."""
        if self.model_name is None or self._parser_failed or self.open_attributions():
            return ""
        return "Still finding who says what here: the speaker is not offered first yet."

    def action_toggle_attributions(self) -> None:
        """Mark (or stop marking) who says what: speakers and cues in the text, ❝ in the
        gutter beside what they say."""
        if self.annotator.article is None:
            self._tell("Open an article first (Enter on the list).", severity="warning")
            return
        shown = self.query_one(Reader).toggle_speakers()
        found = self.open_attributions()
        if not shown:
            return
        if self._parser_failed:
            self._tell(f"Speakers cannot be found: {self._parser_failed}", severity="warning")
        elif found is None:
            self._tell("Finding who says what… the marks appear when it is done.")
        else:
            text = self.annotator.article.text
            speakers = {text[a.speaker.start:a.speaker.end] for a in found.items}
            self._tell(f"{len(found.items)} passages of reported speech, by "
                       f"{len(speakers)} speakers. a hides the marks.")
