"""Stance suggestions: a model learned from the user's own tags, trained again whenever
tagging pauses, in a child process that a worker thread waits for (no key waits on it, and
the app's GIL stays free). `y` accepts the cursor sentence's suggestion; `Y` (suggest mode)
walks the sentences the model is least sure about."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work

from stancemark.tui.messages import SuggesterReady, SuggestionsReady
from stancemark.tui.screens.base import LibraryScreen
from stancemark.tui.visible import visible
from stancemark.tui.widgets.reader import Reader

if TYPE_CHECKING:
    from textual.timer import Timer

    from stancemark.nlp.suggest import Suggester, Suggestion
    from stancemark.nlp.trainer import Trainer

RETRAIN_AFTER = 1.0  # seconds without a change to the tags before the model is trained again


class SuggestActions(LibraryScreen):
    """Trains, shows and accepts stance suggestions; never stores one until it is accepted."""

    suggester: Suggester | None = None  # the latest model, whether it beats the baseline or not
    suggest_mode = False
    _suggestions: dict[tuple[int, int], Suggestion] | None = None  # open article, by sentence
    _training = False
    _train_again = False  # the tags changed while a model was being trained
    _train_timer: Timer | None = None  # until the wait after the last change is over
    _trainer: Trainer | None = None  # the child process, started by the first training
    _walk_pending = False  # go to the least sure sentence once the suggestions arrive

    # Training

    def _tags_changed(self) -> None:
        """Train again once tagging pauses for RETRAIN_AFTER seconds."""
        if self._train_timer is not None:
            self._train_timer.stop()
        self._train_timer = self.set_timer(RETRAIN_AFTER, self._start_training)

    def _training_data(self) -> tuple[list[str], list[str]]:
        """Every tagged passage (orphans too: their quotes are still what was tagged) with a
        stance of the scheme, in the order tagged."""
        names = {label.name for label in self.scheme.labels}
        pairs = [(quote, stance) for quote, stance in
                 self.library.annotation_fields("quote", "stance") if stance in names]
        return [quote for quote, _ in pairs], [stance for _, stance in pairs]

    def _start_training(self) -> None:
        from stancemark.nlp.suggest import not_ready, version_of

        self._train_timer = None
        if self._training:
            self._train_again = True
            return
        texts, labels = self._training_data()
        if not_ready(labels):
            if self.suggester is not None:  # tags were deleted: no model any more
                self.suggester = None
                self._suggest_for_article()
            return
        if self.suggester is None or self.suggester.version != version_of(texts, labels):
            self._training = True
            self._train(texts, labels)

    @work(thread=True, group="suggest", exit_on_error=False)
    def _train(self, texts: list[str], labels: list[str]) -> None:
        if self._trainer is None:
            from stancemark.nlp.trainer import Trainer

            self._trainer = Trainer()
        self.post_message(SuggesterReady(self._trainer.train(texts, labels)))

    def on_unmount(self) -> None:
        """End the training process with the screen."""
        if self._trainer is not None:
            self._trainer.close()

    @on(SuggesterReady)
    def _suggester_ready(self, message: SuggesterReady) -> None:
        before, self.suggester = self.suggester, message.suggester
        self._training = False
        quality = message.suggester.quality
        if before is None or before.quality.beats_baseline != quality.beats_baseline:
            self._tell(("Suggestions on: " if quality.beats_baseline else
                        "No suggestions: the model does not beat the majority baseline: ")
                       + quality.describe(), title="Stance suggestions", timeout=10)
        self._suggest_for_article()
        if self._train_again:
            self._train_again = False
            self._start_training()

    def _suggestions_failed(self, error: BaseException | None) -> None:
        """A training or prediction worker failed: say so; tagging goes on without it."""
        self._training = False
        self._tell(f"{error}. Tagging works as before.", title="Suggestions failed",
                   severity="error", timeout=15)

    # Suggestions for the open article

    def _suggest_for_article(self, opened: bool = False) -> None:
        """Ask the current model (in a worker) about every sentence of the open article's body;
        ``opened``: a new article, to walk in suggest mode once the answers come."""
        article, model = self.annotator.article, self.suggester
        if opened:
            self._suggestions = None
            self._walk_pending = self.suggest_mode
        if article is None or model is None or not model.quality.beats_baseline:
            self._suggestions = None
            if self.suggest_mode:
                self.suggest_mode = False
                self._update_topbar()
                self._tell("Suggest mode off: no model beats the baseline now.")
            self._show_focus()
            return
        sentences = [s for s in self.query_one(Reader).selection.sentences
                     if s[0] >= article.body_start]
        self._predict(model, article.id, article.text, sentences)

    @work(thread=True, exclusive=True, group="suggest-predict", exit_on_error=False)
    def _predict(self, model: Suggester, article_id: str, text: str,
                 sentences: list[tuple[int, int]]) -> None:
        found = model.suggest([text[start:end] for start, end in sentences])
        self.post_message(SuggestionsReady(article_id, model.version, dict(zip(sentences, found))))

    @on(SuggestionsReady)
    def _suggestions_ready(self, message: SuggestionsReady) -> None:
        article, model = self.annotator.article, self.suggester
        if article is None or model is None or (message.article_id, message.version) != (
                article.id, model.version):
            return  # for an article or a model that is gone
        self._suggestions = message.suggestions
        if self._walk_pending:
            self._walk()
        self._show_focus()

    def _suggestion(self) -> Suggestion | None:
        """The suggestion for the cursor sentence (none while a passage is selected)."""
        if not self._suggestions:
            return None
        selection = self.query_one(Reader).selection
        if selection.span is not None or selection.sentence is None:
            return None
        return self._suggestions.get(selection.sentence)

    def _suggestion_text(self) -> Text | None:
        """The annotation line of an untagged cursor sentence the model has a suggestion for."""
        found, model = self._suggestion(), self.suggester
        if found is None or model is None:
            return None
        text = Text("suggested ", style="dim")
        text.append(f"■ {visible(found.stance)} {found.confidence:.0%}",
                    style=f"dim {self.scheme.color(found.stance)}")
        text.append(f"  y accept · {model.quality.short()}", style="dim")
        return text

    def _why_no_suggestion(self) -> str:
        from stancemark.nlp.suggest import not_ready

        model = self.suggester
        if model is None:
            return ("The model is being trained on your tags; suggestions follow." if
                    self._training else not_ready(self._training_data()[1]) or
                    "The model is trained when tagging pauses; suggestions follow.")
        if not model.quality.beats_baseline:
            return ("No suggestions: the model does not beat the majority baseline: "
                    + model.quality.describe())
        if self.query_one(Reader).selection.span is not None:
            return "Suggestions are for the cursor sentence: esc clears the selection."
        return "No suggestion for this sentence yet: the model is still reading this article."

    # Keys

    def action_accept_suggestion(self) -> None:
        """Tag the cursor sentence with the stance the model suggests."""
        if not self._can_annotate():
            return
        if self.annotator.current() is not None:
            self._tell("Already tagged: a stance key re-tags it.", severity="warning")
            return
        found, model = self._suggestion(), self.suggester
        label = next((label for label in self.scheme.labels
                      if found is not None and label.name == found.stance), None)
        sentence = self.query_one(Reader).selection.sentence
        if found is None or model is None or label is None or sentence is None:
            self._tell(self._why_no_suggestion(), severity="warning")
            return
        self._run(self.annotator.tag, sentence, label.key,
                  suggested={"model": model.version, "confidence": round(found.confidence, 4)})
        self._after_tag()

    def action_suggest_mode(self) -> None:
        """Suggest mode: walk the sentences the model is least sure about (Y again leaves)."""
        if self.suggest_mode:
            self.suggest_mode = False
            self._update_topbar()
            self._tell("Suggest mode off.")
            return
        model = self.suggester
        if model is None or not model.quality.beats_baseline:
            self._tell(self._why_no_suggestion(), severity="warning")
            return
        if self.annotator.article is None:
            self._tell("Open an article first (Enter on the list).", severity="warning")
            return
        self.suggest_mode = True
        self._update_topbar()
        self._tell("The sentences the model is least sure about come first: y accepts its "
                   "suggestion, a stance key tags another, Y leaves. Model: "
                   + model.quality.describe(), title="Suggest mode", timeout=8)
        self._walk()

    def _after_tag(self) -> None:
        """In suggest mode, a tag moves on to the next sentence to look at."""
        if self.suggest_mode:
            self._walk()

    def _walk(self) -> None:
        """Put the cursor on the untagged sentence the model is least sure about."""
        from stancemark.nlp.suggest import least_sure

        if self._suggestions is None:
            self._walk_pending = True
            return
        self._walk_pending = False
        tagged = [(a.start, a.end) for a in self.annotator.annotations]
        untagged = [(span, found) for span, found in self._suggestions.items()
                    if not any(start < span[1] and end > span[0] for start, end in tagged)]
        if not untagged:
            self._tell("Every sentence of this article is tagged: open another one.")
            return
        order = least_sure([found for _, found in untagged])
        self.query_one(Reader).go_to(untagged[order[0]][0][0])
