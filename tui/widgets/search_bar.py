"""A one-row search field: "/", what is typed, and what it found. Each change is announced as
it is typed; Enter keeps the search and hands the keys back, Esc clears it."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Static

from stancemark.tui.visible import visible
from stancemark.tui.widgets.fields import LiteralInput


class SearchBar(Horizontal):
    """Hidden until ``open()``; stays shown (with its count) while it holds a search."""

    DEFAULT_CSS = """
    SearchBar { height: 1; display: none; background: $panel; }
    SearchBar.shown { display: block; }
    SearchBar > .search-slash { width: 2; padding-left: 1; color: $accent; text-style: bold; }
    SearchBar > LiteralInput { width: 1fr; }
    SearchBar > .search-count { width: 15; padding: 0 1; color: $text-muted;
                                text-wrap: nowrap; text-overflow: ellipsis; }
    """
    BINDINGS = [Binding("escape", "clear", "clear the search and close (Enter keeps it)",
                        id="search.clear")]

    class Changed(Message):
        """The text was changed (typed, pasted or cleared)."""

        def __init__(self, bar: "SearchBar", value: str) -> None:
            super().__init__()
            self.bar, self.value = bar, value

        @property
        def control(self) -> "SearchBar":
            return self.bar

    class Closed(Message):
        """Enter (the search is kept) or Esc (``cleared``) in the field."""

        def __init__(self, bar: "SearchBar", cleared: bool) -> None:
            super().__init__()
            self.bar, self.cleared = bar, cleared

        @property
        def control(self) -> "SearchBar":
            return self.bar

    def __init__(self, placeholder: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        yield Static("/", classes="search-slash")
        yield LiteralInput(placeholder=self.placeholder, compact=True)
        yield Static(classes="search-count")

    @property
    def value(self) -> str:
        """What is searched for."""
        return self.query_one(LiteralInput).value

    @property
    def typing(self) -> bool:
        """Whether the field has the keys."""
        return self.query_one(LiteralInput).has_focus

    def open(self) -> None:
        """Show the field and give it the keys (what it held stays, to be edited)."""
        self.add_class("shown")
        self.query_one(LiteralInput).focus()

    def clear(self) -> None:
        """Empty and hide the field (announced as a change to "")."""
        field = self.query_one(LiteralInput)
        self.remove_class("shown")
        if field.value:
            field.value = ""  # posts Input.Changed, announced below
        self.set_count("")

    def set_count(self, text: str) -> None:
        """Say what the search found."""
        self.query_one(".search-count", Static).update(Text(visible(text)), layout=False)

    @on(LiteralInput.Changed)
    def _changed(self, event: LiteralInput.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self, event.value))

    @on(LiteralInput.Submitted)
    def _submitted(self, event: LiteralInput.Submitted) -> None:
        event.stop()
        if not event.value:
            self.remove_class("shown")
        self.post_message(self.Closed(self, cleared=False))

    def action_clear(self) -> None:
        """Clear the search and close the field."""
        self.clear()
        self.post_message(self.Closed(self, cleared=True))
