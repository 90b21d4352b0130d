"""The article list: title, then source, date, word count and annotation counts by stance."""

from __future__ import annotations

from collections import Counter

from rich.console import Group
from rich.text import Text
from textual.binding import Binding
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, RichVisual, Visual
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from stancemark.store.article import Article
from stancemark.store.config import Scheme
from stancemark.tui.visible import visible


class ArticleEntry(Visual):
    """One article in the list: the title, a dim line of details and stance counts, a blank line.

    Textual's OptionList measures every option again after any change to one (a tag updates
    its article's counts); an entry remembers its height per width, so only the entry that
    changed is measured again, and measuring wraps the two lines without rendering them."""

    def __init__(self, widget: Widget, article: Article, counts: Counter, scheme: Scheme) -> None:
        self._widget = widget
        self.article, self.counts, self.scheme = article, counts, scheme
        self._rows: tuple[Text, Text] | None = None
        self._heights: dict[int, int] = {}

    @property
    def title(self) -> Text:
        """The first line (wrapped if long)."""
        return self._built()[0]

    @property
    def details(self) -> Text:
        """Source · date · word count, then the count of each stance."""
        return self._built()[1]

    def _built(self) -> tuple[Text, Text]:
        if self._rows is None:
            article, counts = self.article, self.counts
            title = Text(visible(article.title) or "(untitled)", style="bold")
            details = Text(visible(" · ".join(p for p in (article.source,
                                                          article.date or "no date",
                                                          f"{article.word_count} words") if p)),
                           style="dim")
            for label in self.scheme.labels:
                if counts.get(label.name):
                    details.append(f"  ■{counts[label.name]}", style=f"bold {label.color}")
            known = {label.name for label in self.scheme.labels}
            others = sum(n for stance, n in counts.items() if stance not in known)
            if others:
                details.append(f"  ■{others}", style="bold grey50")
            self._rows = title, details
        return self._rows

    def _rich(self) -> RichVisual:
        return RichVisual(self._widget, Group(*self._built(), Text("")))

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        """The width of the longer line."""
        return self._rich().get_optimal_width(rules, container_width)

    def get_height(self, rules: RulesMap, width: int) -> int:
        """The wrapped lines and the blank one (styles do not change where lines wrap)."""
        if width not in self._heights:
            console = self._widget.app.console
            self._heights[width] = 1 + sum(len(Text(row.plain).wrap(console, width))
                                           for row in self._built())
        return self._heights[width]

    def render_strips(self, width: int, height: int | None, style: Style,
                      options: RenderOptions) -> list[Strip]:
        """The lines, rendered by Rich."""
        return self._rich().render_strips(width, height, style, options)


class ArticleList(OptionList):
    """Articles of the library; Enter or l opens the highlighted one."""

    BINDINGS = [
        Binding("j,down", "cursor_down", "next article", id="list.next", show=False),
        Binding("k,up", "cursor_up", "previous article", id="list.previous", show=False),
        Binding("enter,l", "select", "open article", id="list.open"),
        Binding("g", "first", "first article", id="list.first", show=False),
        Binding("G", "last", "last article", id="list.last", show=False),
    ]

    def __init__(self, articles: list[Article], counts: dict[str, Counter], scheme: Scheme,
                 *, id: str | None = None) -> None:
        super().__init__(id=id)  # the entries need the list itself to render
        self.add_options(Option(ArticleEntry(self, a, counts.get(a.id, Counter()), scheme),
                                id=a.id) for a in articles)
        self.action_first()

    def update_counts(self, article: Article, counts: Counter, scheme: Scheme) -> None:
        """Redraw one article's entry after its annotations changed."""
        self.replace_option_prompt(article.id, ArticleEntry(self, article, counts, scheme))
