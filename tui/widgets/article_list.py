"""The article list: title, then source, date, word count and annotation counts by stance."""

from __future__ import annotations

from collections import Counter

from rich.console import Group
from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from stancemark.store.article import Article
from stancemark.store.config import Scheme
from stancemark.tui.visible import visible


def article_prompt(article: Article, counts: Counter, scheme: Scheme) -> Group:
    """Two lines or more: the title, then a dim line of details and stance counts."""
    title = Text(visible(article.title) or "(untitled)", style="bold")
    details = Text(visible(" · ".join(p for p in (article.source, article.date or "no date",
                                                  f"{article.word_count} words") if p)),
                   style="dim")
    for label in scheme.labels:
        if counts.get(label.name):
            details.append(f"  ■{counts[label.name]}", style=f"bold {label.color}")
    known = {label.name for label in scheme.labels}
    others = sum(n for stance, n in counts.items() if stance not in known)
    if others:
        details.append(f"  ■{others}", style="bold grey50")
    return Group(title, details, Text(""))


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
        super().__init__(*(Option(article_prompt(a, counts.get(a.id, Counter()), scheme), id=a.id)
                           for a in articles), id=id)

    def update_counts(self, article: Article, counts: Counter, scheme: Scheme) -> None:
        """Redraw one article's entry after its annotations changed."""
        self.replace_option_prompt(article.id, article_prompt(article, counts, scheme))
