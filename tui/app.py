"""The Textual application: wires the library, the config and the main screen."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable, Iterable
from pathlib import Path

from rich.text import Text

from textual.app import App, SystemCommand
from textual.screen import Screen
from textual.binding import Binding

from stancemark.nlp.model import Model
from stancemark.store.article import Article
from stancemark.store.config import Config
from stancemark.store.journal.errors import StoreError
from stancemark.store.library import Library
from stancemark.tui.executor import WorkerExecutor
from stancemark.tui.palette import use_entity_colors
from stancemark.tui.screens.browsing import BrowseActions
from stancemark.tui.screens.entities import EntityActions
from stancemark.tui.screens.main import MainScreen
from stancemark.tui.visible import visible
from stancemark.tui.widgets.annotation_panel import AnnotationPanel
from stancemark.tui.widgets.article_list import ArticleList
from stancemark.tui.widgets.entity_panel import EntityPanel
from stancemark.tui.widgets.reader import Reader
from stancemark.tui.widgets.search_bar import SearchBar


class Crashed(Exception):
    """An uncaught exception already reported: Textual prints its (empty) ``__rich__`` on exit
    instead of a traceback; the CLI prints ``StancemarkApp.crash_message``."""

    def __rich__(self) -> Text:
        return Text()


class StancemarkApp(App):
    """stancemark: read news articles, see their entities, tag the stances they take.

    Built from its dependencies (library, config, a model name or an already loaded Model,
    the articles to list), so the CLI and the tests make it the same way.
    """

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "stancemark"
    BINDINGS = [
        Binding("q", "quit", "quit", id="app.quit"),
        Binding("question_mark", "help", "help", id="app.help", key_display="?"),
        Binding("tab", "focus_next", "switch pane", id="app.next_pane", show=False),
        Binding("shift+tab", "focus_previous", "switch pane back", id="app.previous_pane",
                show=False),
        Binding("ctrl+p", "command_palette", "command palette", id="app.palette", show=False),
    ]

    def __init__(self, library: Library, config: Config, model: str | Model | None = None,
                 articles: list[Article] | None = None, problems: list[str] | None = None,
                 crash_report: Callable[[BaseException], str] | None = None) -> None:
        super().__init__()
        self._quit_confirmed = False
        self.crash_report = crash_report
        self.crash_message: str | None = None
        self.library, self.config = library, config
        use_entity_colors(config.entity_colors)
        self.main = MainScreen(library, config, model, articles, problems or [])
        self.thread_workers = WorkerExecutor()
        if not gc.get_freeze_count():  # once a process: what start-up built lives until exit,
            gc.freeze()  # so full collections (~30 ms each) need not scan it again and again

    def run(self, *args, **kwargs):
        """Run until the user quits, as the last thing the process does (the CLI then closes
        the library and exits): what is left is frozen too, so the exit frees it without the
        collector scanning it all first (0.5 s with 10,000 articles listed)."""
        try:
            return super().run(*args, **kwargs)
        finally:
            gc.freeze()

    def on_load(self) -> None:
        """Thread workers run on an executor the app's end does not wait on, but for exports
        (see executor.py): quitting while spaCy loads or entities are found is immediate."""
        asyncio.get_running_loop().set_default_executor(self.thread_workers)

    def _handle_exception(self, error: Exception) -> None:
        """An uncaught exception: with ``crash_report`` (the CLI's), the app still exits with
        code 1 after restoring the terminal, but keeps the one line the report returns as
        ``crash_message`` instead of printing a screen-filling traceback. (Textual has no
        public hook for this.)"""
        if self.crash_report is not None:
            self.crash_message = self.crash_report(error)
            crashed = Crashed(self.crash_message)
            crashed.__cause__ = error
            error = crashed
        super()._handle_exception(error)

    async def action_quit(self) -> None:
        """Quit; with changes the disk has not taken yet, ask for a second q first."""
        if self.library.pending_changes and not self.library.read_only \
                and not self._quit_confirmed:
            try:
                self.library.save_pending()
            except StoreError as exc:
                self._quit_confirmed = True
                self.set_timer(5, self._forget_quit)
                self.notify(visible(str(exc), keep_newlines=True)
                            + "\nPress q again within 5 s to quit anyway and lose them.",
                            title="Changes not saved", severity="error", markup=False, timeout=5)
                return
        self.exit()

    def _forget_quit(self) -> None:
        self._quit_confirmed = False

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The command palette's commands: Textual's, importing, finding articles, statistics,
        entities."""
        yield from super().get_system_commands(screen)
        yield SystemCommand("Import articles", "Files, folders or web addresses: text, "
                            "Markdown, HTML, JSON/JSONL (i)", self.main.action_import)
        for title, help_text, callback in self.main.commands():
            yield SystemCommand(title, help_text, callback)
        yield SystemCommand("Statistics", "Annotations per stance, holder, target, month or "
                            "source (S)", self.main.action_statistics)
        yield SystemCommand("Entity panel", "The open article's entities by label; Enter "
                            "highlights one's mentions, > < go through them (P)",
                            self.main.action_entity_panel)
        yield SystemCommand("Entities in the library", "Every entity with the number of "
                            "articles that mention it; Enter lists those articles",
                            self.main.action_library_entities)
        yield SystemCommand("Entity corrections", "The entities you marked, relabelled or "
                            "removed (m); x undoes one", self.main.action_corrections)

    def get_default_screen(self) -> MainScreen:
        """The main screen is the first thing painted."""
        return self.main

    def help_sections(self) -> list:
        """Every binding of the app, by the part of the screen that owns it."""
        from stancemark.tui.screens.stats import StatsScreen  # loaded on first use

        return [
            ("Everywhere", self.BINDINGS),
            ("Article list", ArticleList.BINDINGS),
            ("Reader", Reader.BINDINGS),
            ("Finding articles", BrowseActions.BINDINGS),
            ("Search field (/)", SearchBar.BINDINGS),
            ("Annotating", MainScreen.BINDINGS),
            ("Annotation panel (A)", AnnotationPanel.BINDINGS),
            ("Entities", EntityActions.BINDINGS),
            ("Entity panel (P)", EntityPanel.BINDINGS),
            ("Statistics (S)", StatsScreen.BINDINGS),
        ]

    def action_help(self) -> None:
        """Show every key."""
        from stancemark.tui.screens.help import HelpScreen  # loaded on first use, not at start-up

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.help_sections(), self.config.scheme))
