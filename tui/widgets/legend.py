"""The entity legend: the colour of each label found in the open article."""

from __future__ import annotations

from collections import Counter

from rich.text import Text
from textual.widgets import Static

from stancemark.tui.palette import entity_description, entity_style
from stancemark.tui.visible import visible


def legend_text(labels: Counter) -> Text:
    """One chip per label, most frequent first, with its meaning (``spacy.explain``'s) and
    count."""
    text = Text()
    for label, count in sorted(labels.items(), key=lambda item: (-item[1], item[0])):
        text.append(f" {visible(label)} ", style=entity_style(label))
        text.append(f" {visible(entity_description(label))} {count}   ", style="dim")
    return text or Text("No entities in this article.", style="dim italic")


class Legend(Static):
    """Shows which colour stands for which kind of entity."""

    def show_labels(self, labels: Counter) -> None:
        """Update the legend for the entities of the open article."""
        self.update(legend_text(labels))


