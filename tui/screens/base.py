"""What the main screen's parts share: the library and how to tell the user something."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

from stancemark.tui.visible import visible

if TYPE_CHECKING:
    from collections.abc import Callable, Collection
    from typing import Any

    from stancemark.nlp.analysis import Analysis
    from stancemark.nlp.attribution import Attributions
    from stancemark.store.article import Article
    from stancemark.tui.annotator import Annotator
    from stancemark.store.config import Scheme
    from stancemark.store.library import Library


class LibraryScreen(Screen):
    """A screen over a library; the main screen is one, built from the parts that use this."""

    library: Library
    scheme: Scheme
    model_key: str | None
    article_ids: list[str]
    annotator: Annotator
    _analyses: dict[str, Analysis]

    def _tell(self, message: str, **options) -> None:
        """A notification; file names and messages are shown as written, never as markup."""
        self.notify(visible(message, keep_newlines=True), markup=False, **options)

    def _list_articles(self, chosen: tuple[str, list[str]] | None) -> None:
        """List the articles a view chose (a statistics row, an entity): ``chosen`` is (what
        they have in common, their ids), None when nothing was chosen."""
        if chosen is not None:
            self.show_articles(*chosen)

    def _update_topbar(self) -> None:
        """Redraw the top bar (the main screen's)."""
        raise NotImplementedError

    def _articles_added(self, ids: list[str]) -> None:
        """List articles just imported (the main screen's)."""
        raise NotImplementedError

    def show_articles(self, label: str, article_ids: Collection[str]) -> None:
        """List only these articles, as a filter named ``label`` (the main screen's)."""
        raise NotImplementedError

    def _article_replaced(self, old: str, new: str) -> None:
        """List an article's new version where the old one was (the main screen's)."""
        raise NotImplementedError

    def _schedule_analysis(self, first: str | None = None) -> None:
        """Find the entities of the listed articles not cached yet (the main screen's)."""
        raise NotImplementedError

    def open_article(self, article_id: str) -> None:
        """Show an article in the reader (the main screen's)."""
        raise NotImplementedError

    def _can_annotate(self, need_focus: bool = False) -> bool:
        """Whether annotations may be changed now, else the user is told why (the main
        screen's)."""
        raise NotImplementedError

    def _run(self, change: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Apply an annotation change and redraw (the main screen's)."""
        raise NotImplementedError

    def _select_annotation(self, start: int, end: int) -> None:
        """Select a passage in the reader (the main screen's)."""
        raise NotImplementedError

    def _analysis(self, article: Article) -> Analysis | None:
        """The article's analysis by the model, in memory or cached (the main screen's)."""
        raise NotImplementedError

    def _entities_stale(self) -> None:
        """Entity corrections changed: what was read of the library's entities is read again
        (the search part's)."""
        raise NotImplementedError

    def _corrected(self, text: str, analysis: Analysis) -> Analysis:
        """``analysis`` with the user's entity corrections applied (the entity part's)."""
        raise NotImplementedError

    def _article(self, article_id: str) -> Article:
        """An article by id, listed or in the library (the main screen's)."""
        raise NotImplementedError

    def _show_focus(self) -> None:
        """Redraw the annotation line (the main screen's)."""
        raise NotImplementedError

    def _entities_found(self, results: dict[str, Analysis]) -> None:
        """New analyses: their entities join the entity index (the search part's)."""
        raise NotImplementedError

    def _annotations_changed(self, article_id: str) -> None:
        """An article's annotations changed (the search part's)."""
        raise NotImplementedError

    def _entities_shown(self, fresh: bool = False) -> None:
        """The reader shows new entities, ``fresh``: of another article (the entity part's)."""
        raise NotImplementedError

    def _corrections_changed(self) -> None:
        """Read the corrections again and re-highlight (the entity part's)."""
        raise NotImplementedError

    def _attribute_open(self) -> None:
        """Find the open article's reported speech (the attribution part's)."""
        raise NotImplementedError

    def open_attributions(self) -> Attributions | None:
        """The open article's reported speech, if found yet (the attribution part's)."""
        raise NotImplementedError

    def _speakers_note(self) -> str:
        """What the holder picker says about the speakers (the attribution part's)."""
        raise NotImplementedError

    def _tags_changed(self) -> None:
        """The tags changed: train the suggestions again soon (the suggestion part's)."""
        raise NotImplementedError

    def _suggest_for_article(self, opened: bool = False) -> None:
        """Suggest stances for the open article's sentences (the suggestion part's)."""
        raise NotImplementedError

    def _after_tag(self) -> None:
        """A tag was made: suggest mode moves on (the suggestion part's)."""
        raise NotImplementedError
