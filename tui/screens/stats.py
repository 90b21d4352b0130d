"""The statistics view: annotations counted per stance, holder, target, month or source, for
the open article, the listed articles or the whole library. Enter on a row returns that row's
articles, for the main screen to list."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from stancemark.store.config import Scheme
from stancemark.store.library import Library
from stancemark.store.stats import GROUPINGS, Stats, articles_of, count_annotations, summary
from stancemark.tui.visible import visible
from stancemark.tui.widgets.stats_table import StatsTable

GROUP_KEYS = {"stance": "s", "holder": "h", "target": "t", "month": "m", "source": "o"}


@dataclass(frozen=True)
class Scope:
    """Which articles to count: ``ids`` (None: every article of the library), named ``label``."""

    label: str
    ids: list[str] | None = None


class StatsScreen(ModalScreen[tuple[str, list[str]] | None]):
    """Counts of the annotations in one of ``scopes``; returns (label, article ids) of the row
    chosen with Enter, or None when closed."""

    BINDINGS = [
        Binding("escape,q", "close", "close statistics", id="stats.close"),
        *[Binding(key, f"group('{by}')", f"count by {by}", id=f"stats.by_{by}")
          for by, key in GROUP_KEYS.items()],
        Binding("tab", "cycle(1)", "next grouping", id="stats.next"),
        Binding("shift+tab", "cycle(-1)", "previous grouping", id="stats.previous"),
        Binding("a", "scope", "next scope (article, listed, library)", id="stats.scope"),
        Binding("j", "move('down')", "next row", id="stats.down", show=False),
        Binding("k", "move('up')", "previous row", id="stats.up", show=False),
    ]

    def __init__(self, library: Library, scheme: Scheme, scopes: list[Scope], scope: int = 0,
                 by: str = "stance") -> None:
        super().__init__()
        self.library, self.scheme, self.scopes = library, scheme, scopes
        self.scope_index, self.by = scope, by
        self.stats: Stats | None = None

    @property
    def scope(self) -> Scope:
        """The scope counted now."""
        return self.scopes[self.scope_index]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog stats"):
            yield Static(classes="dialog-title", id="stats-title")
            yield Static(id="stats-summary")
            yield Static(id="stats-groupings")
            yield StatsTable(id="stats-table")
            yield Static(Text("Enter lists the row's articles · s h t m o or tab: count by · "
                              "a: scope · j k move · Esc closes"), classes="dialog-hint")

    def on_mount(self) -> None:
        """Count, and put the cursor in the table."""
        self.recount()
        self.query_one(StatsTable).focus()

    def recount(self) -> None:
        """Count the scope by the grouping chosen, and show it."""
        scope = self.scope
        self.stats = count_annotations(self.library, self.by, self.scheme, scope.ids,
                                       scope.label)
        self.query_one("#stats-title", Static).update(
            Text(f"Statistics · {visible(scope.label)}", style="bold"))
        said = Text(summary(self.stats))
        if not self.stats.annotations:
            said.append(" · nothing tagged yet: 1–9 in the reader tags a passage", style="dim")
        self.query_one("#stats-summary", Static).update(said)
        self.query_one("#stats-groupings", Static).update(self._groupings_text())
        self.query_one(StatsTable).show(self.stats, self.scheme)

    def _groupings_text(self) -> Text:
        text = Text("count by ", style="dim")
        for by, key in GROUP_KEYS.items():
            text.append(f" {key} {by} ", style="bold reverse" if by == self.by else "")
        if len(self.scopes) > 1:
            following = self.scopes[(self.scope_index + 1) % len(self.scopes)]
            text.append("   a → ", style="dim")
            text.append(visible(following.label))
        return text

    def action_group(self, by: str) -> None:
        """Count by ``by`` (one of GROUPINGS)."""
        if by != self.by:
            self.by = by
            self.recount()

    def action_cycle(self, step: int) -> None:
        """The next (or previous) grouping."""
        self.action_group(GROUPINGS[(GROUPINGS.index(self.by) + step) % len(GROUPINGS)])

    def action_scope(self) -> None:
        """Count the next scope: the open article, the listed articles, the whole library."""
        if len(self.scopes) > 1:
            self.scope_index = (self.scope_index + 1) % len(self.scopes)
            self.recount()

    def action_move(self, direction: str) -> None:
        """Move the table's cursor."""
        table = self.query_one(StatsTable)
        table.action_cursor_down() if direction == "down" else table.action_cursor_up()

    @on(StatsTable.RowSelected)
    def _chosen(self, event: StatsTable.RowSelected) -> None:
        assert self.stats is not None and event.row_key.value is not None
        row = self.stats.rows[int(event.row_key.value)]
        if not row.article_ids:
            self.notify("No annotation counted in this row: no article to list.")
            return
        self.dismiss((f"{self.by}: {row.key}", articles_of(row, self.library)))

    def action_close(self) -> None:
        """Close without changing the list."""
        self.dismiss(None)
