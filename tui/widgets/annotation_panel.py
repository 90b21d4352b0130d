"""The side panel listing the open article's annotations."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
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
    """Annotations of the open article, in text order, then its orphaned ones; Enter jumps to
    one, p puts the highlighted orphan on the reader's selection."""

    BINDINGS = [
        Binding("j,down", "cursor_down", "next annotation", id="panel.next", show=False),
        Binding("k,up", "cursor_up", "previous annotation", id="panel.previous", show=False),
        Binding("enter", "select", "go to annotation", id="panel.open", show=False),
        Binding("p", "place", "place orphan on the selection", id="panel.place", show=False),
    ]

    class Place(Message):
        """p on an orphaned annotation (``annotation_id``; None when the highlighted entry
        is no orphan)."""

        def __init__(self, annotation_id: str | None) -> None:
            super().__init__()
            self.annotation_id = annotation_id

    orphan_ids: frozenset[str] = frozenset()  # of the entries listed as orphaned

    def show_annotations(self, annotations: list[Annotation], scheme: Scheme,
                         focused: str | None, orphans: list[Annotation] | None = None) -> None:
        """List ``annotations``, then ``orphans`` under a heading, and highlight the focused
        one."""
        options = [Option(annotation_prompt(a, scheme), id=a.id) for a in annotations] or [
            Option(Text("No annotations yet: select a sentence and press a stance key (1–9).",
                        style="dim italic"), disabled=True)]
        orphans = orphans or []
        self.orphan_ids = frozenset(a.id for a in orphans)
        if orphans:
            options.append(Option(Text.assemble(
                (f"orphaned ({len(orphans)})", "bold yellow"),
                ("\nnot found in this text. Select their passage in the reader, then p on one "
                 "here.\n", "dim")), disabled=True))
            options += [Option(annotation_prompt(a, scheme), id=a.id) for a in orphans]
        self.set_options(options)
        ids = [a.id for a in annotations]
        if focused in ids:
            self.highlighted = ids.index(focused)

    def action_place(self) -> None:
        """Ask to put the highlighted orphan on the reader's selection."""
        option = self.highlighted_option
        self.post_message(self.Place(
            option.id if option is not None and option.id in self.orphan_ids else None))
