"""`m`: correct entities. Mark the selected words as an entity of a label, or relabel or
remove an entity under the cursor; every article takes the correction."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from stancemark.tui.palette import ENTITY_LABELS, entity_description, entity_style
from stancemark.tui.visible import visible

Fix = tuple[str, str, str, str]  # action ("add" / "remove"), text, label, the label it had


def chip(label: str) -> Text:
    """A label in its colour, with what it means."""
    return Text.assemble((f" {visible(label)} ", entity_style(label)),
                         (f" {visible(entity_description(label))}", "dim"))


class EntityFixScreen(ModalScreen[Fix | None]):
    """Choose a correction: mark ``new`` (the selected words, if any) as an entity, or relabel
    or remove one of ``existing`` ((text, label) of the entities under the cursor); then, for
    marking and relabelling, the label."""

    BINDINGS = [Binding("escape", "back", "back / cancel", id="fix.cancel")]

    def __init__(self, new: str | None, existing: list[tuple[str, str]]) -> None:
        super().__init__()
        self.new, self.existing = new, existing
        self.choice: tuple[str, str] | None = None  # (text, label it had) awaiting a label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Correct entities (in every article)", classes="dialog-title",
                        id="fix-title")
            yield OptionList(id="fix-options")
            yield Label("↑↓ Enter picks · Esc goes back / cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        """Straight to the labels when there is only the selection to mark."""
        if self.new is not None and not self.existing:
            self._labels(self.new, "")
        else:
            self._actions()

    def _actions(self) -> None:
        self.choice = None
        options = []
        if self.new is not None:
            options.append(Option(Text.assemble("+ mark “", (visible(self.new), "bold"),
                                                "” as an entity of…"), id="add"))
        for index, (text, label) in enumerate(self.existing):
            name = Text.assemble("“", (visible(text), "bold"), "” ",
                                 (f" {visible(label)} ", entity_style(label)))
            options += [Option(Text.assemble("↻ relabel ", name, " as…"), id=f"relabel:{index}"),
                        Option(Text.assemble("✕ not an entity: remove ", name), id=f"remove:{index}")]
        self._show("Correct entities (in every article)", options)

    def _labels(self, text: str, was: str) -> None:
        self.choice = (text, was)
        self._show(f"“{visible(text)}” is… (every occurrence, in every article)",
                   [Option(chip(label), id=label) for label in ENTITY_LABELS if label != was])

    def _show(self, title: str, options: list[Option]) -> None:
        self.query_one("#fix-title", Label).update(Text(title))
        found = self.query_one(OptionList)
        found.set_options(options)
        found.highlighted = 0
        found.focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        picked = event.option.id or ""
        if self.choice is not None:
            text, was = self.choice
            self.dismiss(("add", text, picked, was))
        elif picked == "add" and self.new is not None:
            self._labels(self.new, "")
        else:
            action, index = picked.split(":")
            text, label = self.existing[int(index)]
            if action == "remove":
                self.dismiss(("remove", text, label, label))
            else:
                self._labels(text, label)

    def action_back(self) -> None:
        """Back from the labels to the choices, else close without a correction."""
        if self.choice is not None and self.existing:
            self._actions()
        else:
            self.dismiss(None)
