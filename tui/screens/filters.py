"""The filter dialogs: a menu of the filters (f), and a picker for a holder, source or entity."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from stancemark.store.config import Scheme
from stancemark.store.listing import Filters, describe_dates
from stancemark.store.search import fold
from stancemark.tui.visible import visible
from stancemark.tui.widgets.fields import LiteralInput

PICKS_SHOWN = 200  # choices listed at once in a picker; typing narrows them


def _item(text: str, on: bool, value: str | None = None, style: str = "") -> Text:
    line = Text.assemble(("✓ " if on else "  ", "bold green"), (text, style))
    if value:
        line.append(f"  {visible(value)}", style="bold")
    return line


class FilterScreen(ModalScreen[str | None]):
    """The filters, each with its state; Enter on one sets it (or, when set, removes it).
    Returns the chosen item's id."""

    BINDINGS = [Binding("escape", "cancel", "close", id="filters.close")]

    def __init__(self, filters: Filters, scheme: Scheme, entities_known: str) -> None:
        super().__init__()
        self.filters, self.scheme, self.entities_known = filters, scheme, entities_known

    def options(self) -> list[Option]:
        """The menu: annotations, stances, holder, entity, dates, source, and clearing."""
        f = self.filters
        items = [Option(_item("has annotations", f.annotated is True), id="annotated"),
                 Option(_item("has no annotations", f.annotated is False), id="not_annotated")]
        for label in self.scheme.labels:
            items.append(Option(_item("stance", f.stance == label.name, label.name),
                                id=f"stance:{label.name}"))
        items += [
            Option(_item("holder…", f.holder is not None, f.holder), id="holder"),
            Option(_item("entity mentioned…", f.entity is not None, f.entity)
                   .append(f"  ({self.entities_known})", style="dim"), id="entity"),
            Option(_item("date range…", f.dates is not None,
                         describe_dates(f.dates) if f.dates else None), id="dates"),
            Option(_item("source…", f.source is not None, f.source), id="source"),
        ]
        if f.only is not None:
            items.append(Option(_item("only ", True, f.only[0]), id="only"))
        items.append(Option(Text("  clear all filters", style="italic"), id="clear",
                            disabled=not f))
        return items

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Filter the articles", classes="dialog-title")
            yield OptionList(*self.options(), id="filter-options")
            yield Label("Enter sets a filter, or removes one set (✓) · they combine\n"
                        "Esc closes", classes="dialog-hint")

    @on(OptionList.OptionSelected)
    def picked(self, event: OptionList.OptionSelected) -> None:
        """Return the item chosen."""
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Close without a change."""
        self.dismiss(None)


class PickScreen(ModalScreen[str | None]):
    """Pick one of ``choices`` ((value, how it is shown) pairs, best first): typing narrows
    the list, ↓ goes into it, Enter takes the highlighted one (from the field: the first)."""

    BINDINGS = [Binding("escape", "cancel", "cancel", id="pick.cancel")]

    def __init__(self, title: str, choices: list[tuple[str, Text]], note: str = "") -> None:
        super().__init__()
        self.title_text, self.choices, self.note = title, choices, note
        self._folded = [fold(value) for value, _ in choices]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.title_text), classes="dialog-title")
            yield LiteralInput(placeholder="type to narrow the list", id="pick-input")
            yield OptionList(id="pick-options")
            yield Label(Text((self.note + "\n" if self.note else "")
                             + "↓ into the list · Enter picks · Esc cancels"),
                        classes="dialog-hint")

    def on_mount(self) -> None:
        """List the first choices."""
        self._narrow("")

    @on(LiteralInput.Changed)
    def _typed(self, event: LiteralInput.Changed) -> None:
        self._narrow(event.value)

    def _narrow(self, typed: str) -> None:
        wanted = fold(typed.strip())
        shown = [Option(text, id=value) for (value, text), key in zip(self.choices, self._folded)
                 if wanted in key][:PICKS_SHOWN]
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(shown or [Option(Text("nothing matches", style="dim italic"),
                                             disabled=True)])
        options.highlighted = 0 if shown else None

    def on_key(self, event) -> None:
        """↓ in the field moves into the list."""
        if event.key == "down" and self.query_one(LiteralInput).has_focus:
            self.query_one(OptionList).focus()
            event.stop()

    @on(LiteralInput.Submitted)
    def _first(self, event: LiteralInput.Submitted) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            option = options.get_option_at_index(options.highlighted)
            if not option.disabled:
                self.dismiss(option.id)

    @on(OptionList.OptionSelected)
    def picked(self, event: OptionList.OptionSelected) -> None:
        """Return the chosen value."""
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Close without a value."""
        self.dismiss(None)
