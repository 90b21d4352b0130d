"""Asking whether imported new versions of library articles replace the old ones."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label

from stancemark.tui.visible import visible

UPDATE = "update"


class NewVersionsScreen(ModalScreen[str | None]):
    """Lists the changed articles ((old title, new file, annotations) each); y updates them
    (UPDATE), n imports them beside the old ones ("keep"), Esc leaves them out (None)."""

    BINDINGS = [
        Binding("y", "choose('update')", "update them", id="versions.update"),
        Binding("n", "choose('keep')", "keep both", id="versions.keep"),
        Binding("escape", "choose(None)", "leave them out", id="versions.leave_out"),
    ]

    def __init__(self, changed: list[tuple[str, str, int]]) -> None:
        super().__init__()
        self.changed = changed

    def compose(self) -> ComposeResult:
        count = len(self.changed)
        annotated = sum(1 for _, _, n in self.changed if n)
        title = (f"{count} imported articles are new versions of articles in your library "
                 f"({annotated} of them annotated): update them?" if count > 1 else
                 "An imported article is a new version of an article in your library: "
                 "update it?")
        with Vertical(classes="dialog versions"):
            yield Label(Text(title), classes="dialog-title")
            with VerticalScroll(id="versions-list"):
                for old_title, file, annotations in self.changed:
                    line = Text(f"• “{visible(old_title)}”\n  ", style="bold")
                    line.append(f"{annotations} annotation(s)", style="" if annotations else "dim")
                    line.append(f" · new text: {visible(file)}", style="dim")
                    yield Label(line)
            yield Label(Text("Updating puts the new text in the old one's place. Annotations "
                             "are moved to the new text; those that cannot be placed are kept "
                             "as orphaned (listed in the annotation panel, A)."),
                        classes="dialog-quote")
            yield Label(Text("y update · n keep both (the new text as another article) · "
                             "Esc leave them out (import them again to be asked again)"),
                        classes="dialog-hint")

    def action_choose(self, choice: str | None) -> None:
        """Close with the choice."""
        self.dismiss(choice)
