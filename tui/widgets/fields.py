"""Text fields that never send a control character to the terminal (see tui.visible)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Input, TextArea

from stancemark.tui.visible import visible


class LiteralInput(Input):
    """An Input whose value holds no control characters: a default value, a pasted escape
    sequence or a typed one keeps each control character as its visible symbol, so what the
    field shows is what it returns."""

    def __init__(self, value: str | None = None, *args, **kwargs) -> None:
        super().__init__(visible(value or ""), *args, **kwargs)

    def replace(self, text: str, start: int, end: int) -> None:
        """Every edit (typing, pasting, completing) comes through here."""
        super().replace(visible(text), start, end)


class LiteralTextArea(TextArea):
    """A TextArea that draws control characters as visible symbols (tabs and line breaks
    keep their meaning); the text itself stays as written."""

    def get_line(self, line_index: int) -> Text:
        """The line as drawn, one symbol a control character, so columns still match."""
        line = "\t".join(visible(part) for part in self.document.get_line(line_index).split("\t"))
        return Text(line, end="", no_wrap=True)
