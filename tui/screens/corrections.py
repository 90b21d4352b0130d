"""The list of entity corrections, newest first; `x` withdraws one (u brings it back)."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from stancemark.store.corrections import Correction
from stancemark.tui.visible import visible


class CorrectionsScreen(ModalScreen[None]):
    """Every correction, newest first, with the article where it was made; ``withdraw`` is
    called with the one to undo and returns the corrections left."""

    BINDINGS = [
        Binding("escape,q", "close", "close", id="corrections.close"),
        Binding("x,delete", "withdraw", "undo this correction", id="corrections.undo"),
        Binding("j", "move('down')", "next", id="corrections.down", show=False),
        Binding("k", "move('up')", "previous", id="corrections.up", show=False),
    ]

    def __init__(self, corrections: list[Correction], title_of: Callable[[str], str | None],
                 withdraw: Callable[[Correction], list[Correction]]) -> None:
        super().__init__()
        self.corrections, self.title_of, self.withdraw = corrections, title_of, withdraw

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Entity corrections (they apply to every article)",
                        classes="dialog-title")
            yield OptionList(id="corrections-list")
            yield Label("x undoes the highlighted one (then u brings it back) · Esc closes",
                        classes="dialog-hint")

    def on_mount(self) -> None:
        """List them, the cursor on the newest."""
        self._list()
        self.query_one(OptionList).focus()

    def _list(self) -> None:
        found = self.query_one(OptionList)
        at = found.highlighted or 0
        options = [Option(self._prompt(c), id=c.id) for c in reversed(self.corrections)]
        found.set_options(options or [Option(Text(
            "No corrections yet: m in the reader marks the selected words as an entity, or "
            "relabels or removes the entity under the cursor.", style="dim italic"),
            disabled=True)])
        found.highlighted = min(at, len(options) - 1) if options else None

    def _prompt(self, correction: Correction) -> Text:
        title = self.title_of(correction.article_id)
        return Text.assemble((visible(correction.describe()), "bold"), "\n", (
            f"  {correction.created[:10]} · in {visible(title)}" if title is not None else
            f"  {correction.created[:10]} · its article is no longer in the library", "dim"))

    def action_withdraw(self) -> None:
        """Undo the highlighted correction."""
        option = self.query_one(OptionList).highlighted_option
        chosen = next((c for c in self.corrections if option and c.id == option.id), None)
        if chosen is not None:
            self.corrections = self.withdraw(chosen)
            self._list()

    def action_move(self, direction: str) -> None:
        """Move the highlight."""
        found = self.query_one(OptionList)
        found.action_cursor_down() if direction == "down" else found.action_cursor_up()

    @on(OptionList.OptionSelected)
    def _selected(self) -> None:
        self.notify("x undoes the highlighted correction.")

    def action_close(self) -> None:
        """Close the list."""
        self.dismiss(None)
