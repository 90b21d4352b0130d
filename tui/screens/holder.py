"""Picking who holds a stance: an entity from around the passage, or a typed name."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from stancemark.tui.palette import entity_style
from stancemark.tui.visible import visible
from stancemark.tui.widgets.fields import LiteralInput


class HolderScreen(ModalScreen[str | None]):
    """Choose a holder from ``candidates`` ((name, label) pairs) or type one."""

    BINDINGS = [Binding("escape", "cancel", "cancel", id="holder.cancel")]

    def __init__(self, candidates: list[tuple[str, str]], current: str = "") -> None:
        super().__init__()
        self.candidates, self.current = candidates, current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Who holds this stance?", classes="dialog-title")
            yield OptionList(*(Option(Text.assemble((f" {label} ", entity_style(label)), " ",
                                                    visible(name)), id=name)
                               for name, label in self.candidates), id="holder-options")
            yield LiteralInput(self.current, placeholder="…or type a name and press Enter",
                               id="holder-input")
            yield Label("↑↓ Enter picks · Tab to type · Esc cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        """Start in the list when there is something to pick, else in the input."""
        if self.candidates:
            self.query_one(OptionList).focus()
        else:
            self.query_one(LiteralInput).focus()

    @on(OptionList.OptionSelected)
    def picked(self, event: OptionList.OptionSelected) -> None:
        """Return the chosen entity."""
        self.dismiss(event.option.id)

    @on(LiteralInput.Submitted)
    def typed(self, event: LiteralInput.Submitted) -> None:
        """Return the typed name (empty clears the holder)."""
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        """Close without a value."""
        self.dismiss(None)
