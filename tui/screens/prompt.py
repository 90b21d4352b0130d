"""Small modal dialogs: a one-line prompt with suggestions, and a note editor."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Label

from stancemark.tui.visible import visible
from stancemark.tui.widgets.fields import LiteralInput, LiteralTextArea


class PromptScreen(ModalScreen[str | None]):
    """Ask for one line of text. Enter accepts, Esc cancels (returns None)."""

    BINDINGS = [Binding("escape", "cancel", "cancel", id="prompt.cancel")]

    def __init__(self, title: str, value: str = "", suggestions: list[str] | None = None,
                 hint: str = "") -> None:
        super().__init__()
        self.title_text, self.value, self.hint = title, value, hint
        self.suggestions = suggestions or []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.title_text), classes="dialog-title")
            suggestions = [visible(s) for s in self.suggestions]  # as the field holds them
            yield LiteralInput(self.value, id="prompt-input", suggester=SuggestFromList(
                suggestions, case_sensitive=False) if suggestions else None)
            yield Label(Text(self.hint or "Enter to accept · Esc to cancel · → completes a "
                             "suggestion"), classes="dialog-hint")

    @on(LiteralInput.Submitted)
    def accept(self, event: LiteralInput.Submitted) -> None:
        """Return what was typed."""
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        """Close without a value."""
        self.dismiss(None)


class NoteScreen(ModalScreen[str | None]):
    """A small multi-line editor for an annotation's note. Ctrl+S saves, Esc cancels."""

    BINDINGS = [
        Binding("ctrl+s", "save", "save note", id="note.save"),
        Binding("escape", "cancel", "cancel", id="note.cancel"),
    ]

    def __init__(self, note: str, quote: str) -> None:
        super().__init__()
        self.note, self.quote = note, quote

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Note", classes="dialog-title")
            words = self.quote.split()
            quote = visible(" ".join(words[:20])) + (" …" if len(words) > 20 else "")
            yield Label(Text(f"“{quote}”"), classes="dialog-quote")
            yield LiteralTextArea(self.note, id="note-text", soft_wrap=True)
            yield Label("Ctrl+S to save · Esc to cancel", classes="dialog-hint")

    def action_save(self) -> None:
        """Return the note."""
        self.dismiss(self.query_one(LiteralTextArea).text.strip())

    def action_cancel(self) -> None:
        """Close without changing the note."""
        self.dismiss(None)
