"""Entities across the library: every entity the cached analyses mention (corrections applied),
with how many articles mention it; Enter gives those articles to the main screen to list."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from stancemark.nlp.cached import AnalysisCache
from stancemark.nlp.corrections import Corrections
from stancemark.nlp.mentions import LibraryEntity, cached_entities, count_entities
from stancemark.store.stats import plural
from stancemark.tui.palette import entity_style
from stancemark.tui.visible import visible
from stancemark.tui.widgets.fields import LiteralInput

SHOWN = 300  # rows listed at most; typing narrows the list


class LibraryEntitiesScreen(ModalScreen[tuple[str, list[str]] | None]):
    """Every entity of the articles ``ids`` whose entities are cached, the most widely
    mentioned first; typing filters by name (at first ``typed``, with the entity ``key``
    highlighted). Returns ("mentions NAME", article ids) for the
    entity chosen with Enter, or None."""

    BINDINGS = [Binding("escape", "close", "close", id="library_entities.close")]

    class Counted(Message):
        """The worker's result: the entities, how many articles were read and the ids of
        those without cached entities."""

        def __init__(self, counted: list[LibraryEntity], read: int, missing: list[str]) -> None:
            super().__init__()
            self.counted, self.read, self.missing = counted, read, missing

    def __init__(self, cache: AnalysisCache, ids: list[str], model_key: str | None,
                 text_of: Callable[[str], str], corrections: Corrections,
                 typed: str = "", key: str | None = None) -> None:
        super().__init__()
        self.cache, self.ids, self.model_key = cache, ids, model_key
        self.text_of, self.corrections, self.typed = text_of, corrections, typed
        self.key = key
        self.counted: list[LibraryEntity] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog library-entities"):
            yield Label("Entities in the library", classes="dialog-title")
            yield Static(Text(f"reading the cached entities of {len(self.ids):,} articles…",
                              style="dim"), id="library-entities-summary")
            yield LiteralInput(self.typed, placeholder="type to filter by name",
                               id="library-entities-filter")
            yield OptionList(id="library-entities-list")
            yield Label("Enter lists the articles that mention it · ↑↓ move · Esc closes",
                        classes="dialog-hint")

    def on_mount(self) -> None:
        """Count in a worker: reading 10,000 cache entries takes a while."""
        self.query_one(LiteralInput).focus()
        self._count()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _count(self) -> None:
        worker = get_current_worker()
        found, missing = cached_entities(self.cache, self.ids, self.model_key, self.text_of,
                                         self.corrections, stop=lambda: worker.is_cancelled)
        if not worker.is_cancelled:
            self.post_message(self.Counted(count_entities(found), len(found), missing))

    @on(Counted)
    def _counted(self, message: Counted) -> None:
        self.counted = message.counted
        said = Text(f"{len(message.counted):,} entities in {plural(message.read, 'article')}")
        if message.missing:
            missing = len(message.missing)
            said.append(f" · {plural(missing, 'article')} {'has' if missing == 1 else 'have'} "
                        "no entities found yet (they are found in the background, or when "
                        "opened)", style="yellow")
        self.query_one("#library-entities-summary", Static).update(said)
        self._list()

    @on(LiteralInput.Changed)
    def _list(self) -> None:
        if self.counted is None:
            return
        typed = self.query_one(LiteralInput).value.strip().lower()
        rows = [e for e in self.counted if typed in e.name.lower()] if typed else self.counted
        options = [Option(Text.assemble(
            (f" {visible(e.label)} ", entity_style(e.label)), " ", (visible(e.name), "bold"),
            (f"  {plural(len(e.article_ids), 'article')} · {plural(e.mentions, 'mention')}",
             "dim")), id=e.key)
            for e in rows[:SHOWN]]
        if len(rows) > SHOWN:
            options.append(Option(Text(f"… {len(rows) - SHOWN:,} more: type to narrow",
                                       style="dim italic"), disabled=True))
        found = self.query_one(OptionList)
        found.set_options(options or [Option(Text("No entity by that name.", style="dim"),
                                             disabled=True)])
        keys = [e.key for e in rows[:SHOWN]]
        found.highlighted = keys.index(self.key) if self.key in keys else 0 if rows else None

    def on_key(self, event) -> None:
        """↑ ↓ move in the list and Enter picks from it while typing in the filter."""
        found = self.query_one(OptionList)
        if event.key in ("down", "up"):
            found.action_cursor_down() if event.key == "down" else found.action_cursor_up()
            event.stop()

    @on(LiteralInput.Submitted)
    def _submitted(self) -> None:
        self._choose(self.query_one(OptionList).highlighted_option)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option)

    def _choose(self, option: Option | None) -> None:
        chosen = next((e for e in self.counted or () if option and e.key == option.id), None)
        if chosen is not None:
            self.dismiss((f"mentions {chosen.name} ({chosen.label})", chosen.article_ids))

    def action_close(self) -> None:
        """Close without changing the list."""
        self.dismiss(None)
