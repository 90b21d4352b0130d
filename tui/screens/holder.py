"""Picking who holds a stance: an entity from around the passage, or a typed name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from stancemark.tui.palette import SAID_STYLE, entity_style
from stancemark.tui.visible import visible
from stancemark.tui.widgets.fields import LiteralInput

if TYPE_CHECKING:
    from stancemark.tui.annotator import Candidate


class HolderScreen(ModalScreen[str | None]):
    """Choose a holder from ``candidates`` or type one. Speakers of the passage come first,
    marked with their cue ("← said"); ``note`` says why they may be missing."""

    BINDINGS = [Binding("escape", "cancel", "cancel", id="holder.cancel")]

    def __init__(self, candidates: list[Candidate], current: str = "", note: str = "") -> None:
        super().__init__()
        self.candidates, self.current, self.note = candidates, current, note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Who holds this stance?", classes="dialog-title")
            if self.note:
                yield Label(self.note, classes="dialog-hint")
            yield OptionList(*(Option(self._line(c), id=c.name) for c in self.candidates),
                             id="holder-options")
            yield LiteralInput(self.current, placeholder="…or type a name and press Enter",
                               id="holder-input")
            yield Label("↑↓ Enter picks · Tab to type · Esc cancels", classes="dialog-hint")

    @staticmethod
    def _line(candidate: Candidate) -> Text:
        label = candidate.label or "SPEAKER"
        line = Text.assemble((f" {label} ", entity_style(label)), " ", visible(candidate.name))
        if candidate.cue:
            line.append(f"   ← {visible(candidate.cue)}", style=SAID_STYLE)
        return line

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
