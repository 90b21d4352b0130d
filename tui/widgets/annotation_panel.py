"""The side panel listing the open article's annotations."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from stancemark.store.annotation import Annotation
from stancemark.store.config import Scheme
from stancemark.tui.visible import visible


def annotation_prompt(annotation: Annotation, scheme: Scheme) -> Group:
    """Stance and holder on the first line, the first words, then the note if any."""
    head = Text()
    head.append(f"■ {visible(annotation.stance)}",
                style=f"bold {scheme.color(annotation.stance)}")
    if annotation.holder:
        head.append(f"  {visible(annotation.holder)}", style="bold")
    if annotation.target:
        head.append(f" → {visible(annotation.target)}", style="italic")
    words = annotation.quote.split()
    quote = visible(" ".join(words[:12])) + (" …" if len(words) > 12 else "")
    lines = [head, Text(f"“{quote}”", style="dim")]
    if annotation.note:
        lines.append(Text(f"✎ {visible(annotation.note, keep_newlines=True)}", style="italic"))
    return Group(*lines, Text(""))


class AnnotationPanel(OptionList):
    """Annotations of the open article, in text order; Enter jumps to one."""

    BINDINGS = [
        Binding("j,down", "cursor_down", "next annotation", id="panel.next", show=False),
        Binding("k,up", "cursor_up", "previous annotation", id="panel.previous", show=False),
        Binding("enter", "select", "go to annotation", id="panel.open", show=False),
    ]

    def show_annotations(self, annotations: list[Annotation], scheme: Scheme,
                         focused: str | None) -> None:
        """List ``annotations`` and highlight the focused one."""
        self.set_options(Option(annotation_prompt(a, scheme), id=a.id) for a in annotations)
        if not annotations:
            self.set_options([Option(Text("No annotations yet: select a sentence and press a "
                                          "stance key (1–9).", style="dim italic"), disabled=True)])
            return
        ids = [a.id for a in annotations]
        if focused in ids:
            self.highlighted = ids.index(focused)
