"""The entity legend: the colour of each label found in the open article."""

from __future__ import annotations

from collections import Counter

from rich.text import Text
from textual.events import Resize
from textual.widgets import Static

from stancemark.tui.palette import entity_description, entity_style
from stancemark.tui.visible import visible

GAP = "   "


def legend_text(labels: Counter, width: int = 0) -> Text:
    """One chip per label, most frequent first, with its meaning (``spacy.explain``'s) and
    count; an item that would pass ``width`` cells (when given) starts a new line whole."""
    text = Text()
    used = 0
    for label, count in sorted(labels.items(), key=lambda item: (-item[1], item[0])):
        item = Text.assemble((f" {visible(label)} ", entity_style(label)),
                             (f" {visible(entity_description(label))} {count}", "dim"))
        if used and width and used + len(GAP) + item.cell_len > width:
            text.append("\n")
            used = 0
        elif used:
            text.append(GAP)
            used += len(GAP)
        text.append_text(item)
        used += item.cell_len
    return text or Text("No entities in this article.", style="dim italic")


class Legend(Static):
    """Shows which colour stands for which kind of entity."""

    labels: Counter = Counter()

    def show_labels(self, labels: Counter) -> None:
        """Update the legend for the entities of the open article."""
        self.labels = labels
        self.update(legend_text(labels, self.content_region.width))

    def on_resize(self, event: Resize) -> None:
        """Lay the items out again for the new width."""
        self.update(legend_text(self.labels, self.content_region.width))
