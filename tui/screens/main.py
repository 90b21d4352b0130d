"""The main screen: article list, reader, annotation panel; its parts are the mixins it is
built from (entity analysis in analysing.py, annotating in annotating.py, and so on)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from stancemark.nlp.model import Model, peek_key, resolve_model_name
from stancemark.store.article import Article
from stancemark.store.config import Config
from stancemark.store.journal.errors import StoreError
from stancemark.store.library import Library
from stancemark.tui.annotator import Annotator
from stancemark.tui.screens.analysing import AnalysisActions
from stancemark.tui.screens.annotating import AnnotationActions
from stancemark.tui.screens.attributing import AttributionActions
from stancemark.tui.screens.browsing import BrowseActions
from stancemark.tui.screens.entities import EntityActions
from stancemark.tui.screens.exporting import ExportActions
from stancemark.tui.screens.importing import ImportActions
from stancemark.tui.screens.counting import StatsActions
from stancemark.tui.screens.orphans import OrphanActions
from stancemark.tui.screens.suggesting import SuggestActions
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


class MainScreen(ExportActions, ImportActions, BrowseActions, OrphanActions, StatsActions,
                 AttributionActions, SuggestActions, EntityActions, AnalysisActions,
                 AnnotationActions):
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

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker that failed is reported, not swallowed."""
        if event.state == WorkerState.ERROR and event.worker.group == "export":
            self._tell(f"{event.worker.error}. Your annotations are still in the database.",
                       title="Export failed", severity="error", timeout=15)
        elif event.state == WorkerState.ERROR and event.worker.group == "attribution":
            self._tell(str(event.worker.error), title="Finding speakers failed", severity="error")
        elif event.state == WorkerState.ERROR and event.worker.group.startswith("suggest"):
            self._suggestions_failed(event.worker.error)
        elif event.state == WorkerState.ERROR and event.worker.group == "search-index":
            self._index_failed(event.worker.error)
        elif event.state == WorkerState.ERROR:
            self._analysis_failed(event.worker.error)

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
