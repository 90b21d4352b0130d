"""The reader: an article with entity highlights, annotations and a sentence cursor.

A Line API widget: paragraphs are wrapped once per width, and each screen row is styled and
rendered on its own when it is first drawn, so only what is on screen is drawn and a cursor move
re-renders just the rows it touches, however long the paragraph. The article is drawn through
``visible()``: an escape sequence in its text shows as symbols and never reaches the terminal.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from stancemark.store.article import Article
from stancemark.tui.matches import ArticleSearch
from stancemark.tui.palette import CURSOR_BG, SAID_COLOR, SELECTION_BG
from stancemark.tui.reader_render import Mark, Match, Paragraph, Voice, wrap
from stancemark.tui.selection import Selection
from stancemark.tui.visible import visible

if TYPE_CHECKING:
    from stancemark.nlp.attribution import Attribution
    from stancemark.nlp.entities import Entity

GUTTER = 3
MAX_TEXT_WIDTH = 96
MAX_CACHED_ROWS = 2_000  # rendered rows kept; past that the cache starts again
PLACEHOLDER = "Open an article: select it on the left and press Enter."


@dataclass
class _Row:
    paragraph: int  # -1 for rows that belong to no paragraph (byline, spacing)
    start: int = 0  # drawn offsets of this row within the paragraph
    end: int = 0
    text: Text | None = None  # for rows outside paragraphs


class Reader(ScrollView, can_focus=True):
    """Shows one article; owns the sentence cursor and the selection."""

    BINDINGS = [
        Binding("j,down", "move(1)", "next sentence", id="reader.next"),
        Binding("k,up", "move(-1)", "previous sentence", id="reader.previous"),
        Binding("J,shift+down", "extend(1)", "extend down", id="reader.extend_down"),
        Binding("K,shift+up", "extend(-1)", "extend up", id="reader.extend_up"),
        Binding("w", "word('grow_end')", "selection: + word at end", id="reader.grow_end", show=False),
        Binding("b", "word('trim_end')", "selection: − word at end", id="reader.trim_end", show=False),
        Binding("W", "word('grow_start')", "selection: + word at start", id="reader.grow_start", show=False),
        Binding("B", "word('trim_start')", "selection: − word at start", id="reader.trim_start", show=False),
        Binding("escape", "clear", "clear selection", id="reader.clear"),
        Binding("space,pagedown", "page(1)", "page down", id="reader.page_down", show=False),
        Binding("pageup", "page(-1)", "page up", id="reader.page_up", show=False),
        Binding("g,home", "edge(0)", "top", id="reader.top", show=False),
        Binding("G,end", "edge(1)", "bottom", id="reader.bottom", show=False),
        Binding("n", "match(1)", "next match", id="reader.next_match", show=False),
        Binding("N", "match(-1)", "previous match", id="reader.previous_match", show=False),
    ]

    class CursorMoved(Message):
        """The cursor or the selection changed."""

        def __init__(self, reader: "Reader") -> None:
            super().__init__()
            self.reader = reader

    class MatchesChanged(Message):
        """The search matches, or the one the cursor went to, changed (see ``finder``)."""

        def __init__(self, reader: "Reader") -> None:
            super().__init__()
            self.reader = reader

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article: Article | None = None
        self.entities: list[Entity] = []
        self.marks: list[Mark] = []
        self.selection = Selection()
        self.show_labels = False
        self.spotlight: frozenset[tuple[int, int]] | None = None  # see set_spotlight
        self._spotlight_color = ""
        self.attributions: list[Attribution] = []
        self.show_speakers = False  # reported speech marked: speakers, cues, ❝ in the gutter
        self._drawn = ""  # the article's text as drawn: control characters made visible
        self._spans: list[tuple[int, int]] = []
        self._starts: list[int] = []
        self._rows: list[_Row] = []
        self._first_row: list[int] = []
        self._row_starts: list[list[int]] = []  # per paragraph, where each of its rows starts
        self._paragraphs: list[Paragraph] = []
        self._strips: dict[int, Strip] = {}  # by row
        self._layout_width = -1
        self._line_style = Style()
        self._entity_buckets: dict[int, list[Entity]] = {}
        self._mark_buckets: dict[int, list[Mark]] = {}
        self._voice_buckets: dict[int, list[Voice]] = {}
        self._said_buckets: dict[int, list[Attribution]] = {}
        self.finder = ArticleSearch()  # the in-article search (/, n, N)
        self._match_buckets: dict[int, list[Match]] = {}

    # Feeding the reader

    def show(self, article: Article, sentences: list[tuple[int, int]],
             entities: list[Entity], marks: list[Mark]) -> None:
        """Display ``article`` with the cursor on the first sentence of the body, no entity
        in the spotlight."""
        self.article, self.entities, self.marks = article, entities, marks
        self.spotlight = None
        self.attributions = []
        self._drawn = visible(article.text)
        self.finder.find(article.text, new_text=True)  # what was searched, in this article
        self._spans = article.paragraph_spans()
        self._starts = [start for start, _ in self._spans]
        self.selection.reset(article.text, sentences)
        self.selection.move_to(article.body_start)
        self._relayout()
        self.scroll_to(0, 0, animate=False)
        self.post_message(self.CursorMoved(self))
        if self.finder.typed:
            self.post_message(self.MatchesChanged(self))

    def update_analysis(self, sentences: list[tuple[int, int]], entities: list[Entity]) -> None:
        """New entities and sentences for the shown article; the cursor keeps its place."""
        if self.article is None:
            return
        offset = (self.selection.sentence or (self.article.body_start, 0))[0]
        span = self.selection.span
        self.entities = entities
        self.selection.reset(self.article.text, sentences)
        self.selection.move_to(offset)
        self.selection.span = span
        self._relayout()

    def set_marks(self, marks: list[Mark]) -> None:
        """Redraw with these annotation marks (only the rows where a mark came, went or
        changed)."""
        changed = set(self.marks) ^ set(marks)
        self.marks = marks
        self._mark_buckets = self._by_paragraph(marks)
        for mark in changed:
            self._forget((mark.start, mark.end))
        self.refresh()

    def set_spotlight(self, spans: list[tuple[int, int]] | None, color: str = "") -> None:
        """Draw the entities at ``spans`` (one entity's mentions) in bold, with a ``color`` ◆ in
        the gutter of their rows (before a ❝), and the other entities faded; None: every
        entity alike."""
        self.spotlight = None if spans is None else frozenset(spans)
        self._spotlight_color = color
        self._relayout()

    def set_attributions(self, attributions: list[Attribution]) -> None:
        """The reported speech of the shown article, drawn while ``show_speakers`` is on."""
        self.attributions = attributions
        if self.show_speakers:
            self._relayout()

    def toggle_speakers(self) -> bool:
        """Show or hide the reported-speech marks; True when they are shown now."""
        self.show_speakers = not self.show_speakers
        self._relayout()
        return self.show_speakers

    def toggle_labels(self) -> None:
        """Show or hide entity labels next to each entity."""
        self.show_labels = not self.show_labels
        self._relayout()

    # Layout

    @property
    def text_width(self) -> int:
        """Cells available for text on one row."""
        return max(10, min(self.scrollable_content_region.width - GUTTER - 1, MAX_TEXT_WIDTH))

    def _by_paragraph(self, items: list) -> dict[int, list]:
        """Entities or marks sorted by the paragraphs they touch, so drawing one paragraph
        looks only at its own."""
        buckets: dict[int, list] = {}
        for item in items:
            for index in self._touched((item.start, item.end)):
                buckets.setdefault(index, []).append(item)
        return buckets

    def _relayout(self) -> None:
        self._entity_buckets = self._by_paragraph(self.entities)
        self._mark_buckets = self._by_paragraph(self.marks)
        shown = self.attributions if self.show_speakers else []
        self._said_buckets = self._by_paragraph(shown)
        self._voice_buckets = self._by_paragraph(list({
            voice for a in shown for voice in (Voice(*(a.via or (a.speaker.start, a.speaker.end)),
                                                     speaker=True),
                                               Voice(a.cue_start, a.cue_end, speaker=False))}))
        self._match_buckets = self._by_paragraph(self.finder.matches())
        self._strips.clear()
        self._rows, self._first_row, self._row_starts, self._paragraphs = [], [], [], []
        width = self._layout_width = self.text_width
        article = self.article
        if article is None:
            for start, end in wrap(PLACEHOLDER, width):
                self._rows.append(_Row(-1, text=Text(PLACEHOLDER[start:end], style="italic")))
        else:
            for index, (start, end) in enumerate(self._spans):
                if index:
                    self._rows.append(_Row(-1))
                self._first_row.append(len(self._rows))
                paragraph = Paragraph(self._drawn, start, end,
                                      self._entity_buckets.get(index, []), self.show_labels,
                                      self.spotlight)
                self._paragraphs.append(paragraph)
                lines = wrap(paragraph.plain(), width)
                self._row_starts.append([a for a, _ in lines])
                self._rows.extend(_Row(index, a, b) for a, b in lines)
                if index == 0:
                    self._rows.extend(_Row(-1, text=line) for line in self._byline(width))
        self.virtual_size = Size(width + GUTTER + 1, len(self._rows))
        self.refresh()

    def _byline(self, width: int) -> list[Text]:
        article = self.article
        if article is None:
            return []
        parts = [f"By {article.author}" if article.author else "",
                 article.source, article.date, f"{article.word_count} words"]
        line = visible(" · ".join(p for p in parts if p))
        return [Text(line[a:b], style="dim italic") for a, b in wrap(line, width)]

    def styled(self, index: int, start: int = 0, end: int | None = None) -> Text:
        """Drawn characters ``start`` to ``end`` of paragraph ``index`` (by default all of
        it) exactly as drawn, before wrapping."""
        paragraph = self._paragraphs[index]
        heading = self.article is not None and index in self.article.headings
        base = Style(bold=True, color="bright_white") if index == 0 else \
            Style(bold=True) if heading else Style()
        return paragraph.line(start, paragraph.size if end is None else end, base=base,
                              marks=self._mark_buckets.get(index, []),
                              voices=self._voice_buckets.get(index, []),
                              target=self.selection.target,
                              target_bg=SELECTION_BG if self.selection.span else CURSOR_BG,
                              matches=self._match_buckets.get(index, ()))

    def _row_strip(self, row_index: int) -> Strip:
        strip = self._strips.get(row_index)
        if strip is None:
            row = self._rows[row_index]
            if len(self._strips) >= MAX_CACHED_ROWS:
                self._strips.clear()
            if row.paragraph < 0:
                strip = self._strip(row.text or Text(), Text(" " * GUTTER))
            else:
                strip = self._strip(self.styled(row.paragraph, row.start, row.end),
                                    self._gutter(row.paragraph, row))
            self._strips[row_index] = strip
        return strip

    def _gutter(self, index: int, row: _Row) -> Text:
        drawn = self._paragraphs[index].rendered
        covers = [m for m in self._mark_buckets.get(index, [])
                  if drawn(m.start) < row.end and drawn(m.end) > row.start]
        target = self.selection.target
        selected = target and drawn(target[0]) < row.end and drawn(target[1]) > row.start
        gutter = Text.assemble(("▌", "bold #6fa8ff") if selected else " ")
        if covers:
            focused = next((m for m in covers if m.focused), covers[0])
            gutter.append("┃" if len(covers) > 1 else "│", style=f"bold {focused.color}")
        else:
            gutter.append(" ")
        spotlit = self.spotlight is not None and any(
            (e.start, e.end) in self.spotlight and drawn(e.start) < row.end
            and drawn(e.end) > row.start for e in self._paragraphs[index].entities)
        said = not spotlit and any(drawn(a.start) < row.end and drawn(a.end) > row.start
                                   for a in self._said_buckets.get(index, []))
        gutter.append("◆" if spotlit else "❝" if said else " ",
                      style=f"bold {self._spotlight_color}" if spotlit else SAID_COLOR)
        return gutter

    def _strip(self, line: Text, gutter: Text) -> Strip:
        content = gutter + line
        return Strip(content.render(self.app.console), content.cell_len)

    def render_lines(self, crop: Region) -> list[Strip]:
        """Draw the rows in ``crop``; the widget's style is looked up once, not per row."""
        self._line_style = self.rich_style
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        """Draw screen row ``y``."""
        if self._layout_width != self.text_width:
            self._relayout()
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        style = self._line_style
        if index >= len(self._rows):
            return Strip.blank(width, style)
        return self._row_strip(index).crop_extend(scroll_x, scroll_x + width, style).apply_style(style)

    # Cursor and selection

    def _rows_of(self, span: tuple[int, int]) -> tuple[int, int]:
        """First and last row showing source span ``span``."""
        rows = []
        for offset in (span[0], max(span[0], span[1] - 1)):
            index = max(0, bisect_right(self._starts, offset) - 1)
            local = self._paragraphs[index].rendered(offset)
            within = max(0, bisect_right(self._row_starts[index], local) - 1)
            rows.append(self._first_row[index] + within)
        return rows[0], rows[1]

    def _forget(self, span: tuple[int, int] | None) -> None:
        """Drop the rendered rows that show ``span``."""
        if span is None or not self._paragraphs:
            return
        first, last = self._rows_of(span)
        if last - first < len(self._strips):
            for row in range(first, last + 1):
                self._strips.pop(row, None)
        else:
            for row in [r for r in self._strips if first <= r <= last]:
                del self._strips[row]

    def _touched(self, span: tuple[int, int] | None) -> set[int]:
        """Indexes of the paragraphs that ``span`` overlaps."""
        if span is None or not self._spans:
            return set()
        first = max(0, bisect_right(self._starts, span[0]) - 1)
        last = max(first, bisect_right(self._starts, span[1]) - 1)
        return {i for i in range(first, last + 1)
                if self._spans[i][0] <= span[1] and self._spans[i][1] >= span[0]}

    def _changed(self, before: tuple[int, int] | None, follow: int | None = None,
                 scroll: bool = True) -> None:
        """Redraw what the cursor change touched and keep the cursor in view: the whole
        target, or its last (``follow`` 1) or first (-1) row while a selection grows."""
        after = self.selection.target
        self._forget(before)
        self._forget(after)
        if scroll and after and self._rows:
            first, last = self._rows_of(after)
            if follow is not None:
                first = last = last if follow == 1 else first
            self.scroll_to_region(Region(0, first, 1, last - first + 1), animate=False)
        self.refresh()
        self.post_message(self.CursorMoved(self))

    def go_to(self, offset: int) -> None:
        """Put the cursor on the sentence holding ``offset``."""
        before = self.selection.target
        self.selection.move_to(offset)
        self._changed(before)

    def select_span(self, start: int, end: int) -> None:
        """Select exactly ``text[start:end]`` with the cursor on its first sentence."""
        before = self.selection.target
        self.selection.move_to(start)
        self.selection.span = (start, end)
        self._changed(before)

    def action_move(self, delta: int) -> None:
        """Move the cursor by sentences."""
        before = self.selection.target
        self.selection.move(delta)
        self._changed(before)

    def action_extend(self, delta: int) -> None:
        """Extend (or shrink) the selection by a sentence."""
        before = self.selection.target
        self.selection.extend(delta)
        self._changed(before, follow=1 if delta > 0 else -1)

    def action_word(self, how: str) -> None:
        """Grow or trim the selection by a word at one end."""
        before = self.selection.target
        getattr(self.selection, how)()
        self._changed(before, follow=1 if how.endswith("end") else -1)

    def action_clear(self) -> None:
        """Clear the selection (the cursor sentence stays the target)."""
        before = self.selection.target
        if self.selection.clear():
            self._changed(before)

    def action_page(self, direction: int) -> None:
        """Scroll a page and put the cursor on the first sentence in view."""
        self.scroll_to(y=self.scroll_y + direction * max(1, self.size.height - 2), animate=False)
        self._cursor_to_row(int(self.scroll_y))

    def action_edge(self, end: int) -> None:
        """Jump to the top or the bottom of the article."""
        if not self.selection.sentences:
            return
        before = self.selection.target
        self.selection.move(len(self.selection.sentences) if end else -len(self.selection.sentences))
        self._changed(before)

    def _cursor_to_row(self, row_index: int) -> None:
        for row in self._rows[row_index:]:
            if row.paragraph >= 0:
                before = self.selection.target
                self.selection.move_to(self._spans[row.paragraph][0] + row.start)
                self._changed(before, scroll=False)  # the page is already where the user put it
                return

    def on_click(self, event: events.Click) -> None:
        """A click puts the cursor on the sentence clicked."""
        row_index = int(self.scroll_y) + event.y
        if 0 <= row_index < len(self._rows) and self._rows[row_index].paragraph >= 0:
            row = self._rows[row_index]
            start = self._spans[row.paragraph][0]
            self.go_to(start + row.start + max(0, event.x - GUTTER))

    # Searching in the article

    def search(self, typed: str) -> None:
        """Highlight every place ``typed`` occurs (case and accents aside) and put the cursor
        on the first from the cursor sentence on (wrapping round to the first of all)."""
        self.finder.find(self.article.text if self.article else None, typed)
        self._match_buckets = self._by_paragraph(self.finder.matches())
        self._strips.clear()  # the layout stays: matches change no row's text
        self.refresh()
        if self.finder.found:
            self._go_to_match(self.finder.first_from((self.selection.sentence or (0, 0))[0]))
        else:
            self.post_message(self.MatchesChanged(self))

    def action_match(self, direction: int) -> None:
        """Go to the next (1) or previous (-1) match."""
        finder = self.finder
        if not finder.found:
            self.notify("Nothing searched in this article: / to search." if not finder.typed
                        else f"No match for {visible(finder.typed)!r} in this article.",
                        markup=False)
            return
        self._go_to_match(finder.step(direction, self.selection.index,
                                      (self.selection.sentence or (0, 0))[0]))

    def _go_to_match(self, index: int) -> None:
        finder = self.finder
        if finder.index is not None:
            self._forget(finder.found[finder.index])
        finder.index = index
        self._match_buckets = self._by_paragraph(finder.matches())
        start, end = finder.found[index]
        self.go_to(start)
        finder.sentence = self.selection.index
        self._forget((start, end))
        first, last = self._rows_of((start, end))
        self.scroll_to_region(Region(0, first, 1, last - first + 1), animate=False)
        self.post_message(self.MatchesChanged(self))
