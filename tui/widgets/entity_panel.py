"""The entity panel: the open article's entities by label, each once with its mention count."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from stancemark.tui.palette import ENTITY_LABELS, entity_style
from stancemark.tui.visible import visible

if TYPE_CHECKING:
    from stancemark.nlp.mentions import Mentioned


def label_order(label: str) -> tuple[int, str]:
    """Labels in the palette's order (people, organisations, places first), others after."""
    order = list(ENTITY_LABELS)
    return (order.index(label) if label in order else len(order), label)


def entity_prompt(entity: Mentioned, spotlit: bool) -> Text:
    """The entity's name and number of mentions, then its other spellings, dimmed."""
    text = Text.assemble(("◆ " if spotlit else "  ", "bold"), (visible(entity.name), "bold"),
                         (f" ×{len(entity.mentions)}", "dim bold"))
    others = [n for n in entity.names if n != entity.name]
    if others:
        text.append(" · " + " · ".join(visible(n) for n in others), style="dim")
    return text


class EntityPanel(OptionList):
    """The open article's entities grouped by label (most mentioned first); Enter spotlights
    one (the main screen highlights its mentions and goes to the first)."""

    BINDINGS = [
        Binding("j,down", "cursor_down", "next entity", id="entities.next", show=False),
        Binding("k,up", "cursor_up", "previous entity", id="entities.previous", show=False),
        Binding("enter", "select", "highlight its mentions", id="entities.spotlight"),
        Binding("escape", "request('clear')", "highlight no entity", id="entities.clear"),
        Binding("o", "request('articles')", "articles that mention it",
                id="entities.articles"),
        Binding("C", "request('corrections')", "entity corrections", id="entities.corrections"),
    ]

    class Request(Message):
        """A key asking the screen for something about the highlighted entity (``key``, None
        when a label heading or nothing is highlighted): ``what`` is "articles",
        "corrections" or "clear"."""

        def __init__(self, what: str, key: str | None) -> None:
            super().__init__()
            self.what, self.key = what, key

    entities: dict[str, Mentioned] = {}

    def show_entities(self, entities: list[Mentioned] | None, spotlit: str | None) -> None:
        """List ``entities`` (None: not found yet) under their labels, the spotlit one marked;
        the highlight stays on the entity it was on when it is still there."""
        before = self.highlighted_option.id if self.highlighted_option else None
        self.entities = {e.key: e for e in entities or ()}
        by_label: dict[str, list[Mentioned]] = {}
        for entity in entities or ():
            by_label.setdefault(entity.label, []).append(entity)
        options: list[Option] = []
        for label in sorted(by_label, key=label_order):
            group = sorted(by_label[label], key=lambda e: (-len(e.mentions), e.name.lower()))
            options.append(Option(Text.assemble(
                (f" {visible(label)} ", entity_style(label)), (f" {len(group)}", "dim")),
                disabled=True))
            options += [Option(entity_prompt(e, e.key == spotlit), id=e.key) for e in group]
        if not options:
            options = [Option(Text("Entities are being found…" if entities is None else
                                   "No entities in this article.", style="dim italic"),
                              disabled=True)]
        self.set_options(options)
        self.border_title = f"Entities ({len(self.entities)})" if self.entities else "Entities"
        keys = [o.id for o in options]
        for wanted in (before, spotlit):
            if wanted in self.entities:
                self.highlighted = keys.index(wanted)
                return
        self.highlighted = next((i for i, o in enumerate(options) if not o.disabled), None)

    def highlighted_key(self) -> str | None:
        """The key of the highlighted entity, if an entity is highlighted."""
        option = self.highlighted_option
        return option.id if option is not None and option.id in self.entities else None

    def action_request(self, what: str) -> None:
        """Ask the screen for ``what`` about the highlighted entity."""
        self.post_message(self.Request(what, self.highlighted_key()))
