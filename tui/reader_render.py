"""Turning one paragraph and its highlights into styled, wrapped lines for the reader."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from stancemark.tui.palette import entity_style, label_style

if TYPE_CHECKING:  # entities come with an opened article; nlp loads then
    from stancemark.nlp.entities import Entity



@dataclass(frozen=True)
class Mark:
    """An annotation as the reader draws it: its span and stance colour."""

    start: int
    end: int
    color: str
    focused: bool = False


def wrap(plain: str, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap by terminal cells: (start, end) of each line, trailing spaces dropped.

    Lines break at spaces; a word longer than a line is folded.
    """
    width = max(width, 1)
    if cell_len(plain) == len(plain):
        return _wrap_narrow(plain, width)
    lines: list[tuple[int, int]] = []
    start, used, space = 0, 0, -1
    for i, char in enumerate(plain):
        cells = cell_len(char)
        if char == " ":
            space = i
        elif used + cells > width:
            end, following = (space, space + 1) if space > start else (i, i)
            lines.append((start, end))
            start, used, space = following, cell_len(plain[following:i]), -1
        used += cells
    lines.append((start, len(plain)))
    return [(a, a + len(plain[a:b].rstrip())) for a, b in lines]


def _wrap_narrow(plain: str, width: int) -> list[tuple[int, int]]:
    """``wrap`` for text whose every character is one cell wide: a search per line, not
    a loop per word (a 25,000-word article wraps in a few milliseconds)."""
    lines: list[tuple[int, int]] = []
    start, size = 0, len(plain)
    while True:
        if size - start <= width:
            lines.append((start, len(plain[start:].rstrip()) + start))
            return lines
        cut = plain.rfind(" ", start, start + width + 1)
        if cut <= start:  # no space to break at: fold the word
            end = next_start = start + width
        else:
            end, next_start = cut, cut + 1
        while end > start and plain[end - 1] == " ":
            end -= 1
        lines.append((start, end))
        while next_start < size and plain[next_start] == " ":
            next_start += 1
        start = next_start


def label_shifts(entities: list[Entity], labels: bool) -> list[tuple[int, int]]:
    """Where entity labels are inserted: (source offset, inserted length) pairs."""
    return [(e.end, len(e.label) + 1) for e in entities] if labels else []


def rendered_plain(text: str, start: int, end: int, entities: list[Entity],
                   labels: bool) -> tuple[str, list[tuple[int, int]]]:
    """The characters of the paragraph as drawn (labels included), without any styling."""
    inside = [e for e in entities if start <= e.start and e.end <= end]
    shifts = label_shifts(inside, labels)
    pieces, cut = [], start
    for (at, _), entity in zip(shifts, inside):
        pieces += [text[cut:at], f" {entity.label}"]
        cut = at
    pieces.append(text[cut:end])
    return "".join(pieces), shifts


def styled_paragraph(
    text: str, start: int, end: int, *, base: Style, entities: list[Entity], marks: list[Mark],
    target: tuple[int, int] | None, target_bg: str, labels: bool,
) -> tuple[Text, list[tuple[int, int]]]:
    """The paragraph ``text[start:end]`` with every highlight applied.

    Layers, bottom to top: the cursor/selection background, annotation underlines in their
    stance colour (double where annotations overlap), entity colours (always visible).
    Returns the text and, when labels are shown, (source offset, inserted cells) pairs that
    map source offsets to rendered ones.
    """
    out = Text(text[start:end], style=base, end="")
    if target and target[0] < end and target[1] > start:
        out.stylize(Style(bgcolor=target_bg), max(target[0], start) - start,
                    min(target[1], end) - start)
    depth = [0] * (end - start)
    for mark in marks:
        a, b = max(mark.start, start) - start, min(mark.end, end) - start
        if a >= b:
            continue
        out.stylize(Style(color=mark.color, underline=True, bold=mark.focused), a, b)
        for i in range(a, b):
            depth[i] += 1
    for i, count in enumerate(depth):
        if count > 1:
            out.stylize(Style(underline2=True, underline=False), i, i + 1)
    inside = [e for e in entities if start <= e.start and e.end <= end]
    for entity in inside:
        out.stylize(entity_style(entity.label), entity.start - start, entity.end - start)
    shifts = label_shifts(inside, labels)
    if not shifts:
        return out, shifts
    pieces, cut = [], 0
    for entity in inside:
        pieces += [out[cut:entity.end - start],
                   Text(f" {entity.label}", style=label_style(entity.label), end="")]
        cut = entity.end - start
    pieces.append(out[cut:])
    return Text("", style=base, end="").join(pieces), shifts


def rendered_offset(offset: int, start: int, shifts: list[tuple[int, int]]) -> int:
    """Where source ``offset`` of a paragraph starting at ``start`` lands in its rendered text."""
    return offset - start + sum(n for at, n in shifts if at <= offset)
