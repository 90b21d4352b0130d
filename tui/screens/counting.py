"""Statistics from the app: `S` counts the annotations of the open article, the listed
articles or the whole library; a row chosen there lists its articles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from stancemark.tui.screens.base import LibraryScreen
from stancemark.tui.widgets.article_list import ArticleList

if TYPE_CHECKING:
    from stancemark.tui.annotator import Annotator
    from stancemark.tui.screens.stats import Scope


class StatsActions(LibraryScreen):
    """`S`: the statistics view."""

    annotator: Annotator

    def action_statistics(self) -> None:
        """Open the statistics: of the open article when the reader has the focus, else of
        the listed articles; `a` there switches."""
        from stancemark.tui.screens.stats import StatsScreen
        from stancemark.tui.widgets.reader import Reader

        scopes = self._stats_scopes()
        start = 1 if self.annotator.article and not isinstance(self.focused, Reader) else 0
        self.app.push_screen(StatsScreen(self.library, self.scheme, scopes, start),
                             self._list_articles)

    def _stats_scopes(self) -> list[Scope]:
        """The open article (if any), the listed articles (if not the whole library), the
        whole library."""
        from stancemark.tui.screens.stats import Scope

        scopes = []
        article = self.annotator.article
        if article is not None:
            scopes.append(Scope(f"this article: {article.title}", [article.id]))
        listed = self.query_one(ArticleList).ids  # as searched, filtered and sorted
        if len(listed) != self.library.article_count():
            scopes.append(Scope(f"the {len(listed):,} listed articles", list(listed)))
        scopes.append(Scope("the whole library"))
        return scopes
