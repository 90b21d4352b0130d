"""The article list: title, then source, date, word count and annotation counts by stance.

A Line API widget: it holds article ids and titles only, wraps each title with a plain
word wrap (a few microseconds, no rendering), and reads and draws just the entries on screen,
so 10,000 articles list almost as fast as two, and a held key scrolls without measuring any.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from itertools import accumulate

from rich.cells import cell_len, chop_cells
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from stancemark.store.article import Article
from stancemark.store.config import Scheme
from stancemark.tui.visible import visible

CACHED_ENTRIES = 400
MAX_TITLE_LINES = 3


def title_lines(title: str, width: int) -> list[str]:
    """``title`` wrapped at spaces to ``width`` cells (a longer word is cut), at most
    MAX_TITLE_LINES lines, the last ending in … when the title goes on."""
    lines: list[str] = []
    line = ""
    for word in title.split():
        candidate = f"{line} {word}" if line else word
        if cell_len(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        pieces = chop_cells(word, width) if cell_len(word) > width else [word]
        lines.extend(pieces[:-1])
        line = pieces[-1]
    lines.append(line)
    if len(lines) > MAX_TITLE_LINES:
        last = chop_cells(lines[MAX_TITLE_LINES - 1], max(width - 1, 1))[0]
        lines = [*lines[:MAX_TITLE_LINES - 1], last + "…"]
    return lines


def entry_lines(article: Article, counts: Counter, scheme: Scheme,
                orphans: int = 0) -> tuple[Text, Text]:
    """The title, then a dim line of details and stance counts (first, how many annotations
    are orphaned, if any)."""
    title = Text(visible(article.title) or "(untitled)", style="bold")
    details = Text(f"⚠ {orphans} orphaned · " if orphans else "", style="bold yellow")
    details.append(visible(" · ".join(p for p in (article.source, article.date or "no date",
                                                  f"{article.word_count} words") if p)),
                   style="dim")
    for label in scheme.labels:
        if counts.get(label.name):
            details.append(f"  ■{counts[label.name]}", style=f"bold {label.color}")
    known = {label.name for label in scheme.labels}
    others = sum(n for stance, n in counts.items() if stance not in known)
    if others:
        details.append(f"  ■{others}", style="bold grey50")
    return title, details


class ArticleList(ScrollView, can_focus=True):
    """Articles of the library; Enter or l opens the highlighted one."""

    BINDINGS = [
        Binding("j,down", "cursor(1)", "next article", id="list.next", show=False),
        Binding("k,up", "cursor(-1)", "previous article", id="list.previous", show=False),
        Binding("enter,l", "select", "open article", id="list.open"),
        Binding("pagedown,space", "page(1)", "page down", id="list.page_down", show=False),
        Binding("pageup", "page(-1)", "page up", id="list.page_up", show=False),
        Binding("g,home", "first", "first article", id="list.first", show=False),
        Binding("G,end", "last", "last article", id="list.last", show=False),
        Binding("escape", "screen.clear_view", "clear the search, else the filters",
                id="list.clear", show=False),
    ]
    COMPONENT_CLASSES = {"article-list--highlight"}
    DEFAULT_CSS = """
    ArticleList > .article-list--highlight { background: $block-cursor-blurred-background; }
    ArticleList:focus > .article-list--highlight { background: $block-cursor-background; }
    """

    highlighted: reactive[int | None] = reactive(None, layout=False)

    class Selected(Message):
        """Enter (or a click) on an article."""

        def __init__(self, article_list: "ArticleList", article_id: str) -> None:
            super().__init__()
            self.article_list = article_list
            self.article_id = article_id

        @property
        def control(self) -> "ArticleList":
            return self.article_list

    def __init__(self, ids: list[str], load: Callable[[str], Article],
                 title_of: Callable[[str], str], counts: dict[str, Counter], scheme: Scheme,
                 *, orphans: Counter | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self.ids: list[str] = []
        self._tops: list[int] = []  # first row of each entry, for the current width
        self._width = 0
        self._load, self._title_of, self._counts, self._scheme = load, title_of, counts, scheme
        self._orphans = orphans if orphans is not None else Counter()
        self._entries: dict[str, tuple[Text, Text]] = {}
        # Titles as drawn and entry heights at the current width, kept across show() calls,
        # so that listing 10,000 articles again reads and wraps no title twice.
        self._title_cache: dict[str, str] = {}
        self._heights: dict[str, int] = {}
        self._line_style, self._line_width = Style(), 0
        self.set_reactive(ArticleList.highlighted, 0 if ids else None)
        self._append(ids)

    def _title(self, article_id: str) -> str:
        title = self._title_cache.get(article_id)
        if title is None:
            title = visible(self._title_of(article_id)) or "(untitled)"
            self._title_cache[article_id] = title
        return title

    def _tops_from(self, ids: list[str], row: int) -> list[int]:
        """The first row of each entry of ``ids`` laid out from ``row`` on, then the row after
        the last (an entry: its title's lines at the current width, details, a blank line)."""
        heights, width = self._heights, self._width
        for article_id in ids:
            if article_id not in heights:
                heights[article_id] = len(title_lines(self._title(article_id), width)) + 2
        return list(accumulate(map(heights.__getitem__, ids), initial=row))

    def _append(self, ids: list[str]) -> None:
        cache = self._title_cache
        for article_id in ids:
            if article_id not in cache:
                self._title(article_id)
        self.ids.extend(ids)
        if self._width:
            self._tops[-1:] = self._tops_from(ids, self._tops[-1])
            self.virtual_size = Size(0, self._tops[-1])

    def _lay_out(self, width: int) -> None:
        """Where each entry starts at ``width``."""
        if width != self._width:
            self._heights.clear()
        self._width = width
        self._tops = self._tops_from(self.ids, 0)
        self.virtual_size = Size(0, self._tops[-1])

    @property
    def count(self) -> int:
        """How many articles are listed."""
        return len(self.ids)

    def lines(self, index: int) -> tuple[Text, Text]:
        """Entry ``index``'s title and details line (read on first use, then kept)."""
        article_id = self.ids[index]
        entry = self._entries.get(article_id)
        if entry is None:
            if len(self._entries) >= CACHED_ENTRIES:
                self._entries.clear()
            entry = entry_lines(self._load(article_id), self._counts.get(article_id, Counter()),
                                self._scheme, self._orphans[article_id])
            self._entries[article_id] = entry
        return entry

    def add(self, ids: list[str]) -> list[str]:
        """List more articles at the end; returns those that were not listed yet."""
        known = set(self.ids)
        fresh = [i for i in dict.fromkeys(ids) if i not in known]
        if fresh:
            self._append(fresh)
            if self.highlighted is None:
                self.highlighted = 0
            self.refresh()
        return fresh

    def show(self, ids: list[str]) -> None:
        """List exactly ``ids``, in that order; the highlight stays on the same article if
        it is still listed, else goes to the first."""
        current = self.ids[self.highlighted] if self.highlighted is not None else None
        self.ids, self._tops = [], [0]
        self._append(list(ids))
        try:
            index = self.ids.index(current)  # type: ignore[arg-type]
        except ValueError:
            index = 0
        self.set_reactive(ArticleList.highlighted, None)
        self.highlighted = index if self.ids else None
        self.refresh()

    def update_counts(self, article: Article, counts: Counter, scheme: Scheme,
                      orphans: int = 0) -> None:
        """Redraw one article's entry after its annotations changed."""
        self._counts[article.id] = counts
        self._orphans[article.id] = orphans
        self._entries.pop(article.id, None)
        self.refresh()

    def replace(self, old: str, new: str) -> None:
        """List article ``new`` (a new version of ``old``) where ``old`` was, or at the end if
        ``old`` was not listed."""
        if old not in self.ids:
            self.add([new])
            return
        index = self.ids.index(old)
        self.ids[index] = new
        self._entries.pop(old, None)
        if self._width:
            self._lay_out(self._width)
        self.refresh()

    # Drawing

    def render_lines(self, crop: Region) -> list[Strip]:
        """Draw the rows in ``crop``; the style and the width are looked up once, not per row."""
        self._line_style = self.rich_style
        self._line_width = self.scrollable_content_region.width
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        """Draw screen row ``y``: one line of the entry there."""
        width = self._line_width or self.scrollable_content_region.width
        if self._width != max(width - 2, 1):  # a space either side
            self._lay_out(max(width - 2, 1))
        row = self.scroll_offset.y + y
        index = bisect_right(self._tops, row) - 1
        base = self._line_style
        if not 0 <= index < len(self.ids):
            return Strip.blank(width, base)
        wrapped = title_lines(self._title(self.ids[index]), self._width)
        line = row - self._tops[index]
        if line < len(wrapped):
            text = Text(wrapped[line], style="bold")
        elif line == len(wrapped):
            text = self.lines(index)[1].copy()
            text.truncate(self._width, overflow="ellipsis")
        else:
            text = Text()
        text.pad_left(1)
        style: Style = base
        if index == self.highlighted:
            style = base + self.get_component_rich_style("article-list--highlight")
        segments = list(text.render(self.app.console))
        return Strip(segments, text.cell_len).extend_cell_length(width).apply_style(style) \
            .crop(0, width)

    def watch_highlighted(self, before: int | None, after: int | None) -> None:
        """Redraw, and bring the new entry into view."""
        self.refresh()
        if after is not None and self._width:
            top = self._tops[after]
            self.scroll_to_region(Region(0, top, 1, self._tops[after + 1] - top),
                                  animate=False, immediate=True)

    # Keys and mouse

    def _move_to(self, index: int) -> None:
        if self.ids:
            self.highlighted = max(0, min(index, len(self.ids) - 1))

    def action_cursor(self, step: int) -> None:
        """Highlight the next (1) or previous (-1) article."""
        self._move_to((self.highlighted or 0) + step)

    def action_page(self, direction: int) -> None:
        """Move by a screenful."""
        per_page = max(1, self.scrollable_content_region.height // 4)
        self._move_to((self.highlighted or 0) + direction * per_page)

    def action_first(self) -> None:
        """Highlight the first article."""
        self._move_to(0)

    def action_last(self) -> None:
        """Highlight the last article."""
        self._move_to(len(self.ids) - 1)

    def action_select(self) -> None:
        """Open the highlighted article."""
        if self.highlighted is not None and self.ids:
            self.post_message(self.Selected(self, self.ids[self.highlighted]))

    def on_click(self, event: events.Click) -> None:
        """A click highlights and opens the article under the pointer."""
        index = bisect_right(self._tops, int(self.scroll_y) + event.y) - 1
        if 0 <= index < len(self.ids):
            self.highlighted = index
            self.action_select()
