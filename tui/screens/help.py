"""The help screen, generated from the bindings themselves so it cannot drift from them."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.keys import key_to_character
from textual.screen import ModalScreen
from textual.widgets import Static

from stancemark.store.config import Scheme
from stancemark.tui.visible import visible


def key_names(binding: Binding) -> str:
    """The keys of a binding as a user reads them: "j / down", "?", "]"."""
    names = []
    for key in (k.strip() for k in binding.key.split(",")):
        char = key_to_character(key)
        names.append(char if char and char.isprintable() and char != " " else key)
    return " / ".join(names)


def help_table(sections: list[tuple[str, list[Binding]]], scheme: Scheme) -> Table:
    """A table of every key, section by section, with the stance keys of the scheme."""
    table = Table(box=None, show_header=False, padding=(0, 2), expand=False)
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column()
    for title, bindings in sections:
        table.add_row(Text(title, style="bold underline"), "")
        for binding in bindings:
            if binding.action.startswith("tag("):
                continue
            table.add_row(key_names(binding), binding.description)
        if title == "Annotating":
            for label in scheme.labels:
                name = (visible(label.name), f"bold {label.color}")
                table.add_row(label.key, Text.assemble("tag the selection ", name))
        table.add_row("", "")
    return table


class HelpScreen(ModalScreen[None]):
    """Every key, generated from the bindings."""

    BINDINGS = [Binding("escape,q,question_mark", "close", "close help", id="help.close")]

    def __init__(self, sections: list[tuple[str, list[Binding]]], scheme: Scheme) -> None:
        super().__init__()
        self.sections, self.scheme = sections, scheme

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Static(Text("stancemark keys", style="bold"), classes="dialog-title")
            yield Static(help_table(self.sections, self.scheme), id="help-table")
            yield Static("Esc, q or ? closes · j/k or arrows scroll", classes="dialog-hint")

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)
