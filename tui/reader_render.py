"""Turning a paragraph and its highlights into styled, wrapped lines for the reader."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from stancemark.tui.palette import (CUE_STYLE, SPEAKER_STYLE, entity_style, faded_style,
                                    label_style, spotlight_style)

if TYPE_CHECKING:  # entities come with an opened article; nlp loads then
    from stancemark.nlp.entities import Entity


# Characters one cell wide (Latin, general punctuation, the control pictures of visible()):
# a text of only these is measured by one regex match instead of a look-up per character.
ONE_CELL = re.compile("[\x20-\x7e\xa0-\u02ff\u2010-\u2027\u2030-\u205e\u2400-\u2426]*")


@dataclass(frozen=True)
class Mark:
    """An annotation as the reader draws it: its span and stance colour."""

    start: int
    end: int
    color: str
    focused: bool = False


@dataclass(frozen=True)
class Voice:
    """Reported speech as the reader marks it: a speaker's name (or the pronoun that stands
    for it), or the cue that says so."""

    start: int
    end: int
    speaker: bool


@dataclass(frozen=True)
class Match:
    """A search match as the reader draws it; ``current`` is the one n/N went to."""

    start: int
    end: int
    current: bool = False


MATCH = Style(reverse=True)
CURRENT_MATCH = Style(reverse=True, bold=True, italic=True)


def wrap(plain: str, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap by terminal cells: (start, end) of each line, trailing spaces dropped.

    Lines break at spaces; a word longer than a line is folded.
    """
    width = max(width, 1)
    if ONE_CELL.fullmatch(plain) or cell_len(plain) == len(plain):
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


class Paragraph:
    """One paragraph as drawn: its text with, when labels show, " LABEL" after each entity.

    Maps source offsets to drawn ones and styles any range of drawn characters on its own
    (entities are found by bisection), so drawing a screen row costs the same in a short
    paragraph and in a paragraph a megabyte long. With a ``spotlight`` (the (start, end) of
    one entity's mentions), those mentions are drawn in bold and the other entities faded.
    """

    def __init__(self, text: str, start: int, end: int, entities: list[Entity],
                 labels: bool, spotlight: frozenset[tuple[int, int]] | None = None) -> None:
        self.text, self.start, self.end = text, start, end
        self.spotlight = spotlight
        self.entities = sorted((e for e in entities if start <= e.start and e.end <= end),
                               key=lambda e: e.start)
        self._entity_starts = [e.start for e in self.entities]
        self._longest = max((e.end - e.start for e in self.entities), default=0)
        tagged = sorted(self.entities, key=lambda e: e.end) if labels else []
        self._ats = [e.end for e in tagged]
        self._labels = [f" {e.label}" for e in tagged]
        # _before[k]: characters inserted before label k (and, at k = len, in all)
        self._before = list(accumulate((len(label) for label in self._labels), initial=0))
        self._label_ends = [at - start + self._before[k + 1] for k, at in enumerate(self._ats)]

    @property
    def size(self) -> int:
        """Number of drawn characters."""
        return self.end - self.start + self._before[-1]

    def rendered(self, offset: int) -> int:
        """Where source ``offset`` lands in the drawn paragraph."""
        return offset - self.start + self._before[bisect_right(self._ats, offset)]

    def plain(self) -> str:
        """The drawn characters, without any styling."""
        pieces, cut = [], self.start
        for at, label in zip(self._ats, self._labels):
            pieces += [self.text[cut:at], label]
            cut = at
        pieces.append(self.text[cut:self.end])
        return "".join(pieces)

    def line(self, a: int, b: int, *, base: Style, marks: list[Mark],
             target: tuple[int, int] | None, target_bg: str, voices: Sequence[Voice] = (),
             matches: Sequence[Match] = ()) -> Text:
        """Drawn characters ``a`` to ``b`` with every highlight.

        Layers, bottom to top: the cursor/selection background, annotation underlines in their
        stance colour (double where annotations overlap), entity colours (always visible),
        speakers and cues of reported speech, search matches in reverse video (so an entity's
        colour and an underline still show inside one), and the labels in their own colour.
        """
        out = Text(style=base, end="")
        k = bisect_right(self._label_ends, a)  # the first label not wholly before ``a``
        while a < b:
            label_start = self._ats[k] - self.start + self._before[k] if k < len(self._ats) \
                else b
            if a < label_start:
                stop = min(b, label_start)
                shift = self.start - self._before[k]
                out.append_text(self._styled(a + shift, stop + shift, base, marks, target,
                                             target_bg, voices, matches))
            else:
                stop = min(b, self._label_ends[k])
                label = self._labels[k]
                out.append(label[a - label_start:stop - label_start],
                           style=label_style(label[1:]))
                k += 1
            a = stop
        return out

    def _styled(self, a: int, b: int, base: Style, marks: list[Mark],
                target: tuple[int, int] | None, target_bg: str, voices: Sequence[Voice] = (),
                matches: Sequence[Match] = ()) -> Text:
        """Source characters ``a`` to ``b`` (a part of the paragraph) with their highlights."""
        out = Text(self.text[a:b], style=base, end="")
        if target and target[0] < b and target[1] > a:
            out.stylize(Style(bgcolor=target_bg), max(target[0], a) - a, min(target[1], b) - a)
        edges = []
        for mark in marks:
            x, y = max(mark.start, a), min(mark.end, b)
            if x < y:
                out.stylize(Style(color=mark.color, underline=True, bold=mark.focused), x - a, y - a)
                edges += [(x, 1), (y, -1)]
        depth, since = 0, a
        for at, step in sorted(edges):  # ends sort before starts at the same offset
            if depth > 1 and at > since:
                out.stylize(Style(underline2=True, underline=False), since - a, at - a)
            depth, since = depth + step, at
        first = bisect_left(self._entity_starts, a - self._longest)
        spotlight = self.spotlight
        for entity in self.entities[first:bisect_left(self._entity_starts, b)]:
            if entity.end > a:
                style = entity_style(entity.label) if spotlight is None else \
                    spotlight_style(entity.label) if (entity.start, entity.end) in spotlight \
                    else faded_style(entity.label)
                out.stylize(style, max(entity.start, a) - a, min(entity.end, b) - a)
        for voice in voices:
            if voice.start < b and voice.end > a:
                out.stylize(SPEAKER_STYLE if voice.speaker else CUE_STYLE,
                            max(voice.start, a) - a, min(voice.end, b) - a)
        for match in matches:
            if match.start < b and match.end > a:
                out.stylize(CURRENT_MATCH if match.current else MATCH, max(match.start, a) - a,
                            min(match.end, b) - a)
        return out
